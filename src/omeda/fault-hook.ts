// Injected faults on the Omeda surface. A matching fault is taken (one use) after the app-id check:
// it may delay the call, answer with a forced status, drop the connection, or let the call take
// effect and then answer with an error or drop — the ambiguous outcome retry logic must handle.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest, FastifySchema } from 'fastify'
import type { FaultEffect } from '../contract/admin.js'
import type { Faults } from '../sandbox/fault-store.js'
import { stringField } from '../http/fields.js'
import type { TypedApp, TypedHandler } from '../http/typed-app.js'
import type { Journal } from '../sandbox/journal.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { dropConnection, requestTrackId } from './submission-record.js'

declare module 'fastify' {
  interface FastifyRequest {
    /** The fault that shaped this request's answer, if any. */
    faultId: number | null
    /** A fault to apply once the handler has done its work. */
    lateFault: FaultEffect | null
  }
}

type Done = (error?: Error) => void

/** Gives this surface's requests the fields the fault hooks write, once per plugin. */
export function decorateForFaults(app: TypedApp): void {
  if (app.hasRequestDecorator('faultId')) return
  app.decorateRequest('faultId', null)
  app.decorateRequest('lateFault', null)
}

function forcedError(effect: FaultEffect, defaultStatus: number): OmedaError {
  const status = effect.status ?? defaultStatus
  return new OmedaError(status, effect.errors ?? [emulator.injectedFault(status)])
}

export interface FaultParts {
  faults: Faults
  journal: Journal
}

/** A callback hook, not an async one: the common case, no fault registered, costs no promise. */
export function faultHook({ faults, journal }: FaultParts) {
  async function apply(request: FastifyRequest, reply: FastifyReply, appId: string): Promise<void> {
    const fault = faults.take({
      brand: stringField(request.params, 'brand') ?? '', trackId: requestTrackId(request), appId,
      endpoint: request.endpoint ?? '',
    })
    if (!fault) return
    const { id, effect } = fault
    request.faultId = id
    if (effect.delayMs !== undefined) {
      const spread = Math.max(0, (effect.delayMaxMs ?? effect.delayMs) - effect.delayMs)
      await sleep(effect.delayMs + Math.round(Math.random() * spread))
    }
    if (effect.action === 'status') throw forcedError(effect, 503)
    if (effect.action === 'drop') return dropConnection(journal, request, reply)
    if (effect.action !== 'delay') request.lateFault = effect
  }
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    const appId = request.headers['x-omeda-appid']
    // The app-id check before this hook let only a string through.
    if (typeof appId !== 'string' || !faults.any()) return done()
    apply(request, reply, appId).then(() => done(), done)
  }
}

/** Wraps a handler so that apply-then-* faults act after it has taken effect. */
export function withLateFaults<S extends FastifySchema>(journal: Journal, handler: TypedHandler<S>): TypedHandler<S> {
  // The wrapper answers what the handler answers; TypeScript cannot see that through a schema left
  // generic, hence the one cast of the function (not of any request data).
  return function (this: ThisParameterType<TypedHandler<S>>, request: Parameters<TypedHandler<S>>[0], reply: Parameters<TypedHandler<S>>[1]) {
    const effect = request.lateFault
    if (!effect) return handler.call(this, request, reply)
    return (async () => {
      const answer = await handler.call(this, request, reply)
      if (effect.action === 'apply-then-status') throw forcedError(effect, 500)
      // Hijacked: Fastify sends nothing more, whatever the handler answered.
      dropConnection(journal, request, reply)
      return answer
    })()
  } as TypedHandler<S>
}
