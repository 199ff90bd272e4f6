// Connection limits in-process: the default cap follows the open-file limit, and closing leaves
// nothing of the drain running. On the built process (SIGTERM, 408, handshake timeout, the cap at
// work): process/connections.test.ts.
import t from 'tap'
import { join } from 'node:path'
import { defaultMaxConnections } from '../src/options.js'
import { buildApp } from '../src/app.js'
import { defaultConfig } from '../src/config.js'
import { localServerMaterial } from '../src/tls/authority.js'
import { TEST_WORLD } from './helpers.js'

t.test('the connection cap follows the open-file limit', async (t) => {
  const dir = t.testdir({
    low: 'Limit                     Soft Limit           Hard Limit           Units\nMax open files            ' +
      '256                  4096                 files\n',
    high: 'Max open files            1048576              1048576              files\n',
    none: 'Max open files            unlimited            unlimited            files\n',
  })
  t.equal(defaultMaxConnections(join(dir, 'low')), 96, 'two full ports leave descriptors for the rest')
  t.equal(defaultMaxConnections(join(dir, 'high')), 1000)
  t.equal(defaultMaxConnections(join(dir, 'none')), 1000)
  t.equal(defaultMaxConnections(join(dir, 'missing')), 1000, 'no limits file (not Linux)')
})

t.test('closing leaves nothing of the drain running, whichever ports listened', async (t) => {
  const material = await localServerMaterial(t.testdir())
  for (const https of [false, true]) {
    const app = await buildApp(
      defaultConfig({ logLevel: 'silent', fixtures: [TEST_WORLD] }),
      { logger: false, tls: material }
    )
    await app.listen({ port: 0, host: '127.0.0.1' })
    if (https) await app.listenHttps!(0, '127.0.0.1')
    await app.close()
    // The drain sweeps idle connections every few milliseconds while it runs: after close, never again.
    let swept = 0
    app.server.closeIdleConnections = () => { swept++ }
    await new Promise((resolve) => setTimeout(resolve, 200))
    t.equal(swept, 0, https ? 'both ports listened' : 'the HTTPS port never listened')
  }
})
