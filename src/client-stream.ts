// The admin client's side of the event stream: the SSE body read as the events it carries.
import { EventSourceParserStream } from 'eventsource-parser/stream'
import type { EmulatorEvent, OutboxEvent, StateChange, Submission } from './contract/admin.js'

export function emulatorEvents(body: NonNullable<Response['body']>): AsyncIterable<EmulatorEvent> {
  const messages = body.pipeThrough(new TextDecoderStream()).pipeThrough(new EventSourceParserStream())
  return (async function * () {
    for await (const message of messages) {
      yield message.event === 'submission'
        ? { type: 'submission', id: Number(message.id), submission: JSON.parse(message.data) as Submission }
        : (JSON.parse(message.data) as StateChange | OutboxEvent)
    }
    // Only the emulator ends a stream (it closed, or the consumer fell too far behind): a loop
    // waiting for an event must not end as if it had seen it.
    throw new Error('the emulator closed the event stream')
  })()
}
