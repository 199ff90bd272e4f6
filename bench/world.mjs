// Generates benchmark fixture files: `count` Scheduled deployments in brand B (B0000001, …),
// one Cancelled (BCANCELLED), optionally a brand S to search, the app id bench-app-id, and brand B's
// catalogue (its owner's account and an active deployment type), which a create names.
import { writeFileSync } from 'node:fs'

export const BENCH_APP = 'bench-app-id'
export const BENCH_USER = 'benchUser'
export const BENCH_TYPE = 1
const CATALOGUE = {
  brands: [{ BrandAbbrev: 'B', Id: 1, Description: 'Bench Media' }],
  accounts: [{ UserId: BENCH_USER }],
  deploymentTypes: [{ Brand: 'B', Id: BENCH_TYPE, Name: 'Bench', Description: 'Bench newsletter', StatusCode: 1 }],
}

/** Names of the search brand: most share words, and every 1000th has a word of its own. */
export const RARE_NAME = 'quokka'
const SEARCH_STATUSES = ['Sent', 'Sent', 'Cancelled', 'New', 'Approved']

/**
 * `count` deployments in brand B; with `searchable`, as many again in brand S with names, creation
 * dates a minute apart and mixed statuses, for the Search API.
 */
export function writeWorld(file, count, { searchable = 0 } = {}) {
  const rows = []
  for (let i = 0; i < count; i++) {
    rows.push(`{"Brand":"B","TrackId":"B${String(i).padStart(7, '0')}","OwnerUserId":"benchUser",` +
      '"Status":"Scheduled","ScheduledDate":"2030-01-01 09:00:00"}')
  }
  rows.push('{"Brand":"B","TrackId":"BCANCELLED","OwnerUserId":"benchUser","Status":"Cancelled"}')
  const start = Date.UTC(2024, 0, 1)
  for (let i = 0; i < searchable; i++) {
    const created = new Date(start + i * 60_000).toISOString().replace('T', ' ').slice(0, 19)
    const name = `Weekly newsletter ${i % 7 === 0 ? 'special' : 'issue'} ${i}${i % 1000 === 0 ? ` ${RARE_NAME}` : ''}`
    const status = SEARCH_STATUSES[i % SEARCH_STATUSES.length]
    const sent = status === 'Sent' ? `,"SentDate":"${created}"` : ''
    rows.push(`{"Brand":"S","TrackId":"S${String(i).padStart(7, '0')}","DeploymentName":"${name}",` +
      `"OwnerUserId":"benchUser","Status":"${status}","CreatedDate":"${created}"${sent}}`)
  }
  const brands = searchable > 0 ? '"B","S"' : '"B"'
  writeFileSync(
    file,
    `{"apps":[{"AppId":"${BENCH_APP}","Brands":[${brands}]}],${JSON.stringify(CATALOGUE).slice(1, -1)},` +
      `"deployments":[\n${rows.join(',\n')}\n]}\n`
  )
}

export const trackId = (i) => `B${String(i).padStart(7, '0')}`
