// The content page's rules that need the world, in order (docs/content.md): the deployment exists
// (404), the UserId may edit it (403), it was not made or edited in the Omail portal and may still be
// edited (400), each split exists (400); then, once any URL content is read, the content itself (400,
// all at once). Then each split's content is stored, with a history entry in the vendor's words.
import { documented } from '../messages.js'
import { OmedaError } from '../omeda-error.js'
import { containsHtml, contentWarnings, hasHtmlAndBody } from './content-warnings.js'
import type { Deployment } from './deployment-record.js'
import { mayAct, NOT_EDITABLE, portalProblem } from './rules.js'
import type { SplitContent } from './send-record.js'
import type { World } from './world.js'

export interface ContentCall {
  brand: string
  trackId: string
  userId: string
  /** The split numbers the call sets. */
  splits: number[]
}

/** How many splits a deployment has: at least one, and every split that has content. */
export function splitCount(world: World, d: Deployment): number {
  const stored = world.contents.list(world.key(d.Brand, d.TrackId)).map((s) => s.Sequence)
  return Math.max(1, d.SplitCount, ...stored)
}

/** The deployment the call may set content on, or the first refusal in the page's order. */
export function contentTarget(world: World, call: ContentCall): Deployment {
  const d = world.find(call.brand, call.trackId)
  if (!d) throw new OmedaError(404, documented.deploymentNotFound(call.trackId))
  if (!mayAct(d, call.userId)) throw new OmedaError(403, documented.editNotAuthorized(call.userId, d.TrackId))
  const refusal = portalProblem(d) ?? (NOT_EDITABLE.has(d.Status) ? documented.cannotBeEdited(d.TrackId) : undefined)
  if (refusal !== undefined) throw new OmedaError(400, refusal)
  const count = splitCount(world, d)
  const missing = call.splits.find((split) => split > count)
  if (missing !== undefined) throw new OmedaError(400, documented.noSuchSplit(missing, d.TrackId, count))
  return d
}

/** What the text and HTML of each split break, each message once. */
function contentProblems(splits: SplitContent[]): string[] {
  const problems = new Set<string>()
  for (const split of splits) {
    if (split.TextContent !== null && containsHtml(split.TextContent)) problems.add(documented.textContainsHtml())
    if (split.HtmlContent !== null && !hasHtmlAndBody(split.HtmlContent)) problems.add(documented.htmlNeedsTags())
  }
  return [...problems]
}

/**
 * Stores each split's content over what it had, once the deployment is checked again (a call may
 * have changed it while the URLs were read). Returns the deployment and the warnings.
 */
export function saveContent(
  world: World, call: ContentCall, splits: SplitContent[]
): { deployment: Deployment; warnings: string[] } {
  return world.atomically(() => {
    const d = contentTarget(world, call)
    const problems = contentProblems(splits)
    if (problems.length > 0) throw new OmedaError(400, problems)
    const key = world.key(d.Brand, d.TrackId)
    for (const split of splits) {
      world.contents.put(key, split)
      world.changes.noteChange(key, `split #${split.Sequence}: message header and content changed`,
        { by: world.catalogue.account(call.userId)?.UserId ?? call.userId, date: world.now })
    }
    return { deployment: d, warnings: contentWarnings(splits) }
  })
}
