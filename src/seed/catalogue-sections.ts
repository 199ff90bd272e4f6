// How each section of the catalogue files its entries, the one table every list of sections comes
// from: its schema, the brand an entry belongs to ('' for accounts, which are no brand's) and its id
// there (duplicates, storage and lookups all use these), and what its entries are called in messages.
import type { TSchema } from '@sinclair/typebox'
import {
  FixtureAccount, FixtureBillingCategory, FixtureBrand, FixtureDeploymentType, FixtureRecommendationBehavior,
  type Catalogue, type CatalogueSection,
} from './format.js'

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
}

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
}

export const CATALOGUE_SECTIONS = Object.keys(CATALOGUE) as CatalogueSection[]

/** Where an entry of a section is filed. */
export const filingOf = <S extends CatalogueSection>(section: S, entry: Catalogue[S][number]): Filing =>
  (CATALOGUE[section].file as (entry: Catalogue[S][number]) => Filing)(entry)
