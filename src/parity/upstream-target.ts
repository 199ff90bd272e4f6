// Where the recorder may forward to: an https origin and nothing else, and, unless the user allows
// private targets, no address on this machine or its networks. The name is checked when the
// recorder starts (a literal address), and every address it resolves to is checked again when a
// connection is made, so that a DNS answer cannot send a request somewhere the name did not say.
import { lookup as dnsLookup, type LookupAddress, type LookupAllOptions, type LookupOneOptions } from 'node:dns'
import { BlockList, isIP } from 'node:net'

/** The ranges refused without --upstream-allow-private, by the kind a message names. */
const PRIVATE_RANGES: [kind: string, network: string, prefix: number, type: 'ipv4' | 'ipv6'][] = [
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['CGNAT', '100.64.0.0', 10, 'ipv4'],
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['broadcast', '255.255.255.255', 32, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unique-local', 'fc00::', 7, 'ipv6'],
  ['link-local', 'fe80::', 10, 'ipv6'],
]

const RANGES = PRIVATE_RANGES.map(([kind, network, prefix, type]) => {
  const list = new BlockList()
  list.addSubnet(network, prefix, type)
  return { kind, list }
})

/**
 * The kind of a refused address (`loopback`, `private`, `link-local`, `unique-local`, `CGNAT`,
 * `unspecified`), or undefined for a public one. IPv4-mapped IPv6 addresses count as their IPv4 one.
 */
export function privateKind(address: string): string | undefined {
  const bare = address.replace(/^\[|\]$/g, '')
  const family = isIP(bare)
  if (family === 0) return undefined
  const type = family === 4 ? 'ipv4' : 'ipv6'
  return RANGES.find(({ list }) => list.check(bare, type))?.kind
}

/** What is wrong with an upstream, in one line: it must be an https origin (no path, query or credentials). */
export function upstreamProblem(raw: string): string | undefined {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return `upstream '${raw}' is not a URL such as https://ows.omedastaging.com`
  }
  if (url.protocol !== 'https:') {
    return `upstream must be an https URL, not ${url.protocol.replace(/:$/, '')} ('${raw}')`
  }
  if (url.username !== '' || url.password !== '') return 'upstream must not carry credentials'
  if (url.pathname !== '/' || url.search !== '' || url.hash !== '' || /[?#]$/.test(raw)) {
    return `upstream must be an origin such as https://ows.omedastaging.com, without a path, query or fragment ('${raw}')`
  }
  return undefined
}

/** An upstream given as a private address literal, refused at start unless private targets are allowed. */
export function literalProblem(upstream: string, allowPrivate: boolean): string | undefined {
  const { hostname } = new URL(upstream)
  const kind = allowPrivate ? undefined : privateKind(hostname)
  return kind === undefined
    ? undefined
    : `upstream ${hostname} is a ${kind} address: give --upstream-allow-private to record against it`
}

/** Why a connection was not made: the name resolved to an address the recorder refuses. */
export class PrivateAddressError extends Error {
  override name = 'PrivateAddressError'
  readonly code = 'EPRIVATEADDRESS'
  constructor(readonly hostname: string, readonly address: string, readonly kind: string) {
    super(`${hostname} resolves to ${address}, a ${kind} address`)
  }
}

type LookupCallback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `lookup` for node:net and node:https that refuses private addresses. Node asks for every
 * address at once (`all`) when it tries several; each one is checked, and any private one refuses
 * the connection, so a name with one public and one private answer never reaches the private one.
 */
export function guardedLookup(allowPrivate: boolean) {
  return (hostname: string, options: LookupOneOptions | LookupAllOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '')
      const refused = allowPrivate
        ? undefined
        : addresses.map((a) => ({ ...a, kind: privateKind(a.address) })).find((a) => a.kind !== undefined)
      if (refused !== undefined) {
        return callback(new PrivateAddressError(hostname, refused.address, refused.kind!), '')
      }
      if (options.all === true) return callback(null, addresses)
      const [first] = addresses
      if (first === undefined) {
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '')
      }
      callback(null, first.address, first.family)
    })
  }
}
