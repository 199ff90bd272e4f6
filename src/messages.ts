// Every message the emulator puts in an `Errors` array. The first block is Omeda's documented
// wording, character for character; the rest is ours, worded in the same style (see docs/fidelity.md).

export const documented = {
  required: (fieldName: string) => `The field '${fieldName}' is required.`,
  maxLength: (value: string, fieldName: string, max: number) =>
    `The value '${value}' for field '${fieldName}' exceeded a max length of ${max}.`,
  wasSent: (trackId: string, sendDate: string) => `Deployment '${trackId}' was sent on ${sendDate}.`,
  previouslyCancelled: (trackId: string) => `Deployment '${trackId}' has been previously cancelled.`,
  // The `User '…'` templates lower-case the name, as the cancel page's example does.
  notAuthorized: (userName: string) =>
    `User '${userName.toLowerCase()}' is not authorized to cancel this deployment.`,
  // "unchedule" is the unschedule page's own spelling.
  unscheduleNotAuthorized: (userName: string) =>
    `User '${userName.toLowerCase()}' is not authorized to unchedule this deployment.`,
  notCurrentlyScheduled: (trackId: string) => `Deployment '${trackId}' is not currently scheduled.`,
  // The `UserId '…'` templates print the id as the request sent it.
  scheduleNotAuthorized: (userId: string, trackId: string) =>
    `UserId '${userId}' is not authorized to schedule deployment '${trackId}'.`,
  currentlyScheduled: (trackId: string, dateScheduled: string) =>
    `Deployment '${trackId}' is currently scheduled for ${dateScheduled}. You must first unschedule the deployment if you wish to re-schedule.`,
  noRecipients: () => 'There are no recipients specified for this deployment.',
  scheduledDateInPast: () => 'The scheduled date must be in the future.',
  editedInPortal: (trackId: string, account: string, date: string) =>
    `Deployment '${trackId}' has been edited from the Omail portal and is not eligible for API access. Last edited by ${account} on ${date}.`,
  // Two spaces before "was", as on the schedule page.
  createdInPortal: (trackId: string) =>
    `Deployment '${trackId}'  was created within the Omail portal and is not eligible for API access.`,
  // No closing period, as on the test page.
  editNotAuthorized: (userId: string, trackId: string) => `UserId '${userId}' is not authorized to edit deployment '${trackId}'`,
  // "Scheduled , Approved": the space before the comma is the test page's.
  cannotBeEdited: (trackId: string) =>
    `Deployment '${trackId}' cannot be edited. Sent, Scheduled , Approved, or Cancelled deployments cannot be edited.`,
  noFinalApprover: () => 'There is no final approver assigned to this deployment.',
  forbiddenAppId: () => 'The AppId submitted is forbidden access.',
  // Worded as on the sibling schedule page (the cancel page documents no text for it).
  deploymentNotFound: (trackId: string) => `No deployment was found matching trackId '${trackId}'.`,
  // The lookup page's wording for an unknown TrackId (no closing period, as documented).
  lookupNotFound: (trackId: string) => `Could not find deployment matching track Id ${trackId}`,

  // The deployment page's (create and update) and the clone page's.
  requiredField: (fieldName: string) => `'${fieldName}' is a required field.`,
  deploymentTypeRequired: () => "Field 'DeploymentTypeId' is a required field.",
  trackIdRequiredToUpdate: () => "'TrackId' is a required when updating an existing deployment.",
  trackIdOnCreate: () => "'TrackId' is not a valid field when creating a deployment. It will be auto-generated.",
  accountNotFound: (fieldName: string, userId: string) => `'${fieldName}' ${userId} was not found.`,
  accountNotActive: (fieldName: string, userId: string) => `'${fieldName}' ${userId} is not active.`,
  duplicateTester: (emailAddress: string) =>
    `The Duplicate value '${emailAddress}' submitted for Testers array, field 'EmailAddress'. Tester emails must be unique.`,
  // "The The" is the page's.
  tooManySplits: (splits: number) => `The The value '${splits}' for field 'Splits' cannot be greater than 1.`,
  zeroOrOne: (value: string, fieldName: string) => `The value '${value}' for field '${fieldName}' must be 0 or 1.`,
  // No closing period; the page's stray `"` after the last quote is left out (docs/fidelity.md).
  ownerNotAuthorizedToEdit: (ownerUserId: string, trackId: string) =>
    `OwnerUserId '${ownerUserId}' is not authorized to edit deployment '${trackId}'`,
  dateNotInFuture: (deploymentDate: string) =>
    `Invalid value '${deploymentDate}' for field 'DeploymentDate'. The date must be in the future.`,
  dateFormat: (deploymentDate: string) =>
    `Invalid value '${deploymentDate}' for field 'DeploymentDate'. Date format yyyy-MM-dd HH:mm is required.`,
  deploymentTypeNotFound: (deploymentTypeId: string) =>
    `Invalid value '${deploymentTypeId}' submitted for field 'DeploymentTypeId'. The Deployment Type was not found.`,
  deploymentTypeNotActive: (deploymentTypeId: string) =>
    `Invalid value '${deploymentTypeId}' submitted for field 'DeploymentTypeId'. The Deployment Type is not active.`,
  unknownBillingCategory: (code: string) => `Unknown category code '${code}' submitted for field 'BillingCategoryCode'.`,
  contentRecommendationsNotAuthorized: (ownerUserId: string) =>
    `OwnerUserId '${ownerUserId}' is not authorized to create deployments that Use Content Recommendations.`,
  requiredForRecommendations: (fieldName: string) =>
    `'${fieldName}' is required when the value for 'UseContentRecommendation' is 1.`,
  notARecommendationBehavior: (id: string) =>
    `The value '${id}' for field 'ContentRecommendationBehaviorId' is not a valid Content Recommendation Behavior.`,
  recommendationsBetween: (value: string) =>
    `The value '${value}' for field 'NumberOfRecommendations' must be between 1 and 10.`,
  cannotBeCloned: (trackId: string) => `Deployment '${trackId}' cannot be cloned.`,
  // The deployment type lookup page's; {brandId} is the URL's abbreviation.
  brandNotFound: (brandId: string) => `Brand ${brandId} was not found.`,

  // The audience pages' (add, status, remove). The FTP paths' two backslashes and the stray `'"` are the page's.
  notAValidFileType: (listName: string) =>
    `Recipient list ${listName} is not a valid file type. Valid file types are .csv and .txt`,
  noBrandFolder: (brand: string) =>
    `The following brand subdirectory : '\\\\${brand}' does not exist in your Omail ftp folder. Files must be placed in the appropriate brand subdirectory in order to be processed.`,
  fileNotInFolder: (brand: string, fileName: string) =>
    `We could not find the following file : '"\\\\${brand}\\\\${fileName} in your Omail ftp folder.`,
  verifyFolder: () =>
    'Please verify that your file has been placed in the proper brand folder in your Omail FTP folder.',
  // The page prints "has only 1 split."; a deployment with more splits says how many (docs/fidelity.md).
  noSuchSplit: (splitNumber: number, trackId: string, splits: number) =>
    `Split ${splitNumber} does not exist for deployment ${trackId}. Deployment '${trackId}' has only ${splits} split${splits === 1 ? '' : 's'}.`,
  splitHasList: (split: number, listName: string, assignmentDate: string) =>
    `Split ${split} already has recipient list '${listName}' assigned on ${assignmentDate}. You must first remove '${listName}' before assigning a list to split ${split}.`,
  listNameUsed: (listName: string, assignmentDate: string) =>
    `A recipient list with the name '${listName}' has been used previously for this deployment on ${assignmentDate}.`,
  noEmailHeader: (listName: string) =>
    `Recipient list '${listName}' does not have a valid email header. Valid headers are 'email', 'email_address', 'email-address', and 'emailaddress'.`,
  twoEmailHeaders: (listName: string, first: string, second: string) =>
    `Recipient list '${listName}' has more than one email header defined: '${first}','${second}'.`,
  digitalSuppressions: () =>
    "Value '1' for field 'ApplyBrandLevelDefaultSuppressions' is not allowed for digital deployments.",
  listIdNotFound: (listId: string) => `ListId ${listId} was not found.`,
  // Two spaces before the quote, as on the status page.
  noDeploymentForList: (listId: string) => `No deployment found for  '${listId}'`,
  listCreatedInPortal: (trackId: string) =>
    `Deployment '${trackId}' associated with this file was created within the Omail portal and is not eligible for API access.`,
  // "assocated" is the status page's.
  listEditedInPortal: (trackId: string, userName: string, changedDate: string) =>
    `Deployment '${trackId}' assocated with this file has been edited from the Omail portal and is not eligible for API access. Last edited by ${userName} on ${changedDate}.`,
  listRemoved: (fileName: string, userId: string, removalDate: string) =>
    `List removed: Audience list '${fileName}' was removed by ${userId} on ${removalDate}.`,
  noValidRecipients: () => 'File contained no valid recipient records.',
  // Two spaces after the TrackId, as on the remove page.
  noAudienceList: (trackId: string) => `Deployment ${trackId}  has no audience list assigned.`,
  noAudienceListSinceRemoval: (trackId: string, audienceList: string, date: string, userId: string) =>
    `Deployment ${trackId}  has no audience list assigned. An audience list with file name '${audienceList}' was removed from this deployment on ${date} by ${userId}.`,
  listNotAssigned: (audienceList: string, assigned: string, date: string, userId: string) =>
    `Audience list ${audienceList} is not assigned to this deployment. Currently assigned audience list is '${assigned}' - assigned on ${date} by ${userId}.`,
  // The test and schedule pages'.
  audienceNotLoaded: (listName: string) =>
    `Audience list ${listName} is not valid (recipient upload did not complete).`,
  // The content page's (POST omail/deployment/content, XML).
  invalidXml: () => 'Invalid xml. Please validate your xml and verify you have used CDATA tags where necessary.',
  htmlOrText: () => "One of the following fields must be set: 'HtmlContent' or 'TextContent'.",
  textContainsHtml: () => 'TextContent should not contain html.',
  htmlNeedsTags: () => 'HtmlContent must have open and closed html and body tags.',
  invalidLink: (link: string) => `Invalid link found: '${link}'`,
  // No closing period, as on the content page.
  missingUnsubscribe: (split: number) => `Missing Unsubscribe Link for split ${split} in HTML`,
  // The test page's, on a deployment with content.
  fromNameMissing: (split: number) => `From Name is missing from Split ${split}.`,
  mailboxMissing: (split: number) => `Mailbox is missing from Split ${split}.`,
  subjectMissing: (split: number) => `Subject is missing from Split ${split}.`,
  noMessageBody: (kind: 'Text' | 'HTML', split: number) => `There is no Message Body (${kind}) on Split ${split}.`,
  // The on-demand page's only error, without a closing period as printed.
  notApiTriggered: () => 'Deployment is not an API triggered deployment',
} as const

export const emulator = {
  wrongType: (fieldName: string, expected: string, actual: string) =>
    `The field '${fieldName}' must be ${expected}, but ${actual} was given.`,
  bodyNotObject: (actual: string) => `The request body must be a JSON object, but ${actual} was given.`,
  malformedJson: (detail: string) => `The request body is not valid JSON: ${detail}`,
  unsupportedContentType: (contentType: string) => `The content type '${contentType}' is not supported. Use 'application/json'.`,
  bodyTooLarge: (limit: number) => `The request body exceeds the limit of ${limit} bytes.`,
  badRequest: (detail: string) => `The request is malformed: ${detail}`,
  expectationFailed: (expect: string) =>
    `The expectation '${expect}' cannot be met: the only one supported is 'Expect: 100-continue'.`,
  notAProxy: (target: string) =>
    `The HTTP method 'CONNECT' is not allowed: the emulator is not a proxy and opens no tunnel to '${target}'.`,
  methodNotAllowed: (method: string, allowed: string) =>
    `The HTTP method '${method}' is not allowed for this resource. Use ${allowed}.`,
  resourceNotFound: (method: string, path: string) => `No resource matches ${method} ${path}.`,
  injectedFault: (status: number) => `Fault injected by the emulator: HTTP ${status}.`,
  rateLimited: (retryAfter: string) => `Rate limit exceeded (injected by the emulator). Retry after ${retryAfter}.`,
  tooManyWorlds: (max: number) =>
    `The emulator already holds its limit of ${max} worlds, one per app id, and creates no more. Reset every world (POST /__admin/reset without an app id) or raise OMEDA_MAX_WORLDS (--max-worlds).`,
  tenantRequired: () =>
    "In isolation mode this admin call needs an 'x-omeda-appid' header naming the tenant's app id.",
  adminTokenRequired: () =>
    "This admin call needs the header 'Authorization: Bearer <token>' with the token set in OMEDA_ADMIN_TOKEN.",
  noSuchSubmission: (id: string) => `No submission was found with SubmissionId '${id}'.`,
  noSuchFault: (id: number) => `No fault was found with id ${id}.`,
  clockInput: () => "The clock takes exactly one of 'now' (yyyy-MM-dd HH:mm:ss, in the vendor's zone) or 'offsetSeconds' (a number).",
  faultNeeds: (field: string, why: string) => `This fault needs '${field}' (${why}).`,
  invalidClock: (text: string) => `'${text}' is not a real date and time as yyyy-MM-dd HH:mm:ss.`,
  clockOutOfRange: (asked: string, range: { earliest: string; latest: string }, zone: string) =>
    `The sandbox clock stays between ${range.earliest} and ${range.latest} (${zone}); ${asked} is outside that range.`,
  clockSkipped: (text: string, zone: string) => `'${text}' does not exist in ${zone}: the clocks skip it when daylight saving time begins.`,
  // The schedule page states the rule ("a test deployment must be sent") but not its message.
  notTested: (trackId: string) =>
    `A test deployment must be sent before deployment '${trackId}' can be scheduled.`,
  notADateTime: (value: string, fieldName: string, form: string) =>
    `The value '${value}' for field '${fieldName}' is not ${form}.`,
  tooSmall: (fieldName: string, minimum: number, value: number) =>
    `The field '${fieldName}' must be at least ${minimum}, but ${value} was given.`,
  atLeastOne: (value: string, fieldName: string) => `The value '${value}' for field '${fieldName}' must be at least 1.`,
  arrayOf: (fieldName: string, itemType: string, actual: string) =>
    `The field '${fieldName}' must be an array of ${itemType}s, but it holds ${actual}.`,
  internal: () => 'The emulator failed to process the request. See its log for details.',
  hostNotAllowed: (host: string) =>
    `A request for host '${host}' is refused: the emulator answers at localhost, IP addresses, single-label and reserved names (.localhost, .test, .internal, .local, .home.arpa), Omeda's hosts and the names in OMEDA_ALLOWED_HOSTS, so that no web page can reach it through a name of its own.`,
  crossSiteRefused: (from: string) =>
    `A request from another site's page (${from}) is refused: web pages may not read or change the emulator.`,
  browserOnOmedaSurface: () =>
    "A browser's request for an Omeda URL is refused: Omeda's API is for servers (it needs the app id), and a web page may not use the emulator's.",
  requestTimedOut: () => 'The request did not arrive in full within the request timeout (OMEDA_REQUEST_TIMEOUT); the connection is closed.',
  tooManyEventStreams: (limit: number) =>
    `The emulator already serves its limit of ${limit} event streams; close one, or raise OMEDA_MAX_EVENT_STREAMS (--max-event-streams).`,
  adminBodyNeedsJson: () => "Admin calls that send a body must label it 'Content-Type: application/json'.",
  oneListName: () => "One of the following fields must be set: 'RecipientList', 'OmailOutput' or 'QueryName'.",
  onlyOneListName: (given: string[]) =>
    `Only one of 'RecipientList', 'OmailOutput' and 'QueryName' may be set, but ${given.map((f) => `'${f}'`).join(' and ')} were.`,
  notBesideAudience: (fieldName: string) =>
    `The field '${fieldName}' is not allowed beside 'Audience': each list's fields go in its own entry.`,
  emptyAudience: () => "The field 'Audience' must hold at least one list.",
  notACallbackUrl: (value: string) => `The value '${value}' in 'CallbackURLs' is not an http or https URL.`,
  unknownQuery: (queryName: string, brand: string) => `Query '${queryName}' was not found for brand ${brand}.`,
  unknownOutput: (outputName: string, brand: string) => `Omail output '${outputName}' was not found for brand ${brand}.`,
  newSplitInMultiForm: (splitNumber: number) =>
    `Split ${splitNumber} can only be added by a single list: in the 'Audience' form every split must exist.`,
  warningRows: (invalid: number) =>
    `There were ${invalid} invalid recipient records; ${invalid} of which contain invalid email addresses.`,
  cannotWrite: (why: string) =>
    `The emulator cannot write to its database: ${why}. It is ready again once a write succeeds.`,
  xmlDetail: (detail: string) => `The XML parser says: ${detail}`,
  xmlDeclarations: () =>
    'The document has a DOCTYPE or another markup declaration: the emulator refuses them, and never expands or fetches entities.',
  xmlRoot: (name: string) => `The root element must be 'Deployment', not '${name}'.`,
  unsupportedXmlType: (contentType: string) =>
    `The content type '${contentType}' is not supported here. Use 'text/xml' or 'application/xml'.`,
  notText: (fieldName: string) => `The field '${fieldName}' must hold text, not elements.`,
  notAnElement: (fieldName: string) => `The field '${fieldName}' must hold elements, not text.`,
  givenTwice: (fieldName: string) => `The field '${fieldName}' is given more than once.`,
  notASplitNumber: (value: string) => `The value '${value}' for field 'SplitNumber' must be a whole number from 1.`,
  splitTwice: (split: string) => `Split ${split} is given more than once.`,
  besideSplits: (fieldName: string) =>
    `The field '${fieldName}' must not be given beside 'Splits': give it inside each 'Split'.`,
  noSplit: () => "The element 'Splits' must hold at least one 'Split'.",
  notAUrl: (value: string, fieldName: string) => `The value '${value}' for field '${fieldName}' is not an http or https URL.`,
  contentNotFetched: (fieldName: string, url: string, reason: string) =>
    `The content of field '${fieldName}' could not be fetched from '${url}': ${reason}.`,
  contentFetchOff: () => "it is not in the fixtures' contentUrls, and fetching is turned off (OMEDA_CONTENT_FETCH)",
  noContent: (kind: string, trackId: string, split: string) =>
    `Deployment '${trackId}' has no ${kind} content for split ${split}.`,
  notAnEmailAddress: (value: string, fieldName: string) =>
    `The value '${value}' for field '${fieldName}' is not an email address.`,
  notAPreference: (value: string) => `The value '${value}' for field 'Preference' must be TEXT or HTML.`,
  noSuchSnapshot: (name: string) => `No snapshot named '${name}' was found in this world.`,
  snapshotVersion: (name: string, taken: number, current: number) =>
    `Snapshot '${name}' was taken with database schema ${taken}; this emulator uses schema ${current} and restores only its own: take the snapshot again with this version.`,
  tooManySnapshots: (max: number) => `The emulator already holds its limit of ${max} snapshots; delete one first.`,
  badSnapshot: (problem: string) => `The snapshot document cannot be loaded: ${problem}.`,
  // The record command's (src/parity/).
  upstreamFailed: (upstream: string, reason: string) =>
    `The recorder got no answer from the upstream ${upstream}: ${reason}.`,
  cannotWriteSession: (why: string) =>
    `The recorder cannot write its session file: ${why}. It is ready again once a write succeeds.`,
} as const

/** The JSON type name of a parsed value, as a client would say it. */
export function jsonTypeOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return 'object'
  return typeof value
}

/** A type name with its article, for messages: `a string`, `an integer`, `null`. */
export const withArticle = (type: string): string => (type === 'null' ? type : /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`)

/** The JSON type of a parsed value with its article: `an array`, `a string`, `null`. */
export const aJsonTypeOf = (value: unknown): string => withArticle(jsonTypeOf(value))
