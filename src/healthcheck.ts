// `omeda-emulator healthcheck`: asks a running emulator for its health, so a container
// needs no curl or wget. Exit code 0 when healthy, 1 otherwise.
import type { Config } from './config.js'
import { isAnyAddress, urlFor } from './addresses.js'

/** Where to ask; an emulator bound to any address is asked over IPv4 loopback. */
export function healthUrl(config: Pick<Config, 'host' | 'port'>): string {
  return `${urlFor('http', isAnyAddress(config.host) ? '127.0.0.1' : config.host, config.port)}/__admin/health`
}

export type Health = { healthy: true } | { healthy: false; reason: string }

/** Asks the emulator for its health; when it is not healthy, says why in one line. */
export async function healthcheck(config: Pick<Config, 'host' | 'port'>, timeoutMs = 2000): Promise<Health> {
  const url = healthUrl(config)
  // One signal for the whole exchange: fetch resolves at the headers, and a server that then
  // trickles its body (or never ends it) must not hold the probe past its timeout.
  const signal = AbortSignal.timeout(timeoutMs)
  let res: Response
  try {
    res = await fetch(url, { signal })
  } catch (error) {
    const { name, cause } = error as Error & { cause?: { code?: string; message?: string } }
    if (name === 'TimeoutError') return { healthy: false, reason: `no answer from ${url} within ${timeoutMs} ms` }
    if (cause?.code === 'ECONNREFUSED') {
      return {
        healthy: false,
        reason: `nothing listens at ${url} (connection refused)`
      }
    }
    return {
      healthy: false,
      reason: `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}`
    }
  }
  if (res.status !== 200) {
    // The status says it all; its body is not waited for.
    await res.body?.cancel().catch(() => {})
    return { healthy: false, reason: `${url} answered HTTP ${res.status}` }
  }
  let text: string
  try {
    text = await res.text()
  } catch (error) {
    if (signal.aborted) return { healthy: false, reason: `${url} did not finish its answer within ${timeoutMs} ms` }
    const { cause } = error as Error & { cause?: { message?: string } }
    return {
      healthy: false,
      reason: `${url} broke off its answer: ${oneLine(cause?.message ?? (error as Error).message)}`
    }
  }
  let status: unknown
  try { status = (JSON.parse(text) as { status?: unknown }).status } catch { /* reported below */ }
  return status === 'ok'
    ? { healthy: true }
    : {
        healthy: false,
        reason: `${url} answered ${oneLine(text.slice(0, 200))}`
      }
}

/** The reason is printed as one line, whatever the server sent. */
const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim()
