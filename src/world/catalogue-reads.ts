// What one world's catalogue answers, as the rules read it (world.ts gives it). Types only: nothing
// here reaches the database, so the package's public types do not either.
import type {
  AudienceKind, FixtureAccount, FixtureAudience, FixtureBrand, FixtureDeploymentType,
} from '../seed/catalogue-format.js'

/** An account as the rules see it: every default applied. */
export type Account = Required<FixtureAccount>

/** Reads of one world's catalogue. Brands and ids match ignoring case. */
export interface CatalogueReads {
  account: (userId: string) => Account | undefined
  /** The brand as deploymenttypes shows it: listed, or the defaults for a brand only granted. */
  brand: (abbrev: string) => FixtureBrand | undefined
  deploymentType: (brand: string, id: number) => FixtureDeploymentType | undefined
  deploymentTypes: (brand: string) => FixtureDeploymentType[]
  hasBillingCategory: (brand: string, code: string) => boolean
  hasRecommendationBehavior: (brand: string, id: number) => boolean
  /** A file of the brand's FTP folder, an Omail output or a query, by its name. */
  audience: (brand: string, kind: AudienceKind, name: string) => FixtureAudience | undefined
}
