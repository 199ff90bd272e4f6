// The fields fixture schemas share: identifiers, brands, designations.
import { Type } from '@sinclair/typebox'

// Identifiers are matched as clients send them, trimmed: stored ones must not carry whitespace at either end.
export const Identifier = (description: string, maxLength?: number) => Type.String({
  minLength: 1, ...(maxLength === undefined ? {} : { maxLength }), pattern: '^\\S(.*\\S)?$', description,
  errorMessage: 'non-blank, without whitespace at either end',
})

export const Brand = Type.String({
  pattern: '^[A-Za-z0-9_-]+$', description: 'Brand abbreviation, as in the URL',
  errorMessage: "letters, digits, '_' and '-' only",
})

/** The deployment designations of the search page. */
export const DEPLOYMENT_DESIGNATIONS = [
  'Newsletter', 'Webinar', 'Third Party', 'Research', 'Live Conferences', 'Virtual Conferences', 'Marketing',
] as const
export type DeploymentDesignation = (typeof DEPLOYMENT_DESIGNATIONS)[number]
