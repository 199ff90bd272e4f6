// Web pages must never drive a developer's emulator. Two rules, the first request hook of all:
// - DNS rebinding: a page whose own name is made to resolve to the emulator is same-origin to the
//   browser and can strip every browser mark (Firefox lets fetch set the User-Agent; plain-HTTP names
//   get no Sec-Fetch-*). So every request, browser or not, must name the emulator by a Host no page
//   can point at it: loopback names, IP literals, single-label and reserved names, Omeda's hosts,
//   and the configured ones (as webpack-dev-server's allowedHosts and Vite's server.allowedHosts).
// - Cross-site requests: a page on another site sends its Origin or Sec-Fetch-Site (forms, fetch,
//   EventSource, script and image tags to loopback). Those are refused, as is anything a browser
//   sends to the Omeda surface (no browser calls Omeda's API); only a top-level visit to the
//   dashboard, whose answer the page that linked it never sees, gets through.
// Refusals are written directly, never journaled: a page must not be able to fill the journal either.
import { isIP } from 'node:net'
import type { FastifyReply, FastifyRequest } from 'fastify'
import { bareHost } from '../addresses.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { writeVendorErrorDirectly } from './vendor-shape.js'
import { DASHBOARD_URL, wantsFrontPage } from './front-door.js'

/** Host names no web page can make resolve to this machine: Omeda's own, besides the rules below. */
export const TRUSTED_HOST_NAMES = ['ows.omeda.com', 'ows.omedastaging.com']
/** Names reserved from public DNS (RFC 2606, 6761, 6762, 8375, and ICANN's .internal): no attacker can own one. */
const RESERVED_SUFFIXES = ['.localhost', '.test', '.invalid', '.internal', '.local', '.home.arpa']
/** Configured as a host name, this turns the Host check off (as Vite's `allowedHosts: true`). */
export const ANY_HOST = 'all'
/** Where a browser may go from another site's link: the dashboard's pages. */
const DASHBOARD = DASHBOARD_URL.replace(/\/$/, '')

/** `host[:port]` → the lower-cased host name, brackets of an IPv6 literal removed. */
export function hostName(host: string): string {
  if (isIP(host) !== 0) return host.toLowerCase() // a bare address, as configured (a Host header brackets IPv6)
  const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.replace(/:\d*$/, '')
  return bareHost(name).toLowerCase().replace(/\.$/, '')
}

/**
 * Whether a Host header names the emulator in a way no page can (`.example.test` in `allowed` also
 * covers its subdomains).
 */
export function hostAllowed(allowed: readonly string[]): (host: string) => boolean {
  if (allowed.includes(ANY_HOST)) return () => true
  const exact = new Set([...TRUSTED_HOST_NAMES, ...allowed.filter((a) => !a.startsWith('.'))].map((a) => hostName(a)))
  const suffixes = [...RESERVED_SUFFIXES, ...allowed.filter((a) => a.startsWith('.')).map((a) => a.toLowerCase())]
  const decide = (name: string): boolean =>
    name === 'localhost' || !name.includes('.') || isIP(name) !== 0 || exact.has(name) ||
    suffixes.some((suffix) => name.endsWith(suffix) || name === suffix.slice(1))
  // Nearly every request names the same host: remember the answers (a flood of names only refills it).
  const known = new Map<string, boolean>()
  return (host) => {
    let answer = known.get(host)
    if (answer === undefined) {
      if (known.size >= 256) known.clear()
      answer = decide(hostName(host))
      known.set(host, answer)
    }
    return answer
  }
}

type Done = (error?: Error) => void

/** Refused before any route runs: written directly, so no hook journals it. */
function refuse(request: FastifyRequest, reply: FastifyReply, message: string): void {
  request.log.info(
    { method: request.method, url: request.url, statusCode: 403, reason: message },
    'refused a request a web page may have sent'
  )
  writeVendorErrorDirectly(request, reply, new OmedaError(403, message))
}

/**
 * `Origin` as the `host[:port]` it names, for comparing with the Host header whatever the scheme (a
 * TLS proxy may sit in front).
 */
const originHost = (origin: string): string => origin.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').toLowerCase()

/** The emulator's first onRequest hook. `allowedHosts`: the configured names besides the built-in rules. */
export function browserGuard(allowedHosts: readonly string[]) {
  const allowed = hostAllowed(allowedHosts)
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    const { host = '', origin, 'sec-fetch-site': site, 'user-agent': agent } = request.headers
    // HTTP/1.0 may send no Host at all; no browser does.
    if (host !== '' && !allowed(host)) return refuse(request, reply, emulator.hostNotAllowed(hostName(host)))
    const foreign = (origin !== undefined && originHost(origin) !== host.toLowerCase()) ||
      (site !== undefined && site !== 'same-origin' && site !== 'none')
    const browser = foreign || origin !== undefined || site !== undefined ||
      (agent !== undefined && agent.startsWith('Mozilla/'))
    if (!browser) return done()
    const path = request.url
    const toDashboard = path === DASHBOARD || path.startsWith(`${DASHBOARD}/`)
    if (foreign && !(toDashboard && isTopLevelVisit(request))) {
      return refuse(request, reply, emulator.crossSiteRefused(origin ?? `Sec-Fetch-Site: ${site}`))
    }
    // The front page (front-door.ts) sends a visit on to the dashboard.
    if (!path.startsWith('/__admin/') && path !== '/__admin' && !wantsFrontPage(request)) {
      return refuse(request, reply, emulator.browserOnOmedaSurface())
    }
    done()
  }
}

/** A top-level visit (a link followed, a bookmark): the page that linked here never sees the answer. */
const isTopLevelVisit = (request: FastifyRequest): boolean =>
  request.headers['sec-fetch-mode'] === 'navigate' && request.headers['sec-fetch-dest'] === 'document' &&
  (request.method === 'GET' || request.method === 'HEAD')
