// Which world an admin call acts on. In the shared mode there is one. In isolation mode the caller
// names a world with the same `x-omeda-appid` header its client sends; without it, calls that
// read or clear act on every world, and calls that need one world are refused.
import type { FastifyRequest } from 'fastify'
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { SHARED, type Tenancy } from '../world/tenancy.js'

/** The world named by the call, or undefined for "every world". */
export function optionalScope(tenancy: Tenancy, request: FastifyRequest): string | undefined {
  if (!tenancy.isolated) return undefined
  const appId = request.headers['x-omeda-appid']
  if (typeof appId !== 'string' || appId === '') return undefined
  if (!tenancy.knows(appId)) throw new OmedaError(403, documented.forbiddenAppId())
  return tenancy.enter(appId)
}

/** The one world the call acts on. */
export function worldScope(tenancy: Tenancy, request: FastifyRequest): string {
  if (!tenancy.isolated) return SHARED
  const tenant = optionalScope(tenancy, request)
  if (tenant === undefined) throw new OmedaError(400, emulator.tenantRequired())
  return tenant
}
