import { ConfidentialClientApplication, type Configuration, type NodeSystemOptions } from '@azure/msal-node';
import { inspect, type InspectOptions } from 'node:util';
import { DataverseAuthError } from '../errors/DataverseErrors';
import { DataverseMessages } from '../errors/DataverseMessages';
import { redactSecrets } from '../errors/redactSecrets';
import type { TokenProvider } from './TokenProvider';

/** Hosts of the Microsoft clouds, where msal-node's instance discovery applies. Any other host is a custom authority. */
const MICROSOFT_AUTHORITY_HOSTS = /(^|\.)(microsoftonline\.(com|us|de)|chinacloudapi\.cn|microsoftonline\.cn)$/i;

export interface MsalTokenProviderOptions {
  /** The application (client) id. */
  clientId: string;
  /** The client secret. Never logged, never part of an error message. */
  clientSecret: string;
  /**
   * The authority, `https://login.microsoftonline.com/<tenant id>` for Entra ID. msal-node accepts only `https`
   * authorities and first fetches `<authority>/v2.0/.well-known/openid-configuration`.
   */
  authority: string;
  /** The scope to ask for; defaults to `<service url>/.default` (set by `DataverseClient`). */
  scope?: string;
  /**
   * Hosts msal-node trusts without instance discovery. Defaults to the authority's host when it is not a Microsoft
   * cloud host (an ADFS, B2C or local emulator authority).
   */
  knownAuthorities?: string[];
  /**
   * Extra CA certificates (PEM) msal-node trusts when talking to the authority — for an authority with a private or
   * test certificate. Passed as msal-node's `system.customAgentOptions.ca`.
   */
  ca?: string | Buffer | Array<string | Buffer>;
  /** msal-node logger options (PII logging stays off unless you turn it on here). */
  loggerOptions?: NodeSystemOptions['loggerOptions'];
  /** Anything else for msal-node's configuration (merged last; e.g. `auth.clientCertificate`). */
  msalConfig?: Partial<Configuration>;
  /**
   * Seconds before expiry at which a token is renewed (capped at a fifth of the token's lifetime for short-lived
   * tokens). Default 300, like msal-node.
   */
  renewBeforeExpirySeconds?: number;
}

/**
 * OAuth 2.0 client credentials through `@azure/msal-node`. Tokens are cached in memory and renewed before they
 * expire; concurrent callers share one token request; `forceRefresh` (after a `401`) bypasses every cache.
 * The secret, the msal-node application (which holds it and its token cache) and the cached token live in private
 * fields: inspecting or serialising the provider shows the client id, authority, scope and identity key only.
 */
export class MsalTokenProvider implements TokenProvider {
  readonly identityKey: string;
  readonly clientId: string;
  readonly authority: string;
  /** How many tokens were fetched from the authority (not from a cache). */
  tokensAcquired = 0;
  readonly #app: ConfidentialClientApplication;
  readonly #options: MsalTokenProviderOptions;
  #scope: string | undefined;
  #cached: { token: string; renewAt: number } | undefined;
  #inFlight: Promise<string> | undefined;

  constructor(options: MsalTokenProviderOptions) {
    this.#options = options;
    this.clientId = options.clientId;
    this.authority = options.authority;
    this.#scope = options.scope;
    let authorityUrl: URL;
    try {
      authorityUrl = new URL(options.authority);
    } catch {
      throw new DataverseAuthError(DataverseMessages.invalidAuthority(options.authority));
    }
    if (authorityUrl.protocol !== 'https:') {
      throw new DataverseAuthError(DataverseMessages.authorityNotHttps(authorityUrl.origin));
    }
    const knownAuthorities =
      options.knownAuthorities ?? (MICROSOFT_AUTHORITY_HOSTS.test(authorityUrl.hostname) ? [] : [authorityUrl.host]);
    const config: Configuration = {
      ...options.msalConfig,
      auth: {
        clientId: options.clientId,
        clientSecret: options.clientSecret,
        authority: options.authority,
        knownAuthorities,
        ...options.msalConfig?.auth,
      },
      system: {
        loggerOptions: { piiLoggingEnabled: false, ...options.loggerOptions },
        ...(options.ca ? { customAgentOptions: { ca: options.ca } } : {}),
        ...options.msalConfig?.system,
      },
    };
    this.#app = new ConfidentialClientApplication(config);
    this.identityKey = `msal:${authorityUrl.origin.toLowerCase()}${authorityUrl.pathname.replace(/\/+$/, '').toLowerCase()}|${options.clientId}`;
  }

  /** Sets the default scope (`DataverseClient` calls it with `<service url>/.default` when none was configured). */
  useDefaultScope(scope: string): void {
    if (!this.#scope) this.#scope = scope;
  }

  /** The scope tokens are asked for. */
  get scope(): string | undefined {
    return this.#scope;
  }

  async getToken(options: { forceRefresh?: boolean } = {}): Promise<string> {
    if (!options.forceRefresh && this.#cached && Date.now() < this.#cached.renewAt) return this.#cached.token;
    if (this.#inFlight && !options.forceRefresh) return this.#inFlight;
    const request = this.acquire(options.forceRefresh === true);
    this.#inFlight = request;
    try {
      return await request;
    } finally {
      if (this.#inFlight === request) this.#inFlight = undefined;
    }
  }

  /** Drops the cached token (the next call fetches a new one). */
  invalidate(): void {
    this.#cached = undefined;
  }

  toJSON(): { clientId: string; authority: string; scope?: string; identityKey: string; tokensAcquired: number } {
    return { clientId: this.clientId, authority: this.authority, scope: this.#scope, identityKey: this.identityKey, tokensAcquired: this.tokensAcquired };
  }

  [inspect.custom](_depth: number, options: InspectOptions, nested: typeof inspect): string {
    return `MsalTokenProvider ${nested(this.toJSON(), options)}`;
  }

  private async acquire(skipCache: boolean): Promise<string> {
    if (!this.#scope) throw new DataverseAuthError('No scope configured for the MSAL token provider');
    let result;
    try {
      result = await this.#app.acquireTokenByClientCredential({ scopes: [this.#scope], skipCache });
    } catch (error) {
      throw this.authError(error);
    }
    if (!result?.accessToken) {
      throw new DataverseAuthError(DataverseMessages.noAccessToken(this.clientId));
    }
    this.tokensAcquired += 1;
    const now = Date.now();
    const expiresAt = result.expiresOn ? result.expiresOn.getTime() : now + 5 * 60_000;
    const lifetime = Math.max(0, expiresAt - now);
    const renewBefore = Math.min((this.#options.renewBeforeExpirySeconds ?? 300) * 1000, lifetime / 5);
    const refreshOn = result.refreshOn ? result.refreshOn.getTime() : Number.POSITIVE_INFINITY;
    this.#cached = { token: result.accessToken, renewAt: Math.min(expiresAt - renewBefore, refreshOn) };
    return result.accessToken;
  }

  /** A typed auth error whose message names the client and the authority, and never contains the secret. */
  private authError(error: unknown): DataverseAuthError {
    const { errorCode, errorMessage, message } = (error ?? {}) as { errorCode?: unknown; errorMessage?: unknown; message?: unknown };
    const reason = String(errorMessage || message || error).split('\n')[0] ?? '';
    const code = typeof errorCode === 'string' ? errorCode : '';
    const text = redactSecrets(
      DataverseMessages.tokenNotAcquired(this.clientId, this.authority, `${code ? `${code}: ` : ''}${reason}`),
      [this.#options.clientSecret, this.#cached?.token],
    );
    // The original msal error is not attached as `cause`: it may carry request details we cannot vouch for.
    return new DataverseAuthError(text, { platformCode: code });
  }
}
