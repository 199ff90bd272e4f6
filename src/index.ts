// The package's root: start an emulator in-process, or embed its Fastify app, and the public types.
export { startEmulator, type Emulator, type StartOptions } from './start.js'
export { buildApp, type BuildOptions } from './app.js'
export { defaultConfig, type Config } from './config.js'
export { ConfigError } from './options.js'
export { AdminClient, AdminError, type AdminClientOptions } from './client.js'
export { FixtureError } from './seed/files.js'
export { SnapshotFileError } from './seed/snapshot-file.js'
export type { SnapshotDocument, SnapshotInfo } from './contract/snapshot.js'
export { TlsError } from './tls/tls-error.js'
export type { TlsMaterial } from './tls/authority.js'
// Also brings in the declaration that gives a Fastify app built with TLS its listenHttps().
export type { ListenHttps } from './tls/listener.js'
export type { Clock, Fault, FaultSpec, Submission, SubmissionFilter, SubmissionQuery } from './contract/admin.js'
export type {
  DeploymentChanged,
  LookupView,
  SearchFilter,
  SearchItem,
  SearchResult,
  VendorErrorBody
} from './contract/omeda.js'
export type { OmedaEndpoint } from './omeda/endpoints.js'
export type { RecordOptions } from './parity/record-options.js'
/** @deprecated The answer of every change, not only of a cancel: use DeploymentChanged. */
export type { DeploymentChanged as CancelSuccess } from './contract/omeda.js'
export type { FixtureApp, FixtureDeployment, FixtureDocument } from './seed/format.js'
export type { AudienceAdded, AudiencesAdded, AudienceStatus, AssignmentStatus } from './contract/audience-bodies.js'
export type { AudienceListView, DeploymentSends, SplitContentView } from './contract/admin-sends.js'
export type { OutboxEntry, OutboxFilter, OutboxKind } from './contract/outbox.js'

/**
 * The HTTPS material a configuration asks for: none (TLS off), the user's files, or the local CA's
 * (made in its folder on first use). The certificate code is loaded at the first call.
 */
export async function tlsMaterial(
  config: Parameters<typeof import('./tls/authority.js').tlsMaterial>[0]
): Promise<import('./tls/authority.js').TlsMaterial | undefined> {
  return (await import('./tls/authority.js')).tlsMaterial(config)
}
