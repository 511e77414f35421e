// `tandem emulator` as a real child process (serves tokens and the Web API, SIGTERM exits 0) and `tandem generate
// table` in-process against the config's embedded emulator.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataverseTables } from '@tandem/dataverse';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '@tandem/dataverse-emulator';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { STARTER_CONFIG } from '../src/commands/starterConfig';
import { cliIn } from './cliInProcess';
import { spawnTandem, tempProject } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const project = tempProject();
const config = join(project.dir, 'tandem.config.ts');
writeFileSync(config, STARTER_CONFIG);
afterAll(() => project.remove());

describe('tandem emulator', () => {
  it('serves client-credential tokens and the Web API until SIGTERM, then exits 0', async () => {
    const emulator = spawnTandem(project.dir, ['emulator', '--db', 'crm.sqlite']);
    try {
      const [, url] = await emulator.waitFor(/^Dataverse emulator at (http:\/\/127\.0\.0\.1:\d+)$/m);
      const [, tokenUrl] = await emulator.waitFor(/^ {2}token +(\S+) /m);
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: `${url}/.default` });
      const token = ((await (await fetch(tokenUrl!, { method: 'POST', body: form })).json()) as { access_token: string }).access_token;
      const whoAmI = await fetch(`${url}/api/data/v9.2/WhoAmI`, { headers: { Authorization: `Bearer ${token}` } });
      expect(whoAmI.status).toBe(200);
      expect(((await whoAmI.json()) as { UserId: string }).UserId).toMatch(/^[0-9a-f-]{36}$/);
      emulator.child.kill('SIGTERM');
      expect(await emulator.exited).toBe(0);
      expect(existsSync(join(project.dir, 'crm.sqlite'))).toBe(true);
    } finally {
      if (emulator.child.exitCode === null) emulator.child.kill('SIGKILL');
    }
  });

  it('refuses a bad port with exit 2', async () => {
    expect(await cliIn(config, 'emulator', '--port', 'eighty')).toMatchObject({ code: 2, stderr: expect.stringContaining('--port expects a port number') });
  });
});

describe('tandem generate table', () => {
  it('writes a table definition from the metadata that builds the table the emulator serves', async () => {
    const out = join(project.dir, 'accountTable.ts');
    const run = await cliIn(config, 'generate', 'table', 'account', '--out', out);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^wrote .*accountTable\.ts: account with \d+ columns\n$/);
    const source = readFileSync(out, 'utf8');
    expect(source).toContain("import { column, defineTable } from '@tandem/dataverse';");
    const generated = ((await import(out)) as { accountTable: { logicalName: string; fields: Record<string, unknown> } }).accountTable;
    expect(generated.logicalName).toBe('account');
    expect(Object.keys(generated.fields).sort()).toEqual(Object.keys(dataverseTables.account!.fields).sort());
  });

  it('prints the source without --out; an unknown table exits 2', async () => {
    const printed = await cliIn(config, 'generate', 'table', 'transactioncurrency', '--export-name', 'currencyTable');
    expect(printed.code).toBe(0);
    expect(printed.stdout).toContain('export const currencyTable: DataverseTableDefinition = defineTable({');
    expect(await cliIn(config, 'generate', 'table', 'nosuchtable')).toMatchObject({ code: 2, stderr: expect.stringContaining("Dataverse has no table 'nosuchtable'") });
  });
});
