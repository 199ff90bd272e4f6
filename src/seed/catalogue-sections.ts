// How each section of the catalogue files its entries, the one table every list of sections comes
// from: its schema, the brand an entry belongs to ('' for accounts, which are no brand's) and its id
// there (duplicates, storage and lookups all use these), and what its entries are called in messages.
import type { TSchema } from '@sinclair/typebox'
import {
  AUDIENCE_KINDS, FixtureAccount, FixtureAudience, FixtureBillingCategory, FixtureBrand, FixtureDeploymentType,
  FixtureRecommendationBehavior, type AudienceKind, type Catalogue, type CatalogueSection,
} from './catalogue-format.js'

/** Where an entry is filed; brandField names the field that gave the brand (none for accounts). */
export interface Filing {
  brand: string
  id: string
  brandField: 'Brand' | 'BrandAbbrev' | null
}

interface Section<E> {
  schema: TSchema & { static: E }
  file: (entry: E) => Filing
  /** An entry's key, as a message names it ("the same deployment type Id as …"). */
  key: string
  /** The entries, as a count names them ("4 deployment types"). */
  plural: string
  /** What an entry breaks beyond its schema, each as `/Field: what is wrong`. */
  problems?: (entry: E) => string[]
}

/** The id an audience is filed under: its kind and name, so a file and a query may share a name. */
export const audienceId = (kind: AudienceKind, name: string): string => `${kind}:${name}`

const namesOf = (e: FixtureAudience): AudienceKind[] => AUDIENCE_KINDS.filter((kind) => e[kind] !== undefined)

const byBrand = (brand: string, id: string | number): Filing => ({ brand, id: String(id), brandField: 'Brand' })

export const CATALOGUE: { [S in CatalogueSection]: Section<Catalogue[S][number]> } = {
  brands: {
    schema: FixtureBrand, key: 'brand', plural: 'brands',
    file: (e) => ({ brand: e.BrandAbbrev, id: e.BrandAbbrev, brandField: 'BrandAbbrev' }),
  },
  accounts: {
    schema: FixtureAccount, key: 'UserId', plural: 'accounts',
    file: (e) => ({ brand: '', id: e.UserId, brandField: null }),
  },
  deploymentTypes: {
    schema: FixtureDeploymentType, key: 'deployment type Id', plural: 'deployment types',
    file: (e) => byBrand(e.Brand, e.Id),
  },
  billingCategories: {
    schema: FixtureBillingCategory, key: 'billing category Code', plural: 'billing categories',
    file: (e) => byBrand(e.Brand, e.Code),
  },
  recommendationBehaviors: {
    schema: FixtureRecommendationBehavior, key: 'recommendation behavior Id', plural: 'recommendation behaviors',
    file: (e) => byBrand(e.Brand, e.Id),
  },
  audiences: {
    schema: FixtureAudience, key: 'audience name', plural: 'audiences',
    file: (e) => {
      const kind = namesOf(e)[0] ?? 'RecipientList'
      return byBrand(e.Brand, audienceId(kind, e[kind] ?? ''))
    },
    problems: (e) => [
      ...(namesOf(e).length === 1 ? [] : [`: give exactly one of ${AUDIENCE_KINDS.join(', ')}`]),
      ...((e.InvalidRows ?? 0) > e.Rows ? [`/InvalidRows: ${e.InvalidRows} is more than its ${e.Rows} Rows`] : []),
      ...(e.Headers === undefined || e.RecipientList !== undefined
        ? []
        : ['/Headers: only a RecipientList has headers']),
    ],
  },
}

export const CATALOGUE_SECTIONS = Object.keys(CATALOGUE) as CatalogueSection[]

/** Where an entry of a section is filed. */
export const filingOf = <S extends CatalogueSection>(section: S, entry: Catalogue[S][number]): Filing =>
  (CATALOGUE[section].file as (entry: Catalogue[S][number]) => Filing)(entry)
