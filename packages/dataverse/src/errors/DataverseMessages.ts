/**
 * The connector's error messages, one factory per situation, each naming the code it goes with. A message says what
 * went wrong and, where the user can do something about it, what to do. Messages never contain secrets: only ids,
 * URLs, table and column names, and the service's own text (redacted by the client).
 */
export const DataverseMessages = {
  /** `TANDEM_TABLE_UNKNOWN` (`UnknownTableError`). */
  unknownTable: (logicalName: string, known: readonly string[]): string =>
    `Unknown Dataverse table '${logicalName}'. Register its definition (the DataverseStore 'tables' option or ` +
    `store.register(defineTable({...}))), or generate one from the service with generateTableDefinition. ` +
    `Known tables: ${known.join(', ')}`,

  /** `TANDEM_DATAVERSE_VALIDATION`: a value names a column the table definition does not have. */
  unknownColumn: (field: string, table: string): string =>
    `Unknown column "${field}" on Dataverse table "${table}": correct the field mapping, or add the column to the ` +
    `table definition (regenerate it with generateTableDefinition)`,

  /** `TANDEM_DATAVERSE_AUTH`: msal-node could not get a token (`reason` is already redacted). */
  tokenNotAcquired: (clientId: string, authority: string, reason: string): string =>
    `Could not acquire a token for client ${clientId} from ${authority}: ${reason}. Check the client id, the client ` +
    `secret and the tenant id in the authority URL of the Dataverse auth options`,

  /** `TANDEM_DATAVERSE_AUTH`: a custom token provider threw (`reason` is already redacted). */
  tokenProviderFailed: (reason: string): string =>
    `Could not get a token: ${reason}. Check the token provider given as the Dataverse auth option, and its credentials`,

  /** `TANDEM_DATAVERSE_AUTH`: the authority is not a URL. */
  invalidAuthority: (authority: string): string =>
    `Invalid authority URL "${authority}": use https://login.microsoftonline.com/<tenant id>`,

  /** `TANDEM_DATAVERSE_AUTH`: msal-node accepts only https authorities. */
  authorityNotHttps: (origin: string): string =>
    `The authority must be an https URL (msal-node refuses others): "${origin}". Use ` +
    `https://login.microsoftonline.com/<tenant id>, or serve your own authority over TLS (and pass its CA as 'ca')`,

  /** `TANDEM_DATAVERSE_AUTH`: the token request succeeded but brought no token. */
  noAccessToken: (clientId: string): string =>
    `The authority returned no access token for client ${clientId}: check that the app registration may use the ` +
    `client credentials flow and that the scope names the Dataverse environment`,

  /**
   * What to do about a failed response, appended to the service's message: `401`/`403` name the fix on the
   * identity's side; the others have none the caller could apply.
   */
  fixForStatus: (status: number): string | undefined => {
    if (status === 401) {
      return 'The service refused the token: check that the app (client id) is an application user of this environment ' +
        'and that the token is for this environment (scope <service url>/.default)';
    }
    if (status === 403) return 'The application user lacks a privilege for this: give it a security role that allows it';
    return undefined;
  },

  /** `TANDEM_DATAVERSE_THROTTLED`: still throttled after the retries the policy allows. */
  throttledFix:
    'Lower the load on this identity (DataverseStore writeConcurrency, the client throttleOptions) or allow longer ' +
    'waits (retry.maxThrottledAttempts, retry.maxRetryAfterMs); the engine tries the records again on its next run',

  /** `TANDEM_DATAVERSE_TRANSIENT`: still failing after the retries the policy allows. */
  transientFix:
    'The service or the network was unavailable; the engine tries the records again on its next run. If it lasts, ' +
    'check the service URL and the network path to it',

  /** `TANDEM_DATAVERSE_METADATA_REQUEST_FAILED`: what to check for a status of the metadata service. */
  metadataFixForStatus: (status: number): string | undefined =>
    status === 401 || status === 403
      ? 'check that the token is for this environment and that its user may read table metadata'
      : undefined,
} as const;
