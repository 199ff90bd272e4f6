// The admin token: when set, every admin call but health and ready needs it.
import t from 'tap'
import type { InjectOptions } from 'fastify'
import { AdminError } from '../src/client.js'
import { admin, build, errorsOf } from './helpers.js'

const ROUTES = [
  ['POST', '/__admin/reset'], ['GET', '/__admin/fixtures'], ['POST', '/__admin/fixtures'],
  ['GET', '/__admin/deployments/FOO/FOO261124001'], ['GET', '/__admin/submissions'],
  ['GET', '/__admin/submissions/X'], ['POST', '/__admin/submissions/count'], ['DELETE', '/__admin/submissions'],
  ['GET', '/__admin/faults'], ['POST', '/__admin/faults'], ['DELETE', '/__admin/faults'], [
    'DELETE',
    '/__admin/faults/1'
  ],
  ['GET', '/__admin/clock'], ['POST', '/__admin/clock'], ['DELETE', '/__admin/clock'],
] as const

t.test('with OMEDA_ADMIN_TOKEN set, every admin route but health and ready answers 401 without it', async (t) => {
  const app = await build(t, { adminToken: 'token-123' })
  for (const [method, url] of ROUTES) {
    for (const authorization of [undefined, 'Bearer wrong', 'token-123', 'Bearer token-1234']) {
      const res = await app.inject({
        method,
        url,
        headers: authorization ? { authorization } : {},
        payload: method === 'POST' ? {} : undefined
      })
      t.equal(res.statusCode, 401, `${method} ${url} with ${authorization}`)
      t.equal(res.headers['www-authenticate'], 'Bearer')
      t.same(
        errorsOf(res),
        ["This admin call needs the header 'Authorization: Bearer <token>' with the token set in OMEDA_ADMIN_TOKEN."]
      )
    }
  }
  for (const url of ['/__admin/health', '/__admin/ready']) {
    t.equal((await app.inject({ method: 'GET', url })).statusCode, 200, url)
  }
  const authorized = admin(app, { token: 'token-123' })
  t.equal((await authorized.faults()).length, 0, 'nothing was done')
  t.equal(await authorized.count(), 0)
  await authorized.reset()
  await t.rejects(admin(app).count(), AdminError)
})

t.test('without a token the admin API is open', async (t) => {
  const app = await build(t)
  t.equal(await admin(app).count(), 0)
})

t.test('app ids and the admin token never reach logs, the journal, Omeda answers or error bodies', async (t) => {
  const { loggerOptions } = await import('../src/app.js')
  const { Writable } = await import('node:stream')
  const appId = 'sandbox-app-id+top-secret-tenant'
  const token = 'token-very-secret'
  let logs = ''
  const stream = new Writable({ write(chunk, _enc, done) { logs += chunk.toString(); done() } })
  const app = await build(
    t,
    { isolation: 'app-id', adminToken: token, logLevel: 'trace' },
    { logger: { ...(loggerOptions('trace', false) as object), stream } }
  )
  const bodies: string[] = []
  // Omeda answers and every error; the fixture export holds app ids by design (it must round-trip).
  const send = async (options: InjectOptions) => {
    const res = await app.inject(options)
    if (res.statusCode >= 400 || !String(options.url).startsWith('/__admin')) bodies.push(res.body)
  }
  const headers = { 'x-omeda-appid': appId, 'content-type': 'application/json', authorization: `Bearer ${token}` }
  await send({
    method: 'POST',
    url: '/FOO/omail/deployment/cancel/*',
    headers,
    payload: { UserId: 'omailAccount1', TrackId: 'FOO261124001' }
  })
  await send({ method: 'POST', url: '/FOO/omail/deployment/cancel/*', headers, payload: '{broken' })
  await send({
    method: 'POST',
    url: '/BAR/omail/deployment/cancel/*',
    headers: { ...headers, 'x-omeda-appid': 'foo-only-app-id+x' },
    payload: {}
  })
  await send({ method: 'GET', url: '/FOO/omail/deployment/lookup/FOO261124001/*', headers })
  await send({ method: 'GET', url: '/__admin/submissions', headers })
  await send({ method: 'GET', url: '/__admin/submissions', headers: { authorization: `Bearer ${token}x` } })
  await send({ method: 'POST', url: '/__admin/faults', headers, payload: { action: 'status', appId } })
  await send({ method: 'GET', url: '/__admin/faults', headers })
  await send({ method: 'GET', url: '/__admin/fixtures', headers })
  await send({ method: 'GET', url: '/nowhere', headers })
  const journal = JSON.stringify(await admin(app, { token }).submissions({ limit: 1000 }))
  t.ok(logs.length > 0, 'logs were captured')
  t.equal(bodies.length, 6, 'five Omeda answers and one admin error were captured')
  for (const [what, content] of [
    ['logs', logs],
    ['journal', journal],
    ['Omeda and error bodies', bodies.join('\n')]
  ] as const) {
    t.notMatch(content, 'top-secret-tenant', `no app id in ${what}`)
    t.notMatch(content, 'foo-only-app-id', `no other app id in ${what}`)
    t.notMatch(content, token, `no admin token in ${what}`)
  }
})
