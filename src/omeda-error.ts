// The one error type of the emulator's answers: whatever throws it, the client sees the vendor's shape.

/** An error that reaches the client as `{"Errors":[…],"SubmissionId":"…"}` with this status. */
export class OmedaError extends Error {
  readonly statusCode: number
  readonly messages: string[]
  readonly headers: Record<string, string>

  constructor(statusCode: number, messages: string | string[], headers: Record<string, string> = {}) {
    const list = Array.isArray(messages) ? messages : [messages]
    // An answer, not a fault of the emulator: capturing a stack trace would be wasted work.
    const limit = Error.stackTraceLimit
    Error.stackTraceLimit = 0
    super(list.join(' '))
    Error.stackTraceLimit = limit
    this.name = 'OmedaError'
    this.statusCode = statusCode
    this.messages = list
    this.headers = headers
  }
}
