// Content racing a schedule across two built server processes on one database file: each round's
// content post goes to one process and its schedule to the other. The schedule always succeeds; the
// content lands before it (history, lookup and the clock's send show it) or is refused as not
// editable with the content as it was; a post held while it reads its URL, as the other process
// schedules, is refused. Two posts to one split from both processes: one whole content is stored.
import t, { type Test } from 'tap'
import { join } from 'node:path'
import { spawnEmulator, type RunningEmulator } from '../helpers.js'
import {
  contentRacingContent, contentRacingSchedule, holder, overHttp, readyToSchedule,
} from '../content-race-rounds.js'

/** Two built servers on one database file (lists load at once), stopped when `t` ends. */
async function twoOnOneFile(t: Test): Promise<string[]> {
  const db = join(t.testdir({}), 'shared.db')
  const env = { OMEDA_AUDIENCE_LOAD_SECONDS: '0' }
  const started = await Promise.allSettled([0, 1].map(() => spawnEmulator(['--db', db], env, { built: true })))
  const running: RunningEmulator[] = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []))
  t.teardown(async () => {
    for (const s of running) await s.stop()
  })
  for (const s of started) if (s.status === 'rejected') throw new Error('a server did not start', { cause: s.reason })
  return running.map((r) => r.url)
}

t.test('content racing a schedule across two processes on one file', async (t) => {
  const omeda = overHttp(await twoOnOneFile(t))
  const landed = await contentRacingSchedule(t, omeda, await readyToSchedule(omeda, 40), await holder(t))
  t.comment(`${landed} of 40 content posts landed before their schedule`)
})

t.test('two content posts to one split from two processes: both succeed, one whole content is stored', async (t) => {
  const omeda = overHttp(await twoOnOneFile(t))
  await contentRacingContent(t, omeda, await readyToSchedule(omeda, 20))
})
