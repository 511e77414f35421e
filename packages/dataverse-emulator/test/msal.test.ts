import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import https from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as msal from '@azure/msal-node';
import { startEmulator, type RunningEmulator } from '../src/index';


function getJson(url: string, headers: Record<string, string>, ca: string): Promise<{ status: number; body: any }> {
  return new Promise((resolveGet, reject) => {
    https
      .get(url, { headers, ca }, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => resolveGet({ status: response.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
      })
      .on('error', reject);
  });
}

describe('HTTPS and @azure/msal-node client credentials', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-emulator-tls-'));
  let key: string;
  let cert: string;
  let emulator: RunningEmulator;

  beforeAll(async () => {
    execFileSync('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
      '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost',
      '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'),
    ], { stdio: 'ignore' });
    key = readFileSync(join(dir, 'key.pem'), 'utf8');
    cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
    emulator = await startEmulator({ port: 0, db: ':memory:', tls: { key, cert } });
  });
  afterAll(async () => {
    await emulator?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('listens with HTTPS and serves the OpenID metadata msal reads', async () => {
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const config = await getJson(`${emulator.authority}/v2.0/.well-known/openid-configuration`, {}, cert);
    expect(config.status).toBe(200);
    expect(config.body).toMatchObject({ token_endpoint: emulator.tokenUrl, issuer: `${emulator.authority}/v2.0` });
    const discovery = await getJson(`${emulator.url}/common/discovery/instance?api-version=1.1&authorization_endpoint=x`, {}, cert);
    expect(discovery.body.metadata[0].aliases).toEqual([new URL(emulator.url).host]);
  });

  it('gives a ConfidentialClientApplication a token that the Web API accepts', async () => {
    const app = new msal.ConfidentialClientApplication({
      auth: {
        clientId: emulator.clientId,
        clientSecret: emulator.clientSecret,
        authority: emulator.authority,
        knownAuthorities: [new URL(emulator.url).host],
      },
      system: { customAgentOptions: { ca: cert } },
    });
    const result = await app.acquireTokenByClientCredential({ scopes: [emulator.scope] });
    expect(result?.accessToken).toBeTruthy();
    expect(result?.tokenType).toBe('Bearer');
    const who = await getJson(`${emulator.apiUrl}/WhoAmI`, { Authorization: `Bearer ${result!.accessToken}` }, cert);
    expect(who.status).toBe(200);
    expect(who.body.UserId).toBe(emulator.identity.userId);
    // A second call is served from msal's cache: no new token request.
    const before = emulator.stats.tokenRequests;
    await app.acquireTokenByClientCredential({ scopes: [emulator.scope] });
    expect(emulator.stats.tokenRequests).toBe(before);
  });

  it('makes msal fail on a wrong secret', async () => {
    const app = new msal.ConfidentialClientApplication({
      auth: { clientId: emulator.clientId, clientSecret: 'wrong', authority: emulator.authority, knownAuthorities: [new URL(emulator.url).host] },
      system: { customAgentOptions: { ca: cert } },
    });
    await expect(app.acquireTokenByClientCredential({ scopes: [emulator.scope] })).rejects.toMatchObject({ errorCode: 'invalid_client' });
  });
});
