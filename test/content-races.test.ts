// Content racing a schedule in one process, through app.inject() and a real socket: the schedule
// always succeeds; the content post lands before it (history, lookup and the clock's send show it)
// or is refused as not editable with the content as it was; never a 5xx. Two content posts to one
// split at once: both succeed and one whole content is stored. The content page reads its body and
// any URLs before it stores, so a schedule can come between its two checks of the deployment;
// test/process/content-races.test.ts races two processes on one file.
import t from 'tap'
import { build, listening } from './helpers.js'
import {
  contentRacingContent, contentRacingSchedule, holder, injected, overHttp, readyToSchedule,
} from './content-race-rounds.js'

const QUICK = { audienceLoadSeconds: 0 }

t.test('content racing a schedule through app.inject(): landed before it, or refused with nothing changed',
  async (t) => {
    const omeda = injected(await build(t, QUICK))
    const landed = await contentRacingSchedule(t, omeda, await readyToSchedule(omeda, 40), await holder(t))
    t.comment(`${landed} of 40 content posts landed before their schedule`)
    t.ok(landed > 0 && landed < 30, 'both orders happened')
  })

t.test('content racing a schedule over a socket', async (t) => {
  const { url } = await listening(t, QUICK)
  const omeda = overHttp([url])
  const landed = await contentRacingSchedule(t, omeda, await readyToSchedule(omeda, 40), await holder(t))
  t.comment(`${landed} of 40 content posts landed before their schedule`)
})

t.test('two content posts to one split at once: both succeed, one whole content is stored', async (t) => {
  const omeda = injected(await build(t, QUICK))
  await contentRacingContent(t, omeda, await readyToSchedule(omeda, 20))
})

t.test('two content posts to one split at once over a socket', async (t) => {
  const { url } = await listening(t, QUICK)
  const omeda = overHttp([url])
  await contentRacingContent(t, omeda, await readyToSchedule(omeda, 20))
})
