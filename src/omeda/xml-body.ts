// The content page's XML bodies, read with fast-xml-parser. A document is refused before parsing if
// it declares anything (DOCTYPE, ENTITY…): entities are never expanded nor fetched. Only XML's own five
// entities and character references are decoded; CDATA is kept as it is. The root <Deployment> becomes
// a plain object (text elements as strings, repeated ones as arrays), so the journal and the fault
// scopes find its UserId and TrackId as they find a JSON body's.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import type { FastifyInstance } from 'fastify'
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { RejectedBody } from '../http/json-body.js'

/** An element read as data: its text, or its child elements by name. */
export type XmlValue = string | XmlElement | XmlValue[]
export interface XmlElement {
  [name: string]: XmlValue
}

/** The XML media types, with any parameters (a charset label, `utf8` included). */
const XML_TYPE = /^\s*(text\/xml|application\/xml|[\w.-]+\/[\w.-]+\+xml)\s*(;|$)/i
/** CDATA sections and comments, in one pass so that neither can hide the other's start. */
const OPAQUE = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->/g
const REFERENCE = /&(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
/** Deep enough for Deployment > Splits > Split > field; anything deeper is not text. */
const MAX_DEPTH = 4
/** Keys a plain object must not be given. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype'])

const parser = new XMLParser({
  preserveOrder: true, processEntities: false, htmlEntities: false, ignoreAttributes: true, parseTagValue: false,
  trimValues: false, ignoreDeclaration: true, ignorePiTags: true, cdataPropName: '#cdata',
})

/** Bodies this parser made: a POST with no body at all reaches the handler as `{}`, which is not one. */
const parsed = new WeakSet<object>()
export const isXmlBody = (body: unknown): body is XmlElement =>
  typeof body === 'object' && body !== null && parsed.has(body)

const invalid = (...details: string[]) => new OmedaError(400, [documented.invalidXml(), ...details])

/** Decodes XML's references in text outside CDATA; a code point XML does not allow is invalid. */
function decoded(text: string): string {
  return text.replace(REFERENCE, (reference) => {
    const name = reference.slice(1, -1)
    if (!name.startsWith('#')) return NAMED[name] ?? reference
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10)
    if (!(code === 0x9 || code === 0xA || code === 0xD || (code >= 0x20 && code <= 0xD7FF) ||
      (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF))) {
      throw invalid(emulator.xmlDetail(`${reference} is not a character XML allows`))
    }
    return String.fromCodePoint(code)
  })
}

type Node = Record<string, unknown>
const isNode = (n: unknown): n is Node => typeof n === 'object' && n !== null
const nodes = (value: unknown): Node[] => (Array.isArray(value) ? value.filter(isNode) : [])
const textOf = (node: Node): string | undefined => {
  const text = node['#text']
  return typeof text === 'string' ? text : undefined
}

/** An element's content: its text (CDATA kept as is) when it has no child element, else its children. */
function valueOf(children: Node[], depth: number): XmlValue {
  const elements = children.filter((n) => textOf(n) === undefined && !('#cdata' in n))
  if (elements.length === 0) {
    return children.map((n) => {
      const text = textOf(n)
      return text === undefined ? nodes(n['#cdata']).map((c) => textOf(c) ?? '').join('') : decoded(text)
    }).join('')
  }
  const element: XmlElement = {}
  if (depth >= MAX_DEPTH) return element
  for (const node of elements) {
    const [name] = Object.keys(node)
    if (name === undefined || UNSAFE.has(name)) continue
    const value = valueOf(nodes(node[name]), depth + 1)
    const before = Object.hasOwn(element, name) ? element[name] : undefined
    element[name] = before === undefined ? value : [...(Array.isArray(before) ? before : [before]), value]
  }
  return element
}

/** The document's <Deployment>, or the 400 the page gives for a document it cannot read. */
export function readDeployment(text: string): XmlElement {
  const outside = text.replace(OPAQUE, '')
  if (/<!(DOCTYPE|ENTITY|ELEMENT|ATTLIST|NOTATION)/i.test(outside)) throw invalid(emulator.xmlDeclarations())
  const result = XMLValidator.validate(text)
  if (result !== true) throw invalid(emulator.xmlDetail(`${result.err.msg} (line ${result.err.line})`))
  const stray = outside.replace(REFERENCE, '').match(/&[^\s;]{0,20};?/)
  if (stray) throw invalid(emulator.xmlDetail(`'${stray[0]}' is not one of XML's five entities or a character`))
  let top: Node[]
  try {
    top = nodes(parser.parse(text))
  } catch (error) {
    throw invalid(emulator.xmlDetail((error as Error).message))
  }
  const roots = top.filter((n) => textOf(n) === undefined)
  if (roots.length !== 1) throw invalid(emulator.xmlDetail(`the document has ${roots.length} root elements, not 1`))
  const [name] = Object.keys(roots[0] ?? {})
  if (name !== 'Deployment') throw invalid(emulator.xmlRoot(name ?? ''))
  const root = valueOf(nodes(roots[0]?.[name]), 1)
  return typeof root === 'string' || Array.isArray(root) ? {} : root
}

/** Whether a Content-Type names XML; none at all does too (the page's default). */
export const isXmlType = (type: string | undefined): boolean =>
  type === undefined || type.trim() === '' || XML_TYPE.test(type)

/**
 * Replaces a context's body parsers with the XML one. A body that cannot be used is answered from
 * preValidation, as a JSON body's is (json-body.ts), so the connection stays open.
 */
export function registerXmlBody(app: FastifyInstance): void {
  app.removeAllContentTypeParsers()
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, raw, done) => {
    const text = String(raw).replace(/^\uFEFF/, '')
    request.rawBody = text
    const type = request.headers['content-type']
    if (!isXmlType(type)) {
      return done(null, new RejectedBody(new OmedaError(400, emulator.unsupportedXmlType(type ?? ''))))
    }
    try {
      const body = readDeployment(text)
      parsed.add(body)
      done(null, body)
    } catch (error) {
      if (!(error instanceof OmedaError)) throw error
      done(null, new RejectedBody(error))
    }
  })
}
