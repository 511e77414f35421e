import type { EmulatorUser } from './EmulatorUser';
import type { TokenIssuer } from './TokenIssuer';

/** A plain HTTP answer of the identity endpoints (OAuth errors are not Dataverse-shaped). */
export interface PlainResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Client credentials the token endpoint accepts, each mapped to the user its tokens act as. */
export interface ClientRegistration {
  clientId: string;
  clientSecret: string;
  userId: string;
}

/**
 * `POST /oauth2/v2.0/token` and `POST /<tenant>/oauth2/v2.0/token` (also the v1 `…/oauth2/token` with `resource`):
 * the OAuth 2.0 client-credentials grant, as Microsoft Entra ID answers it. The client authenticates with
 * `client_id` + `client_secret` in the form body or with HTTP Basic. v2 requests need a `scope` ending in `/.default`;
 * the token's audience is that resource. Errors use Entra's `{ error, error_description, error_codes }` shape.
 */
export class TokenEndpoint {
  constructor(
    private readonly issuer: TokenIssuer,
    private readonly clients: () => readonly ClientRegistration[],
  ) {}

  handle(method: string, body: string, headers: Record<string, string>, origin: string, tenant: string, v1: boolean): PlainResponse {
    if (method !== 'POST') return oauthError(405, 'invalid_request', 'AADSTS900561: The endpoint only accepts POST requests.', 900561);
    const form = new URLSearchParams(body);
    let clientId = form.get('client_id') ?? undefined;
    let clientSecret = form.get('client_secret') ?? undefined;
    const authorization = headers['authorization'];
    if (authorization !== undefined && /^Basic\b/i.test(authorization)) {
      const credentials = readBasicCredentials(authorization);
      if (typeof credentials === 'string') {
        return oauthError(401, 'invalid_client', `AADSTS50012: The Authorization header is not valid HTTP Basic client credentials: ${credentials}.`, 50012, {
          'WWW-Authenticate': 'Basic realm="token"',
        });
      }
      clientId ??= credentials.clientId;
      clientSecret ??= credentials.clientSecret;
    }
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return oauthError(400, 'unsupported_grant_type', `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ''}'. The emulator supports client_credentials only.`, 70003);
    }
    if (!clientId) return oauthError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'client_id'.", 900144);
    let audience: string;
    if (v1) {
      audience = form.get('resource') ?? '';
      if (!audience) return oauthError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'resource'.", 900144);
    } else {
      const scope = form.get('scope');
      if (!scope) return oauthError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'scope'.", 900144);
      const resource = scope.split(/\s+/).find((item) => item.endsWith('/.default'));
      if (!resource) {
        return oauthError(
          400,
          'invalid_scope',
          `AADSTS1002012: The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
          1002012,
        );
      }
      audience = resource.slice(0, -'/.default'.length);
    }
    const client = this.clients().find((candidate) => candidate.clientId === clientId);
    if (!client) {
      return oauthError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${tenant}'.`, 700016);
    }
    if (client.clientSecret !== clientSecret) {
      return oauthError(401, 'invalid_client', `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`, 7000215);
    }
    const lifetime = this.issuer.lifetime;
    const token = this.issuer.issue(client.userId, client.clientId, audience, `${origin}/${tenant}/v2.0`);
    const answer: Record<string, unknown> = { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token };
    if (v1) Object.assign(answer, { resource: audience, expires_on: String(Math.floor(Date.now() / 1000) + lifetime) });
    return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' }, body: JSON.stringify(answer) };
  }
}

/** Client registrations of the emulator: the default client for the identity, plus users that have credentials. */
export function clientRegistrations(clientId: string, clientSecret: string, identity: EmulatorUser, users: readonly EmulatorUser[]): ClientRegistration[] {
  const registrations: ClientRegistration[] = [{ clientId, clientSecret, userId: identity.userId }];
  for (const user of users) {
    if (user.clientId && user.clientSecret) registrations.push({ clientId: user.clientId, clientSecret: user.clientSecret, userId: user.userId });
  }
  return registrations;
}

/**
 * `Basic base64(urlencode(client_id):urlencode(client_secret))` (RFC 6749 §2.3.1), or what is wrong with it. Nothing of
 * the header's value goes into the reason: it may hold a secret.
 */
function readBasicCredentials(header: string): { clientId: string; clientSecret: string } | string {
  const encoded = /^Basic\s+(\S+)\s*$/i.exec(header)?.[1];
  if (!encoded) return 'no credentials after "Basic"';
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded) || encoded.length % 4 === 1) return 'the credentials are not base64';
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return 'the decoded credentials are not "client_id:client_secret"';
  try {
    return { clientId: decodeURIComponent(decoded.slice(0, colon)), clientSecret: decodeURIComponent(decoded.slice(colon + 1)) };
  } catch {
    return 'the client id or secret is not correctly percent-encoded';
  }
}

function oauthError(status: number, error: string, description: string, code: number, extraHeaders: Record<string, string> = {}): PlainResponse {
  return {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache', ...extraHeaders },
    body: JSON.stringify({
      error,
      error_description: description,
      error_codes: [code],
      timestamp: new Date().toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'),
      trace_id: crypto.randomUUID(),
      correlation_id: crypto.randomUUID(),
    }),
  };
}
