// A user's strict TypeScript against the installed package's declarations (NodeNext, skipLibCheck
// off): it must type-check with nothing but the package and @types/node.
import {
  AdminClient, buildApp, defaultConfig, FixtureError, startEmulator, tlsMaterial, TlsError,
  type Emulator, type TlsMaterial, type FixtureDocument, type StartOptions, type Submission, type VendorErrorBody,
} from 'omeda-emulator'
import { AdminClient as Client, type Fault } from 'omeda-emulator/client'

const fixtures: FixtureDocument = {
  apps: [{ AppId: 'qa-app', Brands: ['QA'] }],
  deployments: [{ Brand: 'QA', TrackId: 'QA1', OwnerUserId: 'tester', Status: 'New' }],
}
const options: StartOptions = { fixtures, clock: { offsetSeconds: 60 }, isolation: 'shared' }

export async function scenario(): Promise<void> {
  const emulator: Emulator = await startEmulator(options)
  const res = await fetch(`${emulator.url}/QA/omail/deployment/cancel/*`, { method: 'POST' })
  const body = (await res.json()) as VendorErrorBody
  const first: string | undefined = body.Errors[0]?.Error
  const journal: Submission[] = await emulator.admin.submissions({ trackId: 'QA1', limit: 5 })
  const fault: Fault = await new Client({ baseUrl: emulator.url }).fault({ action: 'status', status: 503, times: 1 })
  const admin: AdminClient = emulator.admin
  console.log(first, journal.length, fault.id, await admin.ready())
  await emulator.close()
  const app = await buildApp(defaultConfig())
  await app.close()
  const secure = await startEmulator({ tlsPort: 0, tlsNames: ['emulator.test'] })
  const https: string | undefined = secure.httpsUrl
  const ca: string | undefined = secure.ca
  console.log(https, ca?.length)
  await secure.close()
  const config = defaultConfig({ tlsPort: 0, tlsDir: '/tmp/omeda-tls' })
  const material: TlsMaterial | undefined = await tlsMaterial(config).catch((error: unknown) => {
    if (error instanceof TlsError) return undefined
    throw error
  })
  const embedded = await buildApp(config, material ? { tls: material } : {})
  if (embedded.listenHttps) console.log(await embedded.listenHttps(0, '127.0.0.1'))
  await embedded.close()
  try {
    await startEmulator({ fixtures: { apps: [], deployments: [] } })
  } catch (error) {
    if (error instanceof FixtureError) console.log(error.problems)
  }
}
