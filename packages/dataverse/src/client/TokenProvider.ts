/** Supplies the bearer token for Dataverse requests. */
export interface TokenProvider {
  /**
   * A stable, non-secret key for the identity the tokens belong to (e.g. `msal:<authority>|<client id>`); the client
   * shares one throttle per (service URL, identity key).
   */
  readonly identityKey: string;
  /**
   * The current token. `forceRefresh` is set after the service answered `401`: the provider must not return the
   * token it returned before from a cache.
   */
  getToken(options?: { forceRefresh?: boolean }): Promise<string>;
}
