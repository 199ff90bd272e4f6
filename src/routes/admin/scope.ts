// Which world an admin call acts on. In the shared mode there is one. In isolation mode the caller
// names a tenant with the same `x-omeda-appid` header its client sends; without it, calls that
// read or clear act on every tenant, and calls that need one world are refused.
import type { FastifyRequest } from 'fastify'
import { documented, emulator, OmedaError } from '../../messages.js'
import { SHARED, type Sandbox } from '../../sandbox.js'

/** The tenant named by the call, or undefined for "every tenant". */
export function optionalScope(sandbox: Sandbox, request: FastifyRequest): string | undefined {
  if (!sandbox.isolated) return undefined
  const appId = request.headers['x-omeda-appid']
  if (typeof appId !== 'string' || appId === '') return undefined
  if (!sandbox.knows(appId)) throw new OmedaError(403, documented.forbiddenAppId())
  return sandbox.enter(appId)
}

/** The one world the call acts on. */
export function worldScope(sandbox: Sandbox, request: FastifyRequest): string {
  if (!sandbox.isolated) return SHARED
  const tenant = optionalScope(sandbox, request)
  if (tenant === undefined) throw new OmedaError(400, emulator.tenantRequired())
  return tenant
}
