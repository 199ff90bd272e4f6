// GET /__admin/metrics — Prometheus's text exposition format, behind the admin token when one is set.
import type { TypedApp } from '../http/typed-app.js'
import type { Metrics } from '../sandbox/metrics.js'

export function metricsRoutes(app: TypedApp, metrics: Metrics): void {
  const schema = { summary: 'Prometheus metrics (text exposition format)' }
  app.get('/metrics', { schema }, async (_request, reply) => {
    reply.type(metrics.contentType)
    return metrics.text()
  })
}
