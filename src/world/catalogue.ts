// The catalogue: each world's reference data that create and update check against (brands, Omail
// accounts, deployment types, billing categories, recommendation behaviors), with the boot copy
// ('#boot') that resets and new worlds start from, as the deployments table has.
import type { Database } from '../db/database.js'
import { audienceId, CATALOGUE_SECTIONS, filingOf } from '../seed/catalogue-sections.js'
import type { FixtureDeployment } from '../seed/format.js'
import type {
  Catalogue as CatalogueLists, CatalogueSection, FixtureAccount, FixtureAudience, FixtureBrand, FixtureDeploymentType,
} from '../seed/catalogue-format.js'
import type { Account, CatalogueReads } from './catalogue-reads.js'
import { WorldRows } from './world-rows.js'

/** The accounts a deployment names: its owner, approver, creator and authorised users. */
export const accountsNamed = (d: FixtureDeployment): string[] =>
  [d.OwnerUserId, d.FinalApproverUserId, d.CreatedBy, ...(d.AuthorizedUserIds ?? [])]
    .filter((id): id is string => typeof id === 'string' && id !== '')

export class Catalogue {
  private readonly sql

  private readonly rows: WorldRows

  constructor(db: Database, private readonly brandGranted: (brand: string) => boolean) {
    this.rows = new WorldRows(db, 'catalogue', 'section, brand, id, entry, implied')
    const p = (sql: string) => db.prepare(sql)
    this.sql = {
      put: p(`INSERT INTO catalogue (tenant, section, brand, id, entry, implied) VALUES (?, ?, ?, ?, ?, 0)
        ON CONFLICT DO UPDATE SET entry = excluded.entry, implied = 0`),
      // An account a deployment names exists and is active, unless an entry says otherwise.
      imply: p(`INSERT INTO catalogue (tenant, section, brand, id, entry, implied)
        VALUES (@tenant, 'accounts', '', @userId, json_object('UserId', @userId), 1) ON CONFLICT DO NOTHING`),
      get: p('SELECT entry FROM catalogue WHERE tenant = ? AND section = ? AND brand = ? AND id = ?').pluck(),
      ofBrand: p('SELECT entry FROM catalogue WHERE tenant = ? AND section = ? AND brand = ? ORDER BY id').pluck(),
      listed: p(`SELECT entry FROM catalogue WHERE tenant = ? AND section = ? AND implied = 0
        ORDER BY brand, id`).pluck(),
      worldsWithout: p(`SELECT tenant FROM tenants AS t
        WHERE NOT EXISTS (SELECT 1 FROM catalogue AS c WHERE c.tenant = t.tenant)`).pluck(),
      implyStored: p(`INSERT INTO catalogue (tenant, section, brand, id, entry, implied)
        SELECT @tenant, 'accounts', '', account, json_object('UserId', account), 1 FROM (
          SELECT owner_user_id AS account FROM deployments WHERE tenant = @tenant
          UNION SELECT final_approver_user_id FROM deployments WHERE tenant = @tenant
          UNION SELECT created_by FROM deployments WHERE tenant = @tenant
          UNION SELECT value FROM deployments, json_each(authorized_user_ids) WHERE tenant = @tenant
        ) WHERE account IS NOT NULL AND account <> '' ON CONFLICT DO NOTHING`),
    }
  }

  /** Upserts entries into a world, and the accounts its deployments name that no entry lists. */
  put(tenant: string, lists: Partial<CatalogueLists>, deployments: FixtureDeployment[] = []): void {
    for (const section of CATALOGUE_SECTIONS) {
      for (const entry of lists[section] ?? []) {
        const { brand, id } = filingOf(section, entry)
        this.sql.put.run(tenant, section, brand, id, JSON.stringify(entry))
      }
    }
    const named = new Set(deployments.flatMap(accountsNamed))
    for (const userId of named) this.sql.imply.run({ tenant, userId })
  }

  /** A world's entries as fixture lists, without the accounts only implied. */
  list(tenant: string): CatalogueLists {
    const listed = <S extends CatalogueSection>(section: S) =>
      (this.sql.listed.all(tenant, section) as string[]).map((text) => JSON.parse(text) as CatalogueLists[S][number])
    return {
      brands: listed('brands'), accounts: listed('accounts'), deploymentTypes: listed('deploymentTypes'),
      billingCategories: listed('billingCategories'), recommendationBehaviors: listed('recommendationBehaviors'),
      audiences: listed('audiences'),
    }
  }

  /**
   * Worlds a database file held before it had a catalogue: each gets the boot catalogue, and the
   * accounts its own deployments name, so they can be updated and cloned as the boot world's can.
   */
  fillWorldsWithout(): void {
    for (const tenant of this.sql.worldsWithout.all() as string[]) {
      this.copyBootInto(tenant)
      this.sql.implyStored.run({ tenant })
    }
  }

  copyBootInto(tenant: string): void {
    this.rows.copyBootInto(tenant)
  }

  deleteWorld(tenant: string): void {
    this.rows.deleteWorld(tenant)
  }

  deleteEveryWorld(): void {
    this.rows.deleteEveryWorld()
  }

  /** A brand granted to an app but not listed: its abbreviation, upper case, for its name, and Id 0. */
  private unlisted(abbrev: string): FixtureBrand | undefined {
    const BrandAbbrev = abbrev.toUpperCase()
    return this.brandGranted(abbrev) ? { BrandAbbrev, Id: 0, Description: BrandAbbrev } : undefined
  }

  /** One world's reads, for one call (each account read from SQL once). */
  reads(tenant: string): CatalogueReads {
    const accounts = new Map<string, Account | undefined>()
    const get = <T>(section: CatalogueSection, brand: string, id: string): T | undefined => {
      const text = this.sql.get.get(tenant, section, brand, id) as string | undefined
      return text === undefined ? undefined : JSON.parse(text) as T
    }
    return {
      // A call reads its owner's account several times (exists, active, its right, its spelling): once from SQL.
      account: (userId) => {
        if (!accounts.has(userId)) {
          const entry = get<FixtureAccount>('accounts', '', userId)
          accounts.set(userId, entry && { Active: true, ContentRecommendations: false, ...entry })
        }
        return accounts.get(userId)
      },
      brand: (abbrev) => get<FixtureBrand>('brands', abbrev, abbrev) ?? this.unlisted(abbrev),
      deploymentType: (brand, id) => get<FixtureDeploymentType>('deploymentTypes', brand, String(id)),
      deploymentTypes: (brand) => (this.sql.ofBrand.all(tenant, 'deploymentTypes', brand) as string[])
        .map((text) => JSON.parse(text) as FixtureDeploymentType).sort((a, b) => a.Id - b.Id),
      hasBillingCategory: (brand, code) => get('billingCategories', brand, code) !== undefined,
      hasRecommendationBehavior: (brand, id) => get('recommendationBehaviors', brand, String(id)) !== undefined,
      audience: (brand, kind, name) => get<FixtureAudience>('audiences', brand, audienceId(kind, name)),
    }
  }
}
