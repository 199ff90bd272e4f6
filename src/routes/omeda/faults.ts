// Injected faults on the Omeda surface. A matching fault is taken (one use) after the app-id check:
// it may delay the call, answer with a forced status, drop the connection, or let the call take
// effect and then answer with an error or drop — the ambiguous outcome retry logic must handle.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest, RouteHandlerMethod } from 'fastify'
import { emulator, OmedaError } from '../../messages.js'
import { journal, requestTrackId } from '../../http/journal.js'
import { appKey, type Sandbox } from '../../sandbox.js'

export const FAULT_ACTIONS = ['status', 'delay', 'drop', 'apply-then-status', 'apply-then-drop'] as const
export type FaultAction = (typeof FAULT_ACTIONS)[number]

/** What a fault does, as stored. Its scope (brand, TrackId, app id) is stored beside it. */
export interface FaultEffect {
  action: FaultAction
  status?: number
  errors?: string[]
  delayMs?: number
  delayMaxMs?: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** A fault to apply once the handler has done its work. */
    lateFault: FaultEffect | null
  }
}

function forcedError(effect: FaultEffect, defaultStatus: number): OmedaError {
  const status = effect.status ?? defaultStatus
  return new OmedaError(status, effect.errors ?? [emulator.injectedFault(status)])
}

function dropConnection(sandbox: Sandbox, request: FastifyRequest, reply: FastifyReply): void {
  journal(sandbox.store, request, 0, '')
  reply.hijack()
  request.raw.socket.destroy()
}

/** A callback hook, not an async one: the common case, no fault registered, costs no promise. */
export function faultHook(sandbox: Sandbox) {
  return (request: FastifyRequest, reply: FastifyReply, done: (error?: Error) => void): void => {
    if (!sandbox.store.hasFaults()) return done()
    applyFault(sandbox, request, reply).then(() => done(), done)
  }
}

async function applyFault(sandbox: Sandbox, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const appId = request.headers['x-omeda-appid'] as string
  const fault = sandbox.store.takeFault({
    brand: (request.params as { brand: string }).brand,
    trackId: requestTrackId(request),
    appKey: appKey(appId),
  })
  if (!fault) return
  request.faultId = fault.id
  const effect = JSON.parse(fault.spec) as FaultEffect
  if (effect.delayMs !== undefined) {
    const spread = Math.max(0, (effect.delayMaxMs ?? effect.delayMs) - effect.delayMs)
    await sleep(effect.delayMs + Math.round(Math.random() * spread))
  }
  if (effect.action === 'status') throw forcedError(effect, 503)
  if (effect.action === 'drop') return dropConnection(sandbox, request, reply)
  if (effect.action !== 'delay') request.lateFault = effect
}

/** Wraps a handler so that apply-then-* faults act after it has taken effect. */
export function withLateFaults(sandbox: Sandbox, handler: RouteHandlerMethod): RouteHandlerMethod {
  return function (this: unknown, request, reply) {
    const effect = request.lateFault
    if (!effect) return handler.call(this as never, request, reply)
    return (async () => {
      await handler.call(this as never, request, reply)
      if (effect.action === 'apply-then-status') throw forcedError(effect, 500)
      dropConnection(sandbox, request, reply)
      return reply
    })()
  } as RouteHandlerMethod
}
