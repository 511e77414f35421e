// `tandem sync` with the ERP's business tables and Tandem's state on PostgreSQL (a schema of this test's own).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM, type Options } from '@mikro-orm/core';
import { withSchemaLock } from '@tandem/core';
import { scratchDatabase, testPostgresUrl, type ScratchDatabase } from '@tandem/core/testing';
import { erpEntities, generateDemoData } from '@tandem/erp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MappingStatus } from '../src/commands/statusCommand';
import { STARTER_CONFIG } from '../src/commands/starterConfig';
import { runTandem, tempProject } from './runTandem';

const PASSWORD = 'pg-Secret-4711';
const project = tempProject();
let scratch: ScratchDatabase;
let orm: MikroORM;

/** The starter config with the database on PostgreSQL: URL and schema in the file, the password in the environment. */
function configOn(url: string, schema: string): string {
  const config = STARTER_CONFIG.replace("database: { sqlite: './.tandem/erp.sqlite' }", `database: { postgres: '${url}', schema: '${schema}' }`);
  expect(config).toContain(`schema: '${schema}'`);
  return config;
}

beforeAll(async () => {
  scratch = await scratchDatabase('postgresql', { label: 'cli' });
  orm = await MikroORM.init({ ...scratch.options, entities: [...erpEntities] } as Options);
  await withSchemaLock(orm, () => orm.schema.updateSchema({ safe: true }));
  await generateDemoData(orm.em.fork(), { seed: 3, customers: 4, items: 3, salespeople: 0, salesOrders: 0, localCurrencyCode: 'USD' });
  writeFileSync(join(project.dir, 'tandem.config.ts'), configOn(testPostgresUrl(), scratch.name));
});
afterAll(async () => {
  await scratch?.drop(orm);
  await orm?.close();
  project.remove();
});

describe('tandem on PostgreSQL', () => {
  it('sync --all --full writes the CRM rows, couplings and jobs into PostgreSQL; status reads them back', { timeout: 120_000 }, async () => {
    const env = { TANDEM_DATABASE_PASSWORD: PASSWORD };
    const run = await runTandem(project.dir, ['sync', '--all', '--full'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/CUSTOMER +toIntegration +4 inserted/);
    // The starter config's 14 mappings: 20 jobs (one per direction), none failing.
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/^20 job\(s\): \d+ inserted, .* 0 failed$/);

    // The state landed in PostgreSQL, in the configured schema.
    const sql = (text: string) => orm.em.getConnection().execute<Record<string, unknown>[]>(text);
    const couplings = await sql(`select mapping, count(*)::int as n from "${scratch.name}".tandem_coupling group by mapping order by mapping`);
    expect(couplings).toEqual(expect.arrayContaining([{ mapping: 'CUSTOMER', n: 4 }, { mapping: 'CURRENCY', n: 8 }]));
    const jobs = await sql(`select count(*)::int as n from "${scratch.name}".tandem_sync_job where finished_at is not null`);
    expect(jobs[0]!.n).toBe(20);

    const status = await runTandem(project.dir, ['status', '--json'], env);
    expect(status.code).toBe(0);
    const statuses = JSON.parse(status.stdout) as MappingStatus[];
    expect(statuses.find((s) => s.mapping === 'CUSTOMER')).toMatchObject({ coupled: 4, lastJob: { failed: 0 } });
    expect(`${run.stdout}${run.stderr}${status.stdout}${status.stderr}`).not.toContain(PASSWORD);
  });

  it('an unreachable server is reported with where it was tried, never the password', async () => {
    const other = tempProject();
    try {
      writeFileSync(join(other.dir, 'tandem.config.ts'), configOn('postgresql://tandem@127.0.0.1:1/erp', 'sales'));
      const run = await runTandem(other.dir, ['status'], { TANDEM_DATABASE_PASSWORD: PASSWORD });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('TANDEM_DATABASE_UNREACHABLE: PostgreSQL is not reachable at 127.0.0.1:1 (database "erp", user "tandem", schema "sales")');
      expect(`${run.stdout}${run.stderr}`).not.toContain(PASSWORD);
    } finally {
      other.remove();
    }
  });
});
