// What the bench and soak scripts share: fixture files with `count` Scheduled deployments in brand
// B (B0000001, …), one Cancelled (BCANCELLED) and the app id bench-app-id; and a free port.
import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'

export const BENCH_APP = 'bench-app-id'

export function writeWorld(file, count) {
  const rows = []
  for (let i = 0; i < count; i++) {
    rows.push(`{"Brand":"B","TrackId":"B${String(i).padStart(7, '0')}","OwnerUserId":"benchUser","Status":"Scheduled","ScheduledDate":"2030-01-01 09:00:00"}`)
  }
  rows.push('{"Brand":"B","TrackId":"BCANCELLED","OwnerUserId":"benchUser","Status":"Cancelled"}')
  writeFileSync(file, `{"apps":[{"AppId":"${BENCH_APP}","Brands":["B"]}],"deployments":[\n${rows.join(',\n')}\n]}\n`)
}

export const trackId = (i) => `B${String(i).padStart(7, '0')}`

/** A port nothing listens on, so a server's output need not be read to find its URL. */
export async function freePort() {
  const server = createServer()
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address()
  await new Promise((resolve) => server.close(resolve))
  return port
}
