// `omeda-cancel-emulator healthcheck`: asks a running emulator for its health, so a container
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
  let res: Response
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) })
  } catch (error) {
    const { name, cause } = error as Error & { cause?: { code?: string; message?: string } }
    if (name === 'TimeoutError') return { healthy: false, reason: `no answer from ${url} within ${timeoutMs} ms` }
    if (cause?.code === 'ECONNREFUSED') return { healthy: false, reason: `nothing listens at ${url} (connection refused)` }
    return { healthy: false, reason: `cannot reach ${url}: ${cause?.code ?? cause?.message ?? (error as Error).message}` }
  }
  const text = await res.text()
  if (res.status !== 200) return { healthy: false, reason: `${url} answered HTTP ${res.status}` }
  let status: unknown
  try { status = (JSON.parse(text) as { status?: unknown }).status } catch { /* reported below */ }
  return status === 'ok' ? { healthy: true } : { healthy: false, reason: `${url} answered ${text.slice(0, 200)}` }
}
