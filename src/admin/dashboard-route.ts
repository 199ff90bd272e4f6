// GET /__admin/ui/ — the dashboard: a page, a script and a style sheet, served as they are
// (@fastify/static), with no build step. The page itself is open; every call it makes goes through
// the admin API, so with an admin token set it shows nothing until the token is typed in.
import type { FastifyInstance } from 'fastify'
import { DASHBOARD_ROOT, SSE_PARSER_ROOT } from '../assets.js'

export async function dashboardRoutes(app: FastifyInstance): Promise<void> {
  // Loaded as an app is built, not as the package is imported: code that only imports it never needs them.
  const [{ default: helmet }, { default: fastifyStatic }] =
    await Promise.all([import('@fastify/helmet'), import('@fastify/static')])
  // The page's security headers, from helmet, in this plugin's scope only: the Omeda surface and
  // the admin API's JSON answer exactly as before. The policy allows only what the page uses — its
  // own script (a module, no inline code, no eval), style sheet and icon, and fetch to its own
  // origin (the admin API and the event stream) — and no framing at all.
  await app.register(helmet, {
    contentSecurityPolicy: {
      // Not helmet's defaults: they allow inline styles and data: images, and upgrade-insecure-requests
      // would send the page's own requests over the HTTP port to HTTPS.
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // No HSTS: the dashboard is also served over the local CA's HTTPS port, and a year of HSTS on
    // `localhost` would force HTTPS on every other local server a developer opens by that name.
    strictTransportSecurity: false,
  })
  await app.register(
    fastifyStatic,
    { root: DASHBOARD_ROOT, prefix: '/ui/', index: 'dashboard.html', decorateReply: false }
  )
  await app.register(
    fastifyStatic,
    { root: SSE_PARSER_ROOT, prefix: '/ui/vendor/eventsource-parser/', decorateReply: false }
  )
  app.get('/ui', { schema: { hide: true } }, (_request, reply) => reply.redirect('/__admin/ui/'))
}
