// Chance in faults: whether a matching call is faulted, and how long a wait lasts. A seeded fault
// draws its nth number from its seed and n alone (a counter-based generator), so the same calls in
// the same order meet the same faults in every run and in every process sharing the database.
import type { FaultEffect } from '../contract/faults.js'
import { FAULT_WAIT_LIMIT } from '../contract/faults.js'

/** The standard normal's 99th percentile: a log-normal's p99 is its median times exp(σ·Z99). */
const Z99 = 2.326347874040841

/** A number in [0, 1): the `stream`th of draw `n` of a seed (SplitMix32-style mixing). */
export function seededDraw(seed: number, n: number, stream: number): number {
  let x = (seed ^ Math.imul(n + 1, 0x9e3779b9) ^ Math.imul(stream + 1, 0x85ebca6b)) >>> 0
  x = Math.imul(x ^ (x >>> 16), 0x21f0aaad)
  x = Math.imul(x ^ (x >>> 15), 0x735a2d97)
  return ((x ^ (x >>> 15)) >>> 0) / 4_294_967_296
}

/** The draws of one matching call: from the seed when there is one, from Math.random otherwise. */
export const drawsOf = (seed: number | undefined, n: number) => (stream: number): number =>
  seed === undefined ? Math.random() : seededDraw(seed, n, stream)

/** Whether a call with these draws is faulted. */
export const fires = ({ probability }: FaultEffect, draw: (stream: number) => number): boolean =>
  probability === undefined || probability >= 1 || (probability > 0 && draw(0) < probability)

/** The wait before the fault acts: fixed, even between delayMs and delayMaxMs, or log-normal. */
export function waitOf({ delayMs, delayMaxMs, delayP99Ms }: FaultEffect, draw: (stream: number) => number): number {
  if (delayMs === undefined) return 0
  if (delayMaxMs !== undefined) return delayMs + Math.round(draw(1) * (delayMaxMs - delayMs))
  if (delayP99Ms === undefined || delayMs === 0) return delayMs
  const sigma = Math.log(delayP99Ms / delayMs) / Z99
  // Box–Muller: two even draws make one standard normal one.
  const normal = Math.sqrt(-2 * Math.log(1 - draw(1))) * Math.cos(2 * Math.PI * draw(2))
  return Math.min(FAULT_WAIT_LIMIT, Math.round(delayMs * Math.exp(sigma * normal)))
}
