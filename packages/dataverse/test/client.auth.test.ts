import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetworkResponse } from '@azure/msal-node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseAuthError, DataverseClient, MsalTokenProvider, ThrottleRegistry, type TokenProvider } from '@tandem/dataverse';
import { fetchTrusting, makeTestCertificate, requireOpenssl } from './tlsTestCertificate';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

describe('OAuth client credentials through msal-node, against the emulator over TLS', () => {
  let dir: string;
  let tls: { ca: string; key: string; cert: string };

  beforeAll(() => {
    requireOpenssl();
    dir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
    tls = makeTestCertificate(dir);
  });
  afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

  async function start(options: EmulatorOptions = {}) {
    const emulator = await startEmulator({ port: 0, db: ':memory:', tls: { key: tls.key, cert: tls.cert }, ...options });
    running.push(emulator);
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    return emulator;
  }

  it('gets a token by client credentials, calls the API with it, and renews it when it expires', async () => {
    const emulator = await start({ tokenLifetimeSeconds: 2 });
    const client = new DataverseClient({
      url: emulator.url,
      auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, authority: emulator.authority, ca: tls.ca },
      fetch: fetchTrusting(tls.ca),
      throttleRegistry: new ThrottleRegistry(),
    });
    const provider = client.tokenProvider as MsalTokenProvider;
    expect(provider).toBeInstanceOf(MsalTokenProvider);

    expect((await client.whoAmI()).UserId).toBe(emulator.identity.userId);
    await client.whoAmI();
    expect(emulator.stats.tokenRequests).toBe(1);
    expect(provider.tokensAcquired).toBe(1);

    await new Promise((resolve) => setTimeout(resolve, 2_200));
    expect((await client.whoAmI()).UserId).toBe(emulator.identity.userId);
    expect(emulator.stats.tokenRequests).toBe(2);
    expect(provider.tokensAcquired).toBe(2);
    expect(emulator.stats.unauthorized).toBe(0);
  });

  it('shares one token request between concurrent callers, and forceRefresh bypasses every cache', async () => {
    const emulator = await start();
    const provider = new MsalTokenProvider({
      clientId: emulator.clientId,
      clientSecret: emulator.clientSecret,
      authority: emulator.authority,
      scope: emulator.scope,
      ca: tls.ca,
    });
    const tokens = await Promise.all(Array.from({ length: 10 }, () => provider.getToken()));
    expect(new Set(tokens).size).toBe(1);
    expect(emulator.stats.tokenRequests).toBe(1);
    await provider.getToken({ forceRefresh: true });
    expect(emulator.stats.tokenRequests).toBe(2);
  });

  it('refuses an authority that is not https, before any request', () => {
    expect(() => new MsalTokenProvider({ clientId: 'x', clientSecret: 'y', authority: 'http://127.0.0.1:1/tenant' })).toThrow(DataverseAuthError);
  });

  it('fails with a typed auth error that never contains the client secret', async () => {
    const emulator = await start();
    const secret = 'Sup3r~Secret/Value+With=Special&Chars';
    const logged: string[] = [];
    const client = new DataverseClient({
      url: emulator.url,
      auth: {
        clientId: emulator.clientId,
        clientSecret: secret,
        authority: emulator.authority,
        ca: tls.ca,
        loggerOptions: { loggerCallback: (_level, message) => void logged.push(message), logLevel: 4 /* Trace */, piiLoggingEnabled: false },
      },
      fetch: fetchTrusting(tls.ca),
      throttleRegistry: new ThrottleRegistry(),
      logger: { warn: (m) => void logged.push(m), debug: (m) => void logged.push(m) },
    });
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseAuthError);
    expect(error).toMatchObject({ kind: 'auth', platformCode: 'invalid_client' });
    const text = `${(error as Error).message} ${String((error as Error).stack)} ${JSON.stringify(error)}`;
    expect(text).toContain(emulator.clientId);
    for (const form of [secret, encodeURIComponent(secret), new URLSearchParams({ s: secret }).toString().slice(2)]) {
      expect(text).not.toContain(form);
      expect(logged.join('\n')).not.toContain(form);
    }
    expect(logged.length).toBeGreaterThan(0);
  });

  it('redacts the secret even when a lower layer puts the token request body into its error', async () => {
    const secret = 'another-Secret~123/+=';
    const provider = new MsalTokenProvider({
      clientId: 'app',
      clientSecret: secret,
      authority: 'https://127.0.0.1:9/tenant',
      scope: 'https://org.example/.default',
      msalConfig: {
        system: {
          networkClient: {
            sendGetRequestAsync: async () => {
              throw new Error('metadata unavailable');
            },
            // An identity endpoint that echoes the request (secret included) into its error description.
            sendPostRequestAsync: async <T,>(_url: string, options?: { body?: string }) =>
              ({
                status: 400,
                headers: {},
                body: { error: 'invalid_request', error_description: `Cannot read request body: ${options?.body ?? ''}` },
              }) as unknown as NetworkResponse<T>,
          },
        },
        auth: {
          clientId: 'app',
          authorityMetadata: JSON.stringify({
            token_endpoint: 'https://127.0.0.1:9/tenant/oauth2/v2.0/token',
            authorization_endpoint: 'https://127.0.0.1:9/tenant/oauth2/v2.0/authorize',
            issuer: 'https://127.0.0.1:9/tenant/v2.0',
            jwks_uri: 'https://127.0.0.1:9/tenant/discovery/v2.0/keys',
            end_session_endpoint: 'https://127.0.0.1:9/tenant/oauth2/v2.0/logout',
          }),
        },
      },
    });
    const error = await provider.getToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseAuthError);
    const message = (error as Error).message;
    expect(message).toContain('Cannot read request body: ');
    expect(message).toContain('client_secret=***');
    expect(message).not.toContain(secret);
    expect(message).not.toContain(new URLSearchParams({ s: secret }).toString().slice(2));
  });
});

describe('token refresh on 401', () => {
  it('asks the provider for a fresh token once after a 401, then succeeds', async () => {
    const emulator = await startEmulator({ port: 0, db: ':memory:' });
    running.push(emulator);
    const calls: boolean[] = [];
    const provider: TokenProvider = {
      identityKey: 'test:refresh',
      async getToken(options) {
        calls.push(options?.forceRefresh === true);
        return options?.forceRefresh ? emulator.issueToken() : emulator.issueToken(undefined, -60); // expired at first
      },
    };
    const client = new DataverseClient({ url: emulator.url, auth: provider, throttleRegistry: new ThrottleRegistry() });
    expect((await client.whoAmI()).UserId).toBe(emulator.identity.userId);
    expect(calls).toEqual([false, true]);
    expect(client.stats.tokenRefreshes).toBe(1);
    expect(emulator.stats.unauthorized).toBe(1);
  });

  it('a token the service keeps refusing is a typed auth error without the token in it', async () => {
    const emulator = await startEmulator({ port: 0, db: ':memory:' });
    running.push(emulator);
    const bad = emulator.issueToken(undefined, -60);
    const client = new DataverseClient({ url: emulator.url, auth: { token: bad }, throttleRegistry: new ThrottleRegistry() });
    const error = await client.whoAmI().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataverseAuthError);
    expect(error).toMatchObject({ kind: 'auth', status: 401 });
    expect((error as Error).message).not.toContain(bad);
    expect(emulator.stats.unauthorized).toBe(2);
  });
});
