import { MsalTokenProvider, type MsalTokenProviderOptions } from './MsalTokenProvider';
import { StaticTokenProvider } from './StaticTokenProvider';
import type { TokenProvider } from './TokenProvider';

/** How the client authenticates: a token provider, a static token, or OAuth client credentials (msal-node). */
export type DataverseAuthOptions =
  | TokenProvider
  | { token: string | (() => string | Promise<string>) }
  | ({ clientId: string; clientSecret: string; authority: string } & Omit<MsalTokenProviderOptions, 'clientId' | 'clientSecret' | 'authority'>);

/**
 * The token provider for a client's `auth` option, and the secrets it was given (a static token, a client secret)
 * so the client can cut them out of messages. `serviceUrl` gives an MSAL provider its default scope.
 */
export function tokenProviderFromAuth(auth: DataverseAuthOptions, serviceUrl: string): { provider: TokenProvider; secrets: string[] } {
  if ('getToken' in auth && typeof auth.getToken === 'function') {
    if (auth instanceof MsalTokenProvider) auth.useDefaultScope(`${serviceUrl}/.default`);
    return { provider: auth, secrets: [] };
  }
  if ('token' in auth) {
    return { provider: new StaticTokenProvider(auth.token), secrets: typeof auth.token === 'string' ? [auth.token] : [] };
  }
  const msal = auth as MsalTokenProviderOptions;
  return { provider: new MsalTokenProvider({ ...msal, scope: msal.scope ?? `${serviceUrl}/.default` }), secrets: [msal.clientSecret] };
}
