// Injected faults on the Omeda surface, in one place. A matching fault is taken (one use) after the
// app-id check: it may delay the call, answer with a forced status, or drop the connection
// (takeFault); or let the call take effect and then answer with an error or drop (afterHandler) —
// the ambiguous outcome retry logic must handle.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FaultEffect } from '../contract/admin.js'
import { stringField } from '../http/fields.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Faults } from '../sandbox/fault-store.js'
import type { Journal } from '../sandbox/journal.js'
import { callOf, requestTrackId } from './omeda-call.js'
import { dropConnection } from './submission-record.js'

type Done = (error?: Error) => void

function forcedError(effect: FaultEffect, defaultStatus: number): OmedaError {
  const status = effect.status ?? defaultStatus
  return new OmedaError(status, effect.errors ?? [emulator.injectedFault(status)])
}

/** Takes a matching fault; a callback hook, not an async one: the common case, no fault, costs no promise. */
export function takeFault(faults: Faults, journal: Journal) {
  async function apply(request: FastifyRequest, reply: FastifyReply, appId: string): Promise<void> {
    const call = callOf(request)
    const fault = faults.take({
      brand: stringField(request.params, 'brand') ?? '', trackId: requestTrackId(request), appId,
      endpoint: call.endpoint ?? '',
    })
    if (!fault) return
    const { id, effect } = fault
    call.faultId = id
    if (effect.delayMs !== undefined) {
      const spread = Math.max(0, (effect.delayMaxMs ?? effect.delayMs) - effect.delayMs)
      await sleep(effect.delayMs + Math.round(Math.random() * spread))
    }
    if (effect.action === 'status') throw forcedError(effect, 503)
    if (effect.action === 'drop') return dropConnection(journal, request, reply)
    if (effect.action !== 'delay') call.lateFault = effect
  }
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    const appId = request.headers['x-omeda-appid']
    // The app-id check before this hook let only a string through.
    if (typeof appId !== 'string' || !faults.any()) return done()
    apply(request, reply, appId).then(() => done(), done)
  }
}

/**
 * The answer once the handler has taken effect: as it is, or, under an apply-then-* fault, a forced
 * error or a dropped connection (Fastify sends nothing more once the reply is hijacked).
 */
export function afterHandler<A>(
  journal: Journal, request: FastifyRequest, reply: FastifyReply, answer: A
): A | undefined {
  const effect = callOf(request).lateFault
  if (!effect) return answer
  if (effect.action === 'apply-then-status') throw forcedError(effect, 500)
  dropConnection(journal, request, reply)
  return undefined
}
