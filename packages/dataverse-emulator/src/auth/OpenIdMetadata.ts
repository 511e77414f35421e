import type { PlainResponse } from './TokenEndpoint';

/**
 * The identity-provider metadata `@azure/msal-node` reads before it asks for a token, so a
 * `ConfidentialClientApplication` with `authority: <emulator>/<tenant>` and `knownAuthorities: ['<host:port>']` works:
 * - `GET /<tenant>/v2.0/.well-known/openid-configuration` (and `/<tenant>/.well-known/openid-configuration`);
 * - `GET /common/discovery/instance` or `/<tenant>/discovery/instance` (instance discovery; msal skips it for known
 *   authorities);
 * - `GET /<tenant>/discovery/v2.0/keys` (an empty key set: client-credential tokens are opaque to the client).
 */
export function openIdConfiguration(origin: string, tenant: string): PlainResponse {
  const base = `${origin}/${tenant}`;
  const host = new URL(origin).host;
  return json({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${base}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: `${base}/openid/userinfo`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'oid', 'tid', 'appid'],
    kerberos_endpoint: `${base}/kerberos`,
    tenant_region_scope: null,
    cloud_instance_name: host,
    cloud_graph_host_name: host,
    msgraph_host: host,
    rbac_url: origin,
  });
}

export function instanceDiscovery(origin: string, tenant: string): PlainResponse {
  const host = new URL(origin).host;
  return json({
    tenant_discovery_endpoint: `${origin}/${tenant}/v2.0/.well-known/openid-configuration`,
    'api-version': '1.1',
    metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
  });
}

export function jsonWebKeys(): PlainResponse {
  return json({ keys: [] });
}

function json(body: unknown): PlainResponse {
  return { status: 200, headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) };
}
