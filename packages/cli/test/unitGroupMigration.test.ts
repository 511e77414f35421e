// The migration to multiple units of measure (plugins/unit-of-measure README, "Switching on"), exactly as documented,
// through runCli on a real SQLite file and the embedded emulator: first one unit group per unit of measure, then the
// switch, a full sync of the unit mappings and a restart of the product mappings.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SyncJob } from '@tandem/core';
import { loadConfig, startConfiguredHost } from '../src/index';
import { cliIn, seedErp } from './cliInProcess';
import { tempProject } from './runTandem';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const configText = (unitOfMeasure: string) => `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { ResourceProductPlugin } from '@tandem/plugin-resource-product';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';

export default defineConfig({
  database: { sqlite: './.tandem/erp.sqlite' },
  dataverse: { emulator: true },
  plugins: [ErpPlugin, ${unitOfMeasure}, ItemProductPlugin, ResourceProductPlugin],
  logging: { level: 'warn', format: 'pretty' },
});
`;

const project = tempProject();
// A config module is imported once per process, so the switch is a second file on the same databases.
const before = join(project.dir, 'tandem.before.config.ts');
const after = join(project.dir, 'tandem.config.ts');
afterAll(() => project.remove());
beforeAll(async () => {
  writeFileSync(before, configText('UnitOfMeasurePlugin'));
  writeFileSync(after, configText('{ plugin: UnitOfMeasurePlugin, options: { multipleUnitsOfMeasure: true } }'));
  mkdirSync(join(project.dir, '.tandem'));
  await seedErp(join(project.dir, '.tandem', 'erp.sqlite'), 0, 0);
});

async function syncJson(config: string, ...args: string[]): Promise<SyncJob[]> {
  const run = await cliIn(config, 'sync', ...args, '--json');
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as SyncJob[];
}

/** Per product number: the name of its unit group and the name of its default unit, read from the CRM. */
async function productUnits(config: string): Promise<Record<string, { group: string; unit: string; state: unknown }>> {
  const { host, close } = await startConfiguredHost(await loadConfig(config));
  try {
    const crm = host.stores.integration;
    const nameOf = async (table: string, id: unknown) => String((await crm.getByIds(table, [String(id)]))[0]?.values.name);
    const products = await crm.findByValues('product', { candidates: [{ producttypecode: 1 }, { producttypecode: 3 }] });
    const result: Record<string, { group: string; unit: string; state: unknown }> = {};
    for (const p of products) {
      result[String(p.values.productnumber)] = {
        group: await nameOf('uomschedule', p.values._defaultuomscheduleid_value), unit: await nameOf('uom', p.values._defaultuomid_value), state: p.values.statecode,
      };
    }
    return result;
  } finally {
    await close();
  }
}

async function oldProduct(config: string, id: string): Promise<Record<string, unknown> | undefined> {
  const { host, close } = await startConfiguredHost(await loadConfig(config));
  try {
    return (await host.stores.integration.getByIds('product', [id]))[0]?.values;
  } finally {
    await close();
  }
}

describe('switching on multiple units of measure through the CLI', () => {
  it('before: products in the shared NAV unit groups', async () => {
    const jobs = await syncJson(before, 'UNIT OF MEASURE', 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', '--full', '--direction', 'to');
    expect(jobs.every((j) => j.failed === 0)).toBe(true);
    const products = await productUnits(before);
    expect(products.R00001).toMatchObject({ group: 'NAV HOUR', unit: 'HOUR' });
    expect(Object.values(products).every((p) => p.group.startsWith('NAV '))).toBe(true);
  });

  it('the documented sequence: mappings, full sync of the unit mappings, restart of the product mappings; then nothing to write', async () => {
    // 1. The switch is on: the three unit mappings replace UNIT OF MEASURE.
    const mappings = await cliIn(after, 'mappings');
    expect(mappings.code, mappings.stderr).toBe(0);
    for (const name of ['UNIT GROUP', 'ITEM UOM', 'RESOURCE UOM']) expect(mappings.stdout).toContain(name);
    expect(mappings.stdout).not.toContain('UNIT OF MEASURE');

    // (Real Dataverse only, seed steps 1–2, shown here for one item: uncouple, then retire and delete the old product.
    // Renaming instead does not help: the new product's create carries the same deterministic id as the old one.)
    const uncoupled = await cliIn(after, 'uncouple', 'ITEM-PRODUCT', 'I00001');
    expect(uncoupled.code, uncoupled.stderr).toBe(0);
    let oldId = '';
    {
      const { host, close } = await startConfiguredHost(await loadConfig(after));
      try {
        const [old] = await host.stores.integration.findByValues('product', { candidates: [{ productnumber: 'I00001' }] });
        oldId = old!.id;
        const [deleted] = await host.stores.integration.write('product', [{ kind: 'delete', ref: 'old', id: old!.id }]);
        expect(deleted?.ok).toBe(true);
      } finally {
        await close();
      }
    }

    // 2. Full sync of the unit mappings (in dependency order: UNIT GROUP first).
    const units = await syncJson(after, 'UNIT GROUP', 'ITEM UOM', 'RESOURCE UOM', '--full');
    expect(units.map((j) => j.mapping)).toEqual(['UNIT GROUP', 'ITEM UOM', 'RESOURCE UOM']);
    expect(units.every((j) => j.failed === 0 && j.inserted > 0)).toBe(true);

    // 3. Restart of the product mappings: a full sync toward the CRM gives each product its own unit group.
    const products = await syncJson(after, 'ITEM-PRODUCT', 'RESOURCE-PRODUCT', '--full', '--direction', 'to');
    expect(products.every((j) => j.failed === 0)).toBe(true);
    expect(products.find((j) => j.mapping === 'ITEM-PRODUCT')!.inserted).toBe(1); // the uncoupled item's new product

    const now = await productUnits(after);
    expect(now.R00001).toMatchObject({ group: 'RESOURCE R00001', unit: 'HOUR' });
    expect(now.I00001).toMatchObject({ group: 'ITEM I00001', state: 0 });
    for (const [no, product] of Object.entries(now)) expect(product.group, no).toBe(`${no.startsWith('R') ? 'RESOURCE' : 'ITEM'} ${no}`);
    expect(await oldProduct(after, oldId)).toMatchObject({ productnumber: 'I00001', _defaultuomscheduleid_value: expect.any(String) }); // made anew

    // 4. Every mapping again: nothing to write.
    const again = await syncJson(after, '--all');
    for (const job of again) expect(job, `${job.mapping} ${job.direction}`).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
  });
});
