// Injected faults on the Omeda surface, in one place. A matching fault is taken (one use) after the
// app-id check, and, if its chance lets it fire, first waits, then:
// - answers in its stead: a forced status, a rate limit, a proxy's page, any answer; or drops the connection;
// - lets the call take effect, then answers an error or drops (afterHandler): the ambiguous outcome
//   retry logic must handle;
// - or spoils the delivery of the answer, applied or not (fault-delivery.ts): cut, reset, or slow.
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest } from 'fastify'
import type { FaultEffect } from '../contract/faults.js'
import { stringField } from '../http/fields.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { Faults, TakenFault } from '../sandbox/fault-store.js'
import type { Journal } from '../sandbox/journal.js'
import type { Metrics } from '../sandbox/metrics.js'
import { GATEWAY_PAGE_TYPE, gatewayPage } from './gateway-pages.js'
import { callOf, requestTrackId } from './omeda-call.js'
import { dropConnection } from './submission-record.js'

type Done = (error?: Error) => void

/** The vendor's JSON type: what a `respond` fault sends unless told otherwise. */
const VENDOR_TYPE = 'application/json'
const DEFAULT_RETRY_AFTER = 60

function forcedError(effect: FaultEffect, defaultStatus: number): OmedaError {
  const status = effect.status ?? defaultStatus
  return new OmedaError(status, effect.errors ?? [emulator.injectedFault(status)])
}

function rateLimited({ retryAfter = DEFAULT_RETRY_AFTER, errors, headers }: FaultEffect): OmedaError {
  const after = String(retryAfter)
  return new OmedaError(429, errors ?? [emulator.rateLimited(after)], { ...headers, 'retry-after': after })
}

/**
 * What a fault that fired does before the handler. True: it answered in the call's stead, so the
 * request goes no further.
 */
function act(effect: FaultEffect, journal: Journal, request: FastifyRequest, reply: FastifyReply): boolean {
  const call = callOf(request)
  switch (effect.action) {
    case 'status':
      throw forcedError(effect, 503)
    case 'rate-limit':
      throw rateLimited(effect)
    case 'drop':
      dropConnection(journal, request, reply)
      return true
    case 'respond':
      call.answerType = effect.contentType ?? VENDOR_TYPE
      reply.code(effect.status ?? 200).headers(effect.headers ?? {}).type(call.answerType).send(effect.body ?? '')
      return true
    case 'gateway':
      call.answerType = GATEWAY_PAGE_TYPE
      reply.code(effect.status ?? 502).headers(effect.headers ?? {}).type(GATEWAY_PAGE_TYPE)
        .send(gatewayPage(effect.status ?? 502))
      return true
    case 'truncate':
    case 'reset':
      call.delivery = effect
      if (effect.apply === false) throw forcedError(effect, 503)
      return false
    case 'slow-body':
      call.delivery = effect
      return false
    case 'apply-then-status':
    case 'apply-then-drop':
      call.lateFault = effect
      return false
    case 'delay':
      return false
  }
}

/**
 * Takes a matching fault; a callback hook, not an async one: a call no fault fires on (none set, none
 * matching, or one that by chance did not fire) goes on at once, with no promise.
 */
export function takeFault(faults: Faults, journal: Journal, metrics: Metrics | null) {
  async function fire(request: FastifyRequest, reply: FastifyReply, { id, effect, waitMs }: TakenFault) {
    callOf(request).faultId = id
    metrics?.faultMatched(effect.action, true)
    if (waitMs > 0) await sleep(waitMs)
    return act(effect, journal, request, reply)
  }
  return (request: FastifyRequest, reply: FastifyReply, done: Done): void => {
    const appId = request.headers['x-omeda-appid']
    // The app-id check before this hook let only a string through.
    if (typeof appId !== 'string' || !faults.any()) return done()
    const call = callOf(request)
    const { fired, skipped } = faults.take({
      brand: stringField(request.params, 'brand') ?? '', trackId: requestTrackId(request), appId,
      endpoint: call.endpoint ?? '',
    })
    // The journal names the first skipped fault, and only when none fired; the metrics count each.
    if (!fired && skipped[0]) call.skippedFaultId = skipped[0].id
    for (const { action } of skipped) metrics?.faultMatched(action, false)
    if (!fired) return done()
    fire(request, reply, fired).then((answered) => {
      if (!answered) done()
    }, done)
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
