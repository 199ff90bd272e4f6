// The fixture format's catalogue: each brand's reference data (brands, Omail accounts, deployment
// types, billing categories, recommendation behaviors) and its audiences (the sandbox FTP folder's
// lists, Omail outputs and queries). Part of the public fixture contract (format.ts).
import { Type, type Static } from '@sinclair/typebox'
import { Brand, DEPLOYMENT_DESIGNATIONS, Identifier } from './fixture-fields.js'

/** What the deploymenttypes endpoint says about a brand. */
export const FixtureBrand = Type.Object({
  BrandAbbrev: Brand,
  Id: Type.Integer({ description: 'The brand identifier (default 0)' }),
  Description: Type.String({ description: 'The name of the brand (default: its abbreviation)' }),
  Digital: Type.Optional(Type.Boolean({ description: "A digital brand: an audience's " +
    'ApplyBrandLevelDefaultSuppressions defaults to 0, and 1 is refused (default true)' })),
  MissingFtpFolder: Type.Optional(Type.Boolean({ description: "The brand has no subdirectory in the sandbox's " +
    'Omail FTP folder: every RecipientList added is refused (default false)' })),
  DeploymentDefaults: Type.Optional(Type.Object({
    FromName: Type.Optional(Type.String()),
    Mailbox: Type.Optional(Type.String()),
    Subject: Type.Optional(Type.String()),
    ReplyTo: Type.Optional(Type.String()),
  }, {
    additionalProperties: false,
    description: 'What the content page fills in when a post leaves these out (then not required)',
  })),
}, { additionalProperties: false })

/** An Omail account: an owner, approver or editor of deployments. */
export const FixtureAccount = Type.Object({
  UserId: Identifier('The account as requests name it (ignoring case)'),
  Active: Type.Optional(Type.Boolean({ description: 'An inactive account may not own or approve a new deployment ' +
    '(default true)' })),
  ContentRecommendations: Type.Optional(Type.Boolean({
    description: 'May create deployments that use content recommendations (default false)',
  })),
}, { additionalProperties: false })

export const FixtureDeploymentType = Type.Object({
  Brand,
  Id: Type.Integer({ description: 'The DeploymentTypeId' }),
  Name: Type.String(),
  Description: Type.String(),
  LongDescription: Type.Optional(Type.String()),
  AlternateId: Type.Optional(Type.String({ description: "The client's own value for the type (default \"\")" })),
  StatusCode: Type.Union([Type.Literal(0), Type.Literal(1)], { description: '1 active, 0 inactive' }),
  DeploymentDesignation: Type.Optional(Type.Union(DEPLOYMENT_DESIGNATIONS.map((d) => Type.Literal(d)), {
    description: "The designation of deployments made with this type (the emulator's; deploymenttypes " +
      'does not show it)',
  })),
}, { additionalProperties: false })

export const FixtureBillingCategory = Type.Object({
  Brand, Code: Identifier('The billing category code (the page says 8 characters)'),
}, { additionalProperties: false })

export const FixtureRecommendationBehavior = Type.Object({
  Brand, Id: Type.Integer({ description: 'A ContentRecommendationBehaviorId' }),
}, { additionalProperties: false })

/** How an audience names its recipients: a file in the FTP folder, an Omail output, or a query. */
export const AUDIENCE_KINDS = ['RecipientList', 'OmailOutput', 'QueryName'] as const
export type AudienceKind = (typeof AUDIENCE_KINDS)[number]

/**
 * A recipient list in a brand's sandbox FTP folder, an Omail output or an audience query: what an
 * audience add may name. Exactly one of the three names.
 */
export const FixtureAudience = Type.Object({
  Brand,
  RecipientList: Type.Optional(Identifier("A file in the brand's folder of the sandbox's Omail FTP site")),
  OmailOutput: Type.Optional(Identifier('An Omail output of the brand')),
  QueryName: Type.Optional(Identifier('An audience query of the brand')),
  Headers: Type.Optional(Type.String({ description: "A RecipientList's header row, comma-delimited; the email " +
    "header rules are checked against it (default 'email')" })),
  Rows: Type.Integer({ minimum: 0, description: 'Its records' }),
  InvalidRows: Type.Optional(Type.Integer({ minimum: 0, description: 'Records rejected when it loads: some give a ' +
    'WARNING, all give an ERROR (default 0)' })),
}, { additionalProperties: false })

/** The brands' reference data that create and update check against, each list optional in a file. */
export const FixtureCatalogue = Type.Object({
  brands: Type.Optional(Type.Array(FixtureBrand)),
  accounts: Type.Optional(Type.Array(FixtureAccount)),
  deploymentTypes: Type.Optional(Type.Array(FixtureDeploymentType)),
  billingCategories: Type.Optional(Type.Array(FixtureBillingCategory)),
  recommendationBehaviors: Type.Optional(Type.Array(FixtureRecommendationBehavior)),
  audiences: Type.Optional(Type.Array(FixtureAudience)),
})

export type FixtureBrand = Static<typeof FixtureBrand>
export type FixtureAccount = Static<typeof FixtureAccount>
export type FixtureDeploymentType = Static<typeof FixtureDeploymentType>
export type FixtureBillingCategory = Static<typeof FixtureBillingCategory>
export type FixtureRecommendationBehavior = Static<typeof FixtureRecommendationBehavior>
export type FixtureAudience = Static<typeof FixtureAudience>
export type CatalogueSection = keyof Static<typeof FixtureCatalogue>
/** Every catalogue list, present. */
export type Catalogue = Required<Static<typeof FixtureCatalogue>>
