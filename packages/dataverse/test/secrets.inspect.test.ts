import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format, inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createHost, type Host } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, MsalTokenProvider, StaticTokenProvider, ThrottleRegistry } from '@tandem/dataverse';
import { fetchTrusting, makeTestCertificate, requireOpenssl } from './tlsTestCertificate';

/**
 * Every way an object ends up in a log: `util.inspect` deep and with hidden properties, `console.log`'s formatting
 * (`%o`, `%s`, `%j`, a bare argument) and `JSON.stringify` (skipped only where it throws, e.g. on a circular host).
 */
function views(value: unknown): string[] {
  const out = [
    inspect(value, { depth: 10 }),
    inspect(value, { depth: 10, showHidden: true }),
    format('%o', value),
    format('%s', value),
    format('%j', value),
    format(value),
  ];
  try {
    out.push(JSON.stringify(value));
  } catch {
    // circular (the host's ORM): the other views cover it
  }
  return out;
}

function expectRedacted(value: unknown, secrets: readonly string[], visible: readonly string[]): void {
  for (const view of views(value)) {
    for (const secret of secrets) expect(view).not.toContain(secret);
  }
  const [deep] = views(value);
  for (const text of visible) expect(deep).toContain(text);
}

const running: RunningEmulator[] = [];
const hosts: Host[] = [];
afterEach(async () => {
  await Promise.all(hosts.splice(0).map((host) => host.close()));
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

async function hostWith(store: DataverseStore): Promise<Host> {
  const host = await createHost({ plugins: [], database: { dbName: ':memory:' }, integration: store });
  hosts.push(host);
  return host;
}

describe('secrets never show in inspected or serialised objects', () => {
  it('a client with a static token, its provider, a store and a host built on it', async () => {
    const emulator = await startEmulator({ port: 0, db: ':memory:' });
    running.push(emulator);
    const token = emulator.issueToken();
    const client = new DataverseClient({ url: emulator.url, auth: { token }, throttleRegistry: new ThrottleRegistry() });
    expect((await client.whoAmI()).UserId).toBe(emulator.identity.userId);
    const store = new DataverseStore({ client });
    const host = await hostWith(store);
    expect(client.tokenProvider).toBeInstanceOf(StaticTokenProvider);

    const visible = [emulator.url, client.tokenProvider.identityKey];
    expectRedacted(client, [token], visible);
    expectRedacted(client.tokenProvider, [token], [client.tokenProvider.identityKey]);
    expectRedacted(store, [token], visible);
    expectRedacted(host, [token], [emulator.url]);
    expect(JSON.parse(JSON.stringify(client))).toMatchObject({ url: emulator.url, apiUrl: `${emulator.url}/api/data/v9.2/` });
  });

  it('a token provider callback stays hidden too', async () => {
    const token = 'callback-token-value-0123456789';
    const provider = new StaticTokenProvider(async () => token, { identityKey: 'static:test' });
    expect(await provider.getToken()).toBe(token);
    expectRedacted(provider, [token], ['static:test']);
  });

  describe('OAuth client credentials (msal-node, over TLS)', () => {
    let dir: string;
    let tls: { ca: string; key: string; cert: string };

    beforeAll(() => {
      requireOpenssl();
      dir = mkdtempSync(join(tmpdir(), 'tandem-tls-'));
      tls = makeTestCertificate(dir);
    });
    afterAll(() => dir && rmSync(dir, { recursive: true, force: true }));

    it('hides the client secret and the fetched access token in the client, provider, store and host', async () => {
      const emulator = await startEmulator({ port: 0, db: ':memory:', tls: { key: tls.key, cert: tls.cert } });
      running.push(emulator);
      const client = new DataverseClient({
        url: emulator.url,
        auth: { clientId: emulator.clientId, clientSecret: emulator.clientSecret, authority: emulator.authority, ca: tls.ca },
        fetch: fetchTrusting(tls.ca),
        throttleRegistry: new ThrottleRegistry(),
      });
      expect((await client.whoAmI()).UserId).toBe(emulator.identity.userId);
      const provider = client.tokenProvider as MsalTokenProvider;
      expect(provider).toBeInstanceOf(MsalTokenProvider);
      // The token the request used (served from the provider's cache: no second token request).
      const accessToken = await provider.getToken();
      expect(emulator.stats.tokenRequests).toBe(1);
      expect(accessToken.length).toBeGreaterThan(20);

      const store = new DataverseStore({ client });
      const host = await hostWith(store);
      const secrets = [emulator.clientSecret, accessToken];
      expectRedacted(provider, secrets, [emulator.clientId, emulator.authority, `${emulator.url}/.default`]);
      expectRedacted(client, secrets, [emulator.url, emulator.clientId]);
      expectRedacted(store, secrets, [emulator.url, emulator.clientId]);
      expectRedacted(host, secrets, [emulator.url]);
      expect(JSON.parse(JSON.stringify(provider))).toMatchObject({ clientId: emulator.clientId, authority: emulator.authority, tokensAcquired: 1 });
    });
  });
});
