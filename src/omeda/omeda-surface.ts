// The Omeda surface: every resource under the vendor's real prefix and under the short one, and the
// 404 for any URL nothing serves. Every answer sent from here is journaled.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import type { Config } from '../config.js'
import { omedaErrorResponses } from '../contract/omeda.js'
import { notFoundFirst } from '../http/vendor-shape.js'
import type { State } from '../state.js'
import { actionRoutes } from './actions.js'
import { lookupRoutes } from './lookup.js'
import { recordAnswers } from './submission-record.js'
import { searchRoutes } from './search.js'
import { SHORT_PREFIX, VENDOR_PREFIX } from './urls.js'
import { vendorValidatorCompiler } from './body-validation.js'

export interface OmedaOptions {
  state: State
  config: Pick<Config, 'maxLength' | 'origin'>
}

export const omedaSurface: FastifyPluginAsyncTypebox<OmedaOptions> = async (app, { state, config }) => {
  recordAnswers(app, state.journal)
  const { metrics } = state
  if (metrics) {
    app.addHook('onResponse', (request, reply, done) => {
      metrics.took(request.endpoint ?? 'none', reply.elapsedTime / 1000)
      done()
    })
  }
  await app.register(notFoundFirst)
  for (const prefix of [VENDOR_PREFIX, SHORT_PREFIX]) {
    // Only the vendor's own form, `…/*` under the vendor's prefix, is in the OpenAPI document.
    const inOpenApi = prefix === VENDOR_PREFIX
    const parts = { ...state, config }
    await app.register(async (resources) => {
      resources.setValidatorCompiler(vendorValidatorCompiler)
      resources.addHook('onRoute', (route) => {
        if (route.schema?.hide === true) return
        const listed = inOpenApi && route.url.endsWith('/*')
        route.schema = {
          ...route.schema, response: { ...omedaErrorResponses, ...route.schema?.response ?? {} },
          tags: ['omeda'], security: [{ appId: [] }], ...(listed ? {} : { hide: true }),
        }
      })
      actionRoutes(resources, parts)
      searchRoutes(resources, parts)
      lookupRoutes(resources, parts)
    }, { prefix })
  }
}
