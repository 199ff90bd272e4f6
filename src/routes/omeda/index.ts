// The Omeda surface: registered once under the vendor's real prefix and once under the short one.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.js'
import type { Sandbox } from '../../sandbox.js'
import { cancelRoutes } from './cancel.js'
import { lookupRoutes } from './lookup.js'
import { vendorValidatorCompiler } from './validate.js'

export const VENDOR_PREFIX = '/webservices/rest/brand/:brand'
export const SHORT_PREFIX = '/:brand'

export interface OmedaOptions {
  sandbox: Sandbox
  config: Config
  /** Whether these routes appear in the OpenAPI document (the short prefix repeats the vendor's). */
  inOpenApi: boolean
}

export async function omedaRoutes(app: FastifyInstance, options: OmedaOptions): Promise<void> {
  app.setValidatorCompiler(vendorValidatorCompiler)
  app.decorateRequest('lateFault', null)
  cancelRoutes(app, options)
  lookupRoutes(app, options)
}
