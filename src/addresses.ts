// Listening addresses, as the entry point, the healthcheck and the HTTPS listener all read them:
// any-address, loopback, and the URL a client on this machine uses to reach one.

const ANY_ADDRESS = new Set(['0.0.0.0', '::'])

/** The address without the brackets an IPv6 literal may come in (`[::1]` → `::1`). */
export const bareHost = (host: string): string => host.replace(/^\[|\]$/g, '')

export const isAnyAddress = (host: string): boolean => ANY_ADDRESS.has(bareHost(host))

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || bareHost(host) === '::1' || /^127\./.test(host)

/** A URL a client on this machine can use for a server bound to `host`, as Fastify gives for HTTP. */
export function urlFor(scheme: 'http' | 'https', host: string, port: number): string {
  const bare = bareHost(host)
  const reachable = bare === '0.0.0.0' ? '127.0.0.1' : bare === '::' ? '::1' : bare
  return `${scheme}://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`
}
