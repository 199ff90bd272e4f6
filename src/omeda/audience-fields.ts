// The audience pages' body rules a schema cannot say (one list name, the single and the multi form,
// 0-or-1 values, callback URLs), in the page's wording, and the lists an add asks for, as the rules
// take them. Rules that need the world are in ../world/audience-rules.ts.
import { AudienceEntry, ListFields, type AudienceAddFields } from '../contract/audience-bodies.js'
import { AUDIENCE_KINDS, type AudienceKind } from '../seed/catalogue-format.js'
import { documented, emulator } from '../messages.js'
import type { ListRequest } from '../world/audience-rules.js'
import { bodyProblems, type BodyWording } from './body-validation.js'

const BYTES = ['RemoveDuplicates', 'SuppressHardBounces', 'ApplyBrandLevelDefaultSuppressions'] as const
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const given = (value: unknown) =>
  value !== undefined && value !== null && !(typeof value === 'string' && !/\S/.test(value))

function isHttpUrl(text: string): boolean {
  try {
    const { protocol } = new URL(text)
    return protocol === 'http:' || protocol === 'https:'
  } catch {
    return false
  }
}

/** Values a schema cannot bound: splits and list numbers from 1, 0-or-1 values, callback URLs. */
function valueProblems(fields: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = []
  for (const field of ['SplitNumber', 'ListNumber'] as const) {
    const value = fields[field]
    if (typeof value === 'number' && value < 1) problems.push(emulator.atLeastOne(String(value), field))
  }
  for (const field of BYTES) {
    const value = fields[field]
    if (typeof value === 'number' && value !== 0 && value !== 1) {
      problems.push(documented.zeroOrOne(String(value), field))
    }
  }
  const urls = fields.CallbackURLs
  for (const url of Array.isArray(urls) ? urls : []) {
    if (typeof url === 'string' && !isHttpUrl(url.trim())) problems.push(emulator.notACallbackUrl(url))
  }
  return problems
}

/** One list: a name of exactly one kind, its split, and its values. */
function listProblems(list: Readonly<Record<string, unknown>>): string[] {
  const names = AUDIENCE_KINDS.filter((kind) => given(list[kind]))
  return [
    ...(names.length === 0 ? [emulator.oneListName()] : []),
    ...(names.length > 1 ? [emulator.onlyOneListName(names)] : []),
    ...(given(list.SplitNumber) ? [] : [documented.requiredField('SplitNumber')]),
    ...valueProblems(list),
  ]
}

const LIST_FIELDS = Object.keys(ListFields)

export const AUDIENCE_ADD_WORDING: BodyWording = {
  required: documented.requiredField,
  rules: (body) => {
    const { Audience: audience } = body
    if (audience === undefined) return listProblems(body)
    // CallbackURLs may stand at the top of either form: in the multi form they call back for every list.
    const top = LIST_FIELDS.filter((field) => field !== 'CallbackURLs' && given(body[field]))
    // A list field misplaced at the top is reported once, as misplaced: only its callbacks are read there.
    const problems = [...top.map(emulator.notBesideAudience), ...valueProblems({ CallbackURLs: body.CallbackURLs })]
    if (Array.isArray(audience) && audience.length === 0) problems.push(emulator.emptyAudience())
    for (const entry of Array.isArray(audience) ? audience : []) {
      if (isObject(entry)) problems.push(...bodyProblems(AudienceEntry, entry, { rules: listProblems }))
    }
    return problems
  },
}

export const AUDIENCE_REMOVE_WORDING: BodyWording = {
  required: documented.requiredField,
  rules: (body) => {
    const problems: string[] = []
    if (given(body.RecipientList) && given(body.QueryName)) {
      problems.push(emulator.onlyOneListName(['RecipientList', 'QueryName']))
    }
    const split = body.SplitNumber
    if (typeof split === 'number' && split < 1) problems.push(emulator.atLeastOne(String(split), 'SplitNumber'))
    return problems
  },
}

type Entry = Pick<AudienceAddFields, keyof typeof ListFields>
const trimmed = (value: string | undefined) => value?.trim() ?? ''

/** The lists a valid add asks for: the top of the single form, or each entry of `Audience`. */
export function listRequests(body: AudienceAddFields): ListRequest[] {
  const entries: Entry[] = body.Audience ?? [body]
  return entries.map((entry) => {
    const kind: AudienceKind = AUDIENCE_KINDS.find((k) => given(entry[k])) ?? 'RecipientList'
    return {
      kind, name: trimmed(entry[kind]), split: entry.SplitNumber ?? 1,
      options: {
        OutputCriteria: entry.OutputCriteria?.trim() ?? null, ListNumber: entry.ListNumber ?? null,
        RemoveDuplicates: entry.RemoveDuplicates === 1 ? 1 : 0,
        SuppressHardBounces: entry.SuppressHardBounces === 0 ? 0 : 1,
        CallbackURLs: [...entry.CallbackURLs ?? [], ...(body.Audience ? body.CallbackURLs ?? [] : [])]
          .map((url) => url.trim()),
      },
    }
  })
}
