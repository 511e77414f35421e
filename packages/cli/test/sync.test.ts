// `tandem init`, then a full sync of the six plugins against the embedded emulator, then `status --json`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { erpEntities, generateDemoData } from '@tandem/erp';
import { afterAll, describe, expect, it } from 'vitest';
import type { MappingStatus } from '../src/commands/statusCommand';
import { runTandem, tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());

/** A few ERP rows in the file the starter config names, so the sync has something to carry. */
async function seedErp(file: string): Promise<void> {
  const orm = await MikroORM.init({ dbName: file, entities: [...erpEntities] });
  try {
    await orm.schema.createSchema();
    await generateDemoData(orm.em.fork(), { seed: 3, customers: 4, items: 3, salespeople: 0, salesOrders: 0, localCurrencyCode: 'USD' });
  } finally {
    await orm.close();
  }
}

describe('tandem init, sync and status', () => {
  it('init writes the starter config and refuses to overwrite it without --force', async () => {
    const first = await runTandem(project.dir, ['init']);
    expect(first.code).toBe(0);
    const config = readFileSync(join(project.dir, 'tandem.config.ts'), 'utf8');
    expect(config).toContain('dataverse: { emulator: true }');
    expect(config).toContain('SalesOrderPlugin');
    const again = await runTandem(project.dir, ['init']);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('TANDEM_CLI_INIT_FILE_EXISTS');
  });

  it('sync --all --full runs every mapping in dependency order against the embedded emulator and exits 0', async () => {
    await seedErp(join(project.dir, '.tandem', 'erp.sqlite'));
    const run = await runTandem(project.dir, ['sync', '--all', '--full']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines.map((line) => line.split(/ {2,}| (?=to|from)/)[0]!.trim())).toEqual([
      'SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'ITEM-PRODUCT', 'ITEM-PRODUCT', 'CUSTOMER', 'CUSTOMER', 'SALESORDER-ORDER', expect.stringMatching(/^8 job\(s\)/),
    ]);
    expect(run.stdout).toMatch(/CURRENCY +toIntegration +7 inserted/);
    expect(run.stdout).toMatch(/CUSTOMER +toIntegration +4 inserted/);
    expect(lines.at(-1)).toMatch(/^8 job\(s\): \d+ inserted, .* 0 failed$/);
    expect(existsSync(join(project.dir, '.tandem', 'dataverse-emulator.sqlite'))).toBe(true);
  });

  it('status --json lists every mapping with its last job and coupled records; mappings lists them as a table', async () => {
    const run = await runTandem(project.dir, ['status', '--json']);
    expect(run.code).toBe(0);
    const statuses = JSON.parse(run.stdout) as MappingStatus[];
    expect(statuses.map((s) => s.mapping)).toEqual(['SALESPEOPLE', 'CURRENCY', 'UNIT OF MEASURE', 'ITEM-PRODUCT', 'CUSTOMER', 'SALESORDER-ORDER']);
    const customer = statuses.find((s) => s.mapping === 'CUSTOMER')!;
    expect(customer).toMatchObject({ enabled: true, direction: 'bidirectional', coupled: 4, lastJob: { direction: 'fromIntegration', failed: 0 } });
    // Seven demo currencies inserted, and the ERP's local currency (USD) coupled to the CRM's base currency.
    expect(statuses.find((s) => s.mapping === 'CURRENCY')).toMatchObject({ coupled: 8, lastJob: { direction: 'toIntegration', inserted: 7 } });

    const list = await runTandem(project.dir, ['mappings']);
    expect(list.code).toBe(0);
    const rows = list.stdout.trim().split('\n');
    expect(rows[0]).toMatch(/^MAPPING +TABLES +DIRECTION +STATE +DEPENDS ON +PLUGIN$/);
    expect(rows).toContainEqual(expect.stringMatching(/^CUSTOMER +Customer ⇄ account +bidirectional +enabled +SALESPEOPLE, CURRENCY +CustomerAccountPlugin$/));
    expect(rows).toHaveLength(7);
  });
});
