// Generates benchmark fixture files: `count` Scheduled deployments in brand B (B0000001, …),
// one Cancelled (BCANCELLED), and the app id bench-app-id.
import { writeFileSync } from 'node:fs'

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

