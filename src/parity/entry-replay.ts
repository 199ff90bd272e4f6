// One recorded exchange replayed in a world: its clock moved to the recorded time, the request sent
// with placeholders unmasked and the service's generated values swapped for the emulator's, and
// the two answers compared. verify does it for a session in order; record's drift watch for each
// exchange as it is recorded.
import { compareAnswers, type Answer, type Finding } from './answer-diff.js'
import { GeneratedValues } from './generated-values.js'
import { headerRecord, type ReplayRequest, type ReplayWorld } from './replay.js'
import { entryBody, type ReadEntry } from './session-file.js'

export interface Replayed {
  recorded: Answer
  emulated: Answer
  findings: Finding[]
  /** False when the sandbox clock refused the recorded time (the entry ran at the world's own now). */
  clockSet: boolean
}

/** A recorded text as the replay sends it: placeholders unmasked, generated values swapped. */
const replayText = (world: ReplayWorld, values: GeneratedValues, text: string) => values.translate(world.unmask(text))

function requestOf(entry: ReadEntry, world: ReplayWorld, values: GeneratedValues): ReplayRequest {
  const url = new URL(entry.request.url)
  const headers = headerRecord(entry.request.headers.map((h) => [h.name, replayText(world, values, h.value)]))
  const body = entryBody(entry.request.postData)
  const text = body.toString('utf8')
  const utf8 = Buffer.from(text, 'utf8').equals(body)
  return {
    method: entry.request.method,
    url: replayText(world, values, url.pathname + url.search),
    headers,
    body: utf8 ? Buffer.from(replayText(world, values, text), 'utf8') : body,
  }
}

const recordedAnswer = (entry: ReadEntry): Answer => ({
  status: entry.response.status,
  headers: headerRecord(entry.response.headers.map((h) => [h.name, h.value])),
  body: entryBody(entry.response.content),
})

export class EntryReplay {
  constructor(readonly world: ReplayWorld, readonly values = new GeneratedValues()) {}

  async entry(entry: ReadEntry): Promise<Replayed> {
    const clockSet = await this.world.setClock(entry.startedDateTime)
    const recorded = recordedAnswer(entry)
    const emulated = await this.world.send(requestOf(entry, this.world, this.values))
    return { recorded, emulated, findings: compareAnswers(recorded, emulated, this.values), clockSet }
  }
}
