import { startEmulator } from '@tandem/dataverse-emulator';
import type { RunningEmulator } from '@tandem/dataverse-emulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FetchLike } from '../src/generator/index';
import { generateTableDefinition, MetadataError } from '../src/generator/index';
import { accountTable, dataverseTables } from '../src/tables/index';

/** Client-credentials token from the emulator's token endpoint, as a real deployment would get one from Entra ID. */
async function clientCredentialsToken(emulator: RunningEmulator): Promise<string> {
  const response = await fetch(emulator.tokenUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'tandem-local',
      client_secret: 'tandem-local-secret',
      scope: emulator.scope,
    }),
  });
  const body = (await response.json()) as { access_token?: string };
  if (!response.ok || !body.access_token) throw new Error(`token endpoint answered ${response.status}: ${JSON.stringify(body)}`);
  return body.access_token;
}

describe('generator against the emulator', () => {
  let emulator: RunningEmulator;
  let token: string;

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, db: ':memory:' });
    token = await clientCredentialsToken(emulator);
  });
  afterAll(async () => {
    await emulator?.close();
  });

  it('generates the shipped account definition from EntityDefinitions', async () => {
    const seen: string[] = [];
    const recordingFetch: FetchLike = async (url, init) => {
      const response = await fetch(url, init);
      seen.push(`${response.status} ${url.slice(emulator.apiUrl.length)}`);
      return response;
    };
    const generated = await generateTableDefinition({ serviceUrl: emulator.url, getToken: async () => token, fetch: recordingFetch }, 'account');
    expect(generated).toEqual(accountTable);
    // The answers came from the emulator's metadata endpoints, not from anywhere else.
    expect(seen).toHaveLength(12);
    expect(seen.every((line) => line.startsWith("200 /EntityDefinitions(LogicalName='account')"))).toBe(true);
  });

  it.each(Object.keys(dataverseTables))('generates the shipped %s definition', async (logicalName) => {
    const generated = await generateTableDefinition({ serviceUrl: emulator.apiUrl, getToken: async () => token }, logicalName);
    expect(generated).toEqual(dataverseTables[logicalName]);
  });

  it('names a table the service does not have', async () => {
    await expect(generateTableDefinition({ serviceUrl: emulator.url, getToken: async () => token }, 'nosuchtable')).rejects.toMatchObject({
      constructor: MetadataError,
      code: 'TANDEM_TABLE_UNKNOWN',
      message: expect.stringContaining("no table 'nosuchtable'"),
    });
  });
});
