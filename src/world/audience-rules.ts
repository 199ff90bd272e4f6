// The audience pages' rules: add a list to a deployment's split, read a list's status, remove a
// list. The order of checks is in docs/audiences.md; every check-and-change runs atomically.
import { documented, emulator } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import type { AudienceKind, FixtureAudience } from '../seed/catalogue-format.js'
import type { AudienceList, AudienceOptions, NewAudienceList } from './audience-record.js'
import { assignmentStatus } from './assignment-status.js'
import type { Deployment } from './deployment-record.js'
import { mayAct, NOT_EDITABLE, portalProblem } from './rules.js'
import type { World } from './world.js'

/** One list an add asks for: its name, where it goes, and how it is made. */
export interface ListRequest {
  kind: AudienceKind
  name: string
  split: number
  options: Omit<AudienceOptions, 'ApplyBrandLevelDefaultSuppressions'>
}

export interface AudienceAdd {
  brand: string
  trackId: string
  userId: string
  /** ApplyBrandLevelDefaultSuppressions as sent; null takes the brand's default. */
  suppressions: 0 | 1 | null
  lists: ListRequest[]
  /** The `Audience: […]` form: every split must exist. */
  multi: boolean
}

export interface AudienceRemoval {
  brand: string
  trackId: string
  userId: string
  /** The RecipientList (a file or output) or QueryName sent; null removes the split's lists. */
  name: { kind: 'RecipientList' | 'QueryName'; value: string } | null
  split: number | null
}

/** The email column names the page accepts, any case. */
const EMAIL_HEADERS = new Set(['email', 'email_address', 'email-address', 'emailaddress'])
const FILE_TYPE = /\.(csv|txt)$/i

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()

/** Found, then who may act (403), then the portal and the state (400): what add and remove share. */
function editable(world: World, call: { brand: string; trackId: string; userId: string }): Deployment {
  const d = world.find(call.brand, call.trackId)
  if (!d) throw new OmedaError(404, documented.deploymentNotFound(call.trackId))
  if (!mayAct(d, call.userId)) throw new OmedaError(403, documented.editNotAuthorized(call.userId, d.TrackId))
  const portal = portalProblem(d)
  if (portal !== undefined) throw new OmedaError(400, portal)
  if (NOT_EDITABLE.has(d.Status)) throw new OmedaError(400, documented.cannotBeEdited(d.TrackId))
  return d
}

/** The fixture a list names, or the refusal: file type, folder, file, then its email header. */
function source(world: World, brand: string, list: ListRequest): FixtureAudience {
  const { kind, name } = list
  if (kind === 'RecipientList') {
    if (!FILE_TYPE.test(name)) throw new OmedaError(400, documented.notAValidFileType(name))
    if (world.catalogue.brand(brand)?.MissingFtpFolder === true) {
      throw new OmedaError(400, documented.noBrandFolder(brand))
    }
  }
  const found = world.catalogue.audience(brand, kind, name)
  if (!found) {
    if (kind === 'QueryName') throw new OmedaError(404, emulator.unknownQuery(name, brand))
    if (kind === 'OmailOutput') throw new OmedaError(404, emulator.unknownOutput(name, brand))
    throw new OmedaError(404, [documented.fileNotInFolder(brand, name), documented.verifyFolder()])
  }
  if (kind === 'RecipientList') {
    const headers = (found.Headers ?? 'email').split(',').map((h) => h.trim().replace(/^"(.*)"$/, '$1'))
    const emails = headers.filter((h) => EMAIL_HEADERS.has(h.toLowerCase()))
    if (emails.length === 0) throw new OmedaError(400, documented.noEmailHeader(name))
    if (emails.length > 1) throw new OmedaError(400, documented.twoEmailHeaders(name, emails[0]!, emails[1]!))
  }
  return found
}

/**
 * Adds each list, or none: every list is checked (against those stored and those before it in the
 * call) before any is written, since an in-memory world's atomically() orders calls but rolls
 * nothing back. Returns their ListIds.
 */
export function addAudience(world: World, call: AudienceAdd): { trackId: string; listIds: number[] } {
  return world.atomically(() => {
    const d = editable(world, call)
    const digital = world.catalogue.brand(d.Brand)?.Digital ?? true
    if (digital && call.suppressions === 1) throw new OmedaError(400, documented.digitalSuppressions())
    const suppressions = call.suppressions ?? (digital ? 0 : 1)
    const key = world.key(d.Brand, d.TrackId)
    const stored = Math.max(d.SplitCount, 1)
    let splits = stored
    const load = world.audienceLoadSeconds
    const [LoadingAt, ReadyAt] = [world.later(Math.floor(load / 5)), world.later(load)]
    const lists: Pick<AudienceList, 'Name' | 'SplitNumber' | 'AssignedAt' | 'RemovedAt'>[] =
      world.audiences.ofDeployment(key)
    const planned: NewAudienceList[] = []
    for (const list of call.lists) {
      const adds = list.split === splits + 1
      if (list.split < 1 || list.split > splits + 1 || (adds && call.multi)) {
        throw new OmedaError(400, call.multi && adds
          ? emulator.newSplitInMultiForm(list.split)
          : documented.noSuchSplit(list.split, d.TrackId, splits))
      }
      const found = source(world, d.Brand, list)
      const name = found[list.kind] ?? list.name
      const used = lists.find((l) => same(l.Name, name))
      if (used) throw new OmedaError(400, documented.listNameUsed(name, used.AssignedAt))
      const holder = lists.find((l) => l.RemovedAt === null && l.SplitNumber === list.split)
      if (holder && list.options.ListNumber === null) {
        throw new OmedaError(400, documented.splitHasList(list.split, holder.Name, holder.AssignedAt))
      }
      if (adds) splits = list.split
      const invalid = Math.min(found.InvalidRows ?? 0, found.Rows)
      const next: NewAudienceList = {
        SplitNumber: list.split, Kind: list.kind, Name: name,
        Options: { ...list.options, ApplyBrandLevelDefaultSuppressions: suppressions },
        ValidRows: found.Rows - invalid, InvalidRows: invalid, AssignedBy: call.userId, AssignedAt: world.now,
        LoadingAt, ReadyAt,
      }
      planned.push(next)
      lists.push({ ...next, RemovedAt: null })
    }
    if (splits > stored) world.changes.setSplitCount(key, splits)
    return { trackId: d.TrackId, listIds: planned.map((list) => world.audiences.add(key, list)) }
  })
}

/** A list of the URL's brand as of now; 404 for another world's or brand's, 409 for one that failed. */
export function audienceList(world: World, brand: string, listId: string): AudienceList {
  const id = /^\d{1,15}$/.test(listId) ? Number(listId) : NaN
  const list = Number.isSafeInteger(id) ? world.audiences.find(world.tenant, id) : undefined
  if (!list || !same(list.Brand, brand)) throw new OmedaError(404, documented.listIdNotFound(listId))
  const d = world.find(list.Brand, list.TrackId)
  if (!d) throw new OmedaError(404, documented.noDeploymentForList(listId))
  if (d.CreatedInPortal) throw new OmedaError(400, documented.listCreatedInPortal(d.TrackId))
  if (d.EditedInPortalBy !== null) {
    throw new OmedaError(400, documented.listEditedInPortal(d.TrackId, d.EditedInPortalBy, d.EditedInPortalDate ?? ''))
  }
  if (assignmentStatus(list, world.now) === 'ERROR') throw new OmedaError(409, documented.noValidRecipients())
  return list
}

const matches = (list: AudienceList, name: NonNullable<AudienceRemoval['name']>) =>
  same(list.Name, name.value) && (name.kind === 'QueryName') === (list.Kind === 'QueryName')

/** Takes the named list (or the split's) off the deployment; 404 when it is not assigned. */
export function removeAudience(world: World, call: AudienceRemoval): Deployment {
  return world.atomically(() => {
    const d = editable(world, call)
    const key = world.key(d.Brand, d.TrackId)
    const lists = world.audiences.ofDeployment(key).filter((l) => call.split === null || l.SplitNumber === call.split)
    const active = lists.filter((l) => l.RemovedAt === null)
    const { name } = call
    const targets = name === null ? active : active.filter((l) => matches(l, name))
    if (targets.length === 0) {
      const current = active[0]
      if (current && name !== null) {
        throw new OmedaError(404,
          documented.listNotAssigned(name.value, current.Name, current.AssignedAt, current.AssignedBy))
      }
      const last = lists.filter((l) => l.RemovedAt !== null)
        .sort((a, b) => (a.RemovedAt ?? '').localeCompare(b.RemovedAt ?? '') || a.ListId - b.ListId).at(-1)
      throw new OmedaError(404, last
        ? documented.noAudienceListSinceRemoval(d.TrackId, last.Name, last.RemovedAt ?? '', last.RemovedBy ?? '')
        : documented.noAudienceList(d.TrackId))
    }
    for (const list of targets) world.audiences.remove(key, list.ListId, call.userId, world.now)
    return d
  })
}
