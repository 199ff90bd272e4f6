// The content page's body, read from its <Deployment> element: the flat form (one split's fields
// beside UserId and TrackId) or <Splits><Split>…</Split></Splits>. Every problem at once, in the
// page's wording, field by field in the page's order (docs/content.md). The brand's deployment
// defaults stand in for FromName, MailBox, Subject and ReplyTo left out. Elements the page does not
// name are ignored.
import type { Config } from '../config.js'
import { documented, emulator } from '../messages.js'
import type { FixtureBrand } from '../seed/catalogue-format.js'
import { isWebUrl } from './content-source.js'
import type { XmlElement, XmlValue } from './xml-body.js'

/** The fields of one split, as posted (the page's names; `Mailbox` is read as `MailBox`). */
export interface PostedSplit {
  SplitNumber: number
  FromName: string | null
  MailBox: string | null
  Subject: string | null
  ReplyTo: string | null
  Preheader: string | null
  HtmlContent: string | null
  TextContent: string | null
  HtmlContentUrl: string | null
  TextContentUrl: string | null
}

export interface PostedContent {
  UserId: string
  TrackId: string
  splits: PostedSplit[]
}

type Defaults = NonNullable<FixtureBrand['DeploymentDefaults']>

/** The page publishes no maximum for these: ours (docs/content.md). */
export const SPLIT_MAX_LENGTHS = { FromName: 100, MailBox: 100, Subject: 255, ReplyTo: 255, Preheader: 255 } as const
const SPLIT_FIELDS = ['SplitNumber', 'HtmlContent', 'TextContent', 'HtmlContentUrl', 'TextContentUrl', 'FromName',
  'MailBox', 'Mailbox', 'Subject', 'ReplyTo', 'Preheader'] as const

/** Reads the fields of one element: their text, or the problem with each. */
class FieldReader {
  constructor(private readonly element: XmlElement, readonly problems: string[]) {}

  has(field: string): boolean {
    return Object.hasOwn(this.element, field)
  }

  /** The text as sent (bodies keep their whitespace): null when absent or blank, false when not text. */
  raw(field: string, name = field): string | null | false {
    const value: XmlValue | undefined = this.has(field) ? this.element[field] : undefined
    if (value === undefined) return null
    if (typeof value === 'string') return /\S/.test(value) ? value : null
    this.problems.push(Array.isArray(value) ? emulator.givenTwice(name) : emulator.notText(name))
    return false
  }

  body(field: string): string | null {
    return this.raw(field) || null
  }

  /** Trimmed text, checked against its maximum and, when required, present. */
  text(field: string, options: { required?: boolean; max?: number; name?: string } = {}): string | null {
    const name = options.name ?? field
    const raw = this.raw(field, name)
    if (raw === false) return null
    const value = raw?.trim() ?? null
    if (value === null && options.required === true) this.problems.push(documented.required(name))
    if (value !== null && options.max !== undefined && value.length > options.max) {
      this.problems.push(documented.maxLength(value, name, options.max))
    }
    return value
  }
}

const isSplitNumber = (text: string) => /^\d{1,9}$/.test(text) && Number(text) >= 1

/** One split's fields, the brand's defaults filling those left out; null when it names no split. */
function readSplit(reader: FieldReader, defaults: Defaults): PostedSplit | null {
  const number = reader.text('SplitNumber', { required: true })
  if (number !== null && !isSplitNumber(number)) reader.problems.push(emulator.notASplitNumber(number))
  const HtmlContent = reader.body('HtmlContent')
  const TextContent = reader.body('TextContent')
  const HtmlContentUrl = reader.text('HtmlContentUrl')
  const TextContentUrl = reader.text('TextContentUrl')
  if (HtmlContent === null && TextContent === null && HtmlContentUrl === null && TextContentUrl === null) {
    reader.problems.push(documented.htmlOrText())
  }
  for (const [field, url] of [['HtmlContentUrl', HtmlContentUrl], ['TextContentUrl', TextContentUrl]] as const) {
    if (url !== null && !isWebUrl(url)) reader.problems.push(emulator.notAUrl(url, field))
  }
  const max = SPLIT_MAX_LENGTHS
  const FromName = reader.text('FromName', { required: defaults.FromName === undefined, max: max.FromName })
  // The table's MailBox; the page's examples and public clients send Mailbox.
  const MailBox = reader.text(reader.has('MailBox') ? 'MailBox' : 'Mailbox',
    { required: defaults.Mailbox === undefined, max: max.MailBox, name: 'MailBox' })
  const Subject = reader.text('Subject', { required: defaults.Subject === undefined, max: max.Subject })
  const ReplyTo = reader.text('ReplyTo', { max: max.ReplyTo })
  const Preheader = reader.text('Preheader', { max: max.Preheader })
  if (number === null || !isSplitNumber(number)) return null
  return {
    SplitNumber: Number(number), FromName: FromName ?? defaults.FromName ?? null,
    MailBox: MailBox ?? defaults.Mailbox ?? null, Subject: Subject ?? defaults.Subject ?? null,
    ReplyTo: ReplyTo ?? defaults.ReplyTo ?? null, Preheader, HtmlContent, TextContent, HtmlContentUrl, TextContentUrl,
  }
}

/** The <Split> elements of <Splits>, each of which must be an element. */
function splitElements(reader: FieldReader, splits: XmlValue | undefined): XmlElement[] {
  const holder = typeof splits === 'object' && !Array.isArray(splits) ? splits : undefined
  if (holder === undefined) {
    reader.problems.push(Array.isArray(splits) ? emulator.givenTwice('Splits') : emulator.noSplit())
    return []
  }
  const value = Object.hasOwn(holder, 'Split') ? holder.Split : undefined
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value]
  if (list.length === 0) reader.problems.push(emulator.noSplit())
  return list.flatMap((item) => {
    if (typeof item === 'object' && !Array.isArray(item)) return [item]
    reader.problems.push(emulator.notAnElement('Split'))
    return []
  })
}

/**
 * The posted content, or every problem with it. `maxLength`: the configured longest UserId and
 * TrackId; `defaults`: the brand's deployment defaults, if it has them.
 */
export function readContent(
  body: XmlElement, maxLength: Config['maxLength'], defaults: Defaults = {}
): { content: PostedContent; problems: [] } | { content: null; problems: string[] } {
  const problems: string[] = []
  const top = new FieldReader(body, problems)
  const UserId = top.text('UserId', { required: true, max: maxLength.UserId })
  const TrackId = top.text('TrackId', { required: true, max: maxLength.TrackId })
  const splits: (PostedSplit | null)[] = []
  if (top.has('Splits')) {
    for (const field of SPLIT_FIELDS) if (top.has(field)) problems.push(emulator.besideSplits(field))
    for (const element of splitElements(top, body.Splits)) {
      splits.push(readSplit(new FieldReader(element, problems), defaults))
    }
  } else {
    splits.push(readSplit(top, defaults))
  }
  const seen = new Set<number>()
  for (const split of splits) {
    if (split && seen.has(split.SplitNumber)) problems.push(emulator.splitTwice(String(split.SplitNumber)))
    if (split) seen.add(split.SplitNumber)
  }
  if (problems.length > 0 || UserId === null || TrackId === null) return { content: null, problems }
  return { content: { UserId, TrackId, splits: splits.filter((s) => s !== null) }, problems: [] }
}
