// Web pages must never drive a developer's emulator. Test code, curl and SDKs send neither `Origin`,
// `Sec-Fetch-*` nor a `Mozilla/…` User-Agent; every browser sends at least one of them (on a plain-HTTP
// name, a same-origin GET carries only the User-Agent). Such a request is let through only at a host
// name that no other site can point at the emulator (DNS rebinding), and only from the emulator's
// own pages (the dashboard), or as a plain top-level visit whose answer only the user sees.
import { isIP } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bareHost } from '../addresses.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { sendVendorError } from './vendor-shape.js'

/** Host names no web page can make resolve to this machine: Omeda's own, besides loopback and IP literals. */
export const TRUSTED_HOST_NAMES = ['ows.omeda.com', 'ows.omedastaging.com']

/** `host[:port]` → the lower-cased host name, brackets of an IPv6 literal removed. */
export function hostName(host: string): string {
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')
  return bareHost(name).toLowerCase()
}

/**
 * Whether a Host header names this emulator in a way a rebinding page cannot: loopback names
 * (`localhost`, `*.localhost`), IP literals, single-label names (a container's service name: no public
 * DNS name has one label), Omeda's hosts, and the configured names (`.example.test` also allows its
 * subdomains, as webpack-dev-server and Vite read such entries).
 */
export function hostAllowed(allowed: readonly string[]) {
  const exact = new Set([...TRUSTED_HOST_NAMES, ...allowed.filter((a) => !a.startsWith('.'))].map((a) => a.toLowerCase()))
  const suffixes = allowed.filter((a) => a.startsWith('.')).map((a) => a.toLowerCase())
  return (host: string): boolean => {
    const name = hostName(host)
    return (name !== '' && !name.includes('.')) || name.endsWith('.localhost') || isIP(name) !== 0 || exact.has(name)
      || suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1))
  }
}

type Done = (error?: Error) => void

/** A top-level visit (a link followed, a bookmark): the page that linked here never sees the answer. */
const isTopLevelVisit = (request: FastifyRequest): boolean =>
  request.headers['sec-fetch-mode'] === 'navigate' && request.headers['sec-fetch-dest'] === 'document'
  && (request.method === 'GET' || request.method === 'HEAD')

/** The emulator's first onRequest hook: refuses what a browser sends on another site's behalf. */
export function browserGuard(allowedHosts: readonly string[]) {
  const allowed = hostAllowed(allowedHosts)
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    const { origin, 'sec-fetch-site': site, 'user-agent': agent } = request.headers
    const fromBrowser = origin !== undefined || site !== undefined || request.headers['sec-fetch-mode'] !== undefined
      || (agent !== undefined && agent.startsWith('Mozilla/'))
    if (!fromBrowser) return done()
    const host = request.headers.host ?? ''
    if (!allowed(host)) return void sendVendorError(request, reply, new OmedaError(403, emulator.browserHostNotAllowed(hostName(host))))
    const ownOrigin = `${request.protocol}://${host}`.toLowerCase()
    const foreign = (origin !== undefined && origin.toLowerCase() !== ownOrigin) || (site !== undefined && site !== 'same-origin' && site !== 'none')
    if (foreign && !isTopLevelVisit(request))
      return void sendVendorError(request, reply, new OmedaError(403, emulator.crossSiteRefused(origin ?? `Sec-Fetch-Site: ${site}`)))
    done()
  }
}
