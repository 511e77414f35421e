// The configuration is checked before anything runs: every bad key named, secrets in the file refused, exit code 2.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTandem, tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());

describe('tandem configuration errors', () => {
  it('an invalid config exits 2 naming each bad key and what was expected', async () => {
    writeFileSync(
      join(project.dir, 'bad.config.ts'),
      `export default {
        dataverse: { url: 'not a url', auth: 'token' },
        plugins: [],
        mappings: { CUSTOMER: { direction: 'sideways', pageSize: -1 } },
        logging: { level: 'loud' },
        extra: 1,
      };\n`,
    );
    const bad = await runTandem(project.dir, ['--config', 'bad.config.ts', 'status']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('TANDEM_CONFIG_INVALID');
    const problems = bad.stderr.split('\n').filter((line) => line.startsWith('  - '));
    expect(problems).toEqual([
      '  - dataverse.url: expected an http(s) URL such as https://contoso.crm.dynamics.com',
      '  - plugins: expected at least one plugin',
      expect.stringMatching(/^ {2}- mappings\.CUSTOMER\.direction: .*expected one of "toIntegration"\|"fromIntegration"\|"bidirectional"/),
      expect.stringMatching(/^ {2}- mappings\.CUSTOMER\.pageSize: .*expected number to be >0/),
      expect.stringMatching(/^ {2}- logging\.level: .*expected one of "trace"/),
      '  - extra: unknown key (known: database, dataverse, plugins, mappings, schedule, business, logging)',
    ]);
  });

  it('a secret written in the config file is refused with the variable to use, and not printed', async () => {
    writeFileSync(
      join(project.dir, 'secret.config.ts'),
      `export default {
        database: { postgres: 'postgres://tandem:hunter22-pw@db.example.com/erp' },
        dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: 't', clientId: 'c', clientSecret: 'file-secret-value' },
        plugins: [],
      };\n`,
    );
    const run = await runTandem(project.dir, ['--config', 'secret.config.ts', 'status']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TANDEM_CLI_CONFIG_SECRET_IN_FILE');
    expect(run.stderr).toContain('dataverse.clientSecret: a secret must not be written in the config file; set TANDEM_DATAVERSE_CLIENT_SECRET');
    expect(run.stderr).toContain('database.postgres: this URL carries a password; leave it out of the config file and set TANDEM_DATABASE_PASSWORD (or the whole URL in TANDEM_DATABASE_URL) instead');
    expect(run.stdout + run.stderr).not.toMatch(/file-secret-value|hunter22-pw/);
  });
});
