// `omeda-cancel-emulator healthcheck`: asks a running emulator for its health, so a container
// needs no curl or wget. Exit code 0 when healthy, 1 otherwise.
import type { Config } from './config.js'

const ANY_ADDRESS = new Set(['0.0.0.0', '::', '[::]'])

export function healthUrl(config: Pick<Config, 'host' | 'port'>): string {
  const host = ANY_ADDRESS.has(config.host) ? '127.0.0.1' : config.host
  return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}/__admin/health`
}

export async function healthcheck(config: Pick<Config, 'host' | 'port'>, timeoutMs = 2000): Promise<boolean> {
  try {
    const res = await fetch(healthUrl(config), { signal: AbortSignal.timeout(timeoutMs) })
    return res.ok && ((await res.json()) as { status?: string }).status === 'ok'
  } catch {
    return false
  }
}

export const isLoopback = (host: string): boolean =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\./.test(host)
