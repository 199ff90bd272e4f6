// Named snapshots of the caller's world: take one, restore it, list, delete, and move one in and out
// as a document (a file a team commits beside its tests).
import { Type } from '@sinclair/typebox'
import type { TypedApp } from '../http/typed-app.js'
import { emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { SnapshotInfo, SnapshotName } from '../contract/snapshot.js'
import { loadSnapshot, restoreSnapshot, takeSnapshot, worldOf, type State } from '../state.js'
import { worldScope } from './scope.js'

const Named = Type.Object({ name: SnapshotName })

/** A document holds a whole world: 100,000 deployments take some 60 MB of JSON. */
const DOCUMENT_LIMIT = 512 * 1024 * 1024

export function snapshotRoutes(app: TypedApp, state: State): void {
  const { db, tenancy, snapshots, events } = state

  app.post('/snapshots/:name', {
    schema: {
      summary: 'Snapshot the world (over one of the same name)', params: Named, response: { 201: SnapshotInfo },
    },
  }, async (request, reply) => {
    const taken = takeSnapshot(state, worldScope(tenancy, request), request.params.name)
    reply.code(201)
    return taken
  })

  app.post('/snapshots/:name/restore', {
    schema: { summary: 'Put the world back as the snapshot holds it', params: Named, response: { 200: SnapshotInfo } },
  }, async (request) => {
    const tenant = worldScope(tenancy, request)
    const restored = restoreSnapshot(state, tenant, request.params.name)
    events.publish({ tenant, event: { type: 'restored', snapshot: restored.name } })
    return restored
  })

  app.get('/snapshots', {
    schema: {
      summary: "The world's snapshots", response: { 200: Type.Object({ snapshots: Type.Array(SnapshotInfo) }) },
    },
  }, async (request) => ({ snapshots: snapshots.list(worldOf(state, worldScope(tenancy, request))) }))

  app.delete('/snapshots/:name', {
    schema: { summary: 'Forget a snapshot', params: Named },
  }, async (request) => {
    const { name } = request.params
    const world = worldOf(state, worldScope(tenancy, request))
    if (!db.immediate(() => snapshots.delete(world, name))) throw new OmedaError(404, emulator.noSuchSnapshot(name))
    return { deleted: name }
  })

  app.get('/snapshots/:name/document', {
    schema: { summary: 'The snapshot as a document, to save to a file', params: Named },
  }, async (request) => snapshots.document(worldOf(state, worldScope(tenancy, request)), request.params.name))

  app.put('/snapshots/:name/document', {
    bodyLimit: DOCUMENT_LIMIT,
    schema: {
      summary: 'Load a snapshot document (a saved file) under this name; restore puts it in place',
      params: Named,
      body: Type.Unknown({ description: 'a SnapshotDocument, as GET …/document gives it' }),
      response: { 201: SnapshotInfo },
    },
  }, async (request, reply) => {
    const loaded = loadSnapshot(state, worldScope(tenancy, request), request.params.name, request.body)
    reply.code(201)
    return loaded
  })
}
