// The Omeda surface: registered once under the vendor's real prefix and once under the short one.
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../config.js'
import type { Store } from '../../store.js'
import { cancelRoutes } from './cancel.js'
import { vendorValidatorCompiler } from './validate.js'

export const VENDOR_PREFIX = '/webservices/rest/brand/:brand'
export const SHORT_PREFIX = '/:brand'

export interface OmedaOptions {
  store: Store
  config: Config
  now: () => string
}

export async function omedaRoutes(app: FastifyInstance, options: OmedaOptions): Promise<void> {
  app.setValidatorCompiler(vendorValidatorCompiler)
  cancelRoutes(app, options)
}
