// The emulator's Docker image as a Testcontainers module, imported as 'omeda-emulator/testcontainers':
//   const emulator = await new OmedaEmulatorContainer().withFixtures('test/world.json').start()
// Only this module loads `testcontainers` (an optional peer dependency): the package's main import
// and its client never do.
import { statSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import {
  AbstractStartedContainer, GenericContainer, getContainerRuntimeClient, Wait, type StartedTestContainer,
} from 'testcontainers'
import { AdminClient, type SnapshotInfo } from './client.js'
import type { FixtureDocument } from './seed/format.js'

/** The ports the image serves HTTP and (with withHttps()) HTTPS on. */
const HTTP_PORT = 3000
const HTTPS_PORT = 3443
/** Where fixtures given to withFixtures() are copied, one numbered entry per call. */
const FIXTURES_DIR = '/omeda/fixtures'
/**
 * How often the readiness route is polled (Testcontainers' HTTP wait polls at its read timeout,
 * 1 s by default). The route answers in a millisecond; a slow answer is simply asked again.
 */
const POLL_MS = 200

/** Where the shared world's clock starts: `{ now: 'yyyy-MM-dd HH:mm:ss' }` (vendor zone) or `{ offsetSeconds }`. */
export type StartingClock = Parameters<AdminClient['setClock']>[0]

/** What the started container needs to know of how it was set up. */
interface Setup {
  token: string | undefined
  https: boolean
  clock: StartingClock | undefined
}

/** `host:port` as a URL's authority: an IPv6 address goes in brackets. */
const authority = (host: string, port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`

export class OmedaEmulatorContainer extends GenericContainer {
  private readonly fixtures: string[] = []
  private clock: StartingClock | undefined
  private adminToken: string | undefined
  private https = false
  private isolated = false

  /** An image built from this package's Dockerfile (`docker build -t omeda-emulator .`). */
  constructor(image = 'omeda-emulator:latest') {
    super(image)
    this.withExposedPorts(HTTP_PORT)
    // Readiness over HTTP, not the image's health check: Docker runs that once a second at best.
    const ready = Wait.forHttp('/__admin/ready', HTTP_PORT, { abortOnContainerExit: true })
    this.withWaitStrategy(ready.forStatusCode(200).withReadTimeout(POLL_MS))
    this.withStartupTimeout(60_000)
  }

  /**
   * The world to start with instead of the built-in one: a fixture document, or a fixture file or
   * directory of `*.json` files on this machine (copied in). Several calls merge, as --fixtures does.
   */
  withFixtures(fixtures: FixtureDocument | string): this {
    const target = `${FIXTURES_DIR}/${this.fixtures.length + 1}`
    if (typeof fixtures !== 'string') {
      const file = `${target}/fixtures.json`
      this.withCopyContentToContainer([{ content: JSON.stringify(fixtures), target: file, mode: 0o644 }])
      this.fixtures.push(file)
    } else if (statSync(resolve(fixtures)).isDirectory()) {
      this.withCopyDirectoriesToContainer([{ source: resolve(fixtures), target }])
      this.fixtures.push(target)
    } else {
      // The file keeps its name, so that a fixture problem names the file the user wrote.
      const file = `${target}/${basename(fixtures)}`
      this.withCopyFilesToContainer([{ source: resolve(fixtures), target: file, mode: 0o644 }])
      this.fixtures.push(file)
    }
    return this
  }

  /** Where the shared world's clock starts; reset() brings it back there too. Not with withIsolation(). */
  withClock(clock: StartingClock): this {
    this.clock = clock
    return this
  }

  /** A world per app id (OMEDA_ISOLATION=app-id): getAdminClient(appId) acts on one. */
  withIsolation(): this {
    this.isolated = true
    return this.withEnvironment({ OMEDA_ISOLATION: 'app-id' })
  }

  /** The bearer token the admin API requires; getAdminClient() sends it. */
  withAdminToken(token: string): this {
    this.adminToken = token
    return this.withEnvironment({ OMEDA_ADMIN_TOKEN: token })
  }

  /** HTTPS on the image's port 3443 too, with a certificate from the container's local CA (getCa()). */
  withHttps(): this {
    this.https = true
    this.withExposedPorts(HTTPS_PORT)
    return this.withEnvironment({ OMEDA_TLS_PORT: String(HTTPS_PORT) })
  }

  override async start(): Promise<StartedOmedaEmulatorContainer> {
    if (this.clock !== undefined && this.isolated) {
      throw new Error("a starting clock is the shared world's; in isolation mode, " +
        "set each world's clock with getAdminClient(appId).setClock()")
    }
    if (this.fixtures.length > 0) this.withEnvironment({ OMEDA_FIXTURES: this.fixtures.join(',') })
    // The container is reached at the runtime's host, which may be a remote Docker host's name: the
    // emulator must answer at it, and its certificate must name it.
    const host = (await getContainerRuntimeClient()).info.containerRuntime.host
    const withHost = (name: string) => [this.environment[name], host].filter(Boolean).join(',')
    this.withEnvironment({ OMEDA_ALLOWED_HOSTS: withHost('OMEDA_ALLOWED_HOSTS') })
    if (this.https) this.withEnvironment({ OMEDA_TLS_NAMES: withHost('OMEDA_TLS_NAMES') })
    // When the emulator exits at start (bad fixtures), Testcontainers reads its log over a socket it
    // unrefs: with nothing else pending the process would end before start() rejects. Held open here.
    const hold = setInterval(() => {}, 60_000)
    let container: StartedTestContainer
    try {
      container = await super.start()
    } finally {
      clearInterval(hold)
    }
    const started = new StartedOmedaEmulatorContainer(container, {
      token: this.adminToken, https: this.https, clock: this.clock,
    })
    if (this.clock !== undefined) {
      try {
        await started.getAdminClient().setClock(this.clock)
      } catch (error) {
        await started.stop()
        throw error
      }
    }
    return started
  }
}

export class StartedOmedaEmulatorContainer extends AbstractStartedContainer {
  private readonly admin: AdminClient
  private ca: Promise<string> | undefined

  constructor(startedTestContainer: StartedTestContainer, private readonly setup: Setup) {
    super(startedTestContainer)
    this.admin = new AdminClient({
      baseUrl: this.getBaseUrl(), ...(setup.token === undefined ? {} : { token: setup.token }),
    })
  }

  /** Where the emulator serves HTTP, e.g. `http://localhost:32768`: the base URL for the client under test. */
  getBaseUrl(): string {
    return `http://${authority(this.getHost(), this.getMappedPort(HTTP_PORT))}`
  }

  /** With withHttps(): where it serves HTTPS, e.g. `https://localhost:32769`. */
  getHttpsUrl(): string {
    if (!this.setup.https) throw new Error('this container serves no HTTPS: start it withHttps()')
    return `https://${authority(this.getHost(), this.getMappedPort(HTTPS_PORT))}`
  }

  /** With withHttps(): the container's local CA certificate (PEM), for a `ca:` option or NODE_EXTRA_CA_CERTS. */
  getCa(): Promise<string> {
    if (!this.setup.https) return Promise.reject(new Error('this container has no CA: start it withHttps()'))
    this.ca ??= this.exec(['node', 'dist/main.js', 'ca']).then(({ exitCode, stdout, stderr }) => {
      if (exitCode !== 0) throw new Error(`the container's ca command failed: ${stderr.trim()}`)
      return stdout
    }).catch((error: unknown) => {
      this.ca = undefined
      throw error
    })
    return this.ca
  }

  /** The typed admin client, bound to this container (and its admin token); with an app id, to that world. */
  getAdminClient(appId?: string): AdminClient {
    return appId === undefined ? this.admin : this.admin.forTenant(appId)
  }

  /** Back to the world it started with: its fixtures, and the clock given to withClock(). */
  async reset(): Promise<void> {
    await this.admin.reset()
    if (this.setup.clock !== undefined) await this.admin.setClock(this.setup.clock)
  }

  /** Keeps the whole world (its clock and journal position too) under a name, for restoreSnapshot(). */
  snapshot(name?: string): Promise<SnapshotInfo> {
    return this.admin.snapshot(name)
  }

  /** Brings back exactly the world a snapshot kept. */
  restoreSnapshot(name?: string): Promise<SnapshotInfo> {
    return this.admin.restoreSnapshot(name)
  }
}
