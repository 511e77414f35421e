// `tandem init`, then a full sync of every plugin of the starter config against the embedded emulator, then `status --json`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { erpEntities, generateDemoData } from '@tandem/erp';
import { afterAll, describe, expect, it } from 'vitest';
import type { MappingStatus } from '../src/commands/statusCommand';
import { STARTER_CONFIG } from '../src/commands/starterConfig';
import { runTandem, tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());

/** A few ERP rows in the file the starter config names, so the sync has something to carry. */
async function seedErp(file: string, salespeople = 0): Promise<void> {
  const orm = await MikroORM.init({ dbName: file, entities: [...erpEntities] });
  try {
    await orm.schema.createSchema();
    await generateDemoData(orm.em.fork(), { seed: 3, customers: 4, items: 3, salespeople, salesOrders: 0, localCurrencyCode: 'USD' });
  } finally {
    await orm.close();
  }
}

/** The starter config's mappings in the order `sync --all` runs them (dependency order), with their jobs (directions). */
const JOBS: [string, number][] = [
  ['SALESPEOPLE', 1], ['CURRENCY', 1], ['UNIT OF MEASURE', 1], ['ITEM-PRODUCT', 2], ['RESOURCE-PRODUCT', 2], ['CUSTPRCGRP-PRICE', 1],
  ['SALESPRC-PRODPRICE', 1], ['CUSTOMER', 2], ['CONTACT', 2], ['OPPORTUNITY', 2], ['SALESORDER-ORDER', 1], ['SALESQUOTE-QUOTE', 1],
  ['SALESORDER-NOTES', 2], ['POSTEDSALESINV-INV', 1],
];

describe('tandem init, sync and status', () => {
  it('init writes the starter config', async () => {
    const first = await runTandem(project.dir, ['init']);
    expect(first.code).toBe(0);
    const config = readFileSync(join(project.dir, 'tandem.config.ts'), 'utf8');
    expect(config).toContain('dataverse: { emulator: true }');
    for (const plugin of ['SalesOrderPlugin', 'SalesQuotePlugin', 'PostedSalesInvoicePlugin', 'PriceListPlugin', 'AccountViewPlugin']) expect(config).toContain(plugin);
  });

  it('sync --all --full runs every mapping in dependency order against the embedded emulator and exits 0', async () => {
    await seedErp(join(project.dir, '.tandem', 'erp.sqlite'));
    const run = await runTandem(project.dir, ['sync', '--all', '--full']);
    // stderr is not a terminal: at most plain progress lines (a pass longer than two seconds), nothing else.
    expect(run.stderr.split('\n').filter((line) => line && !/^.+ (toIntegration|fromIntegration): \d+ rows, \d+ rows\/s$/.test(line))).toEqual([]);
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    const order = JOBS.flatMap(([mapping, jobs]) => Array<string>(jobs).fill(mapping));
    const firstColumn = (line: string) => line.split(/ {2,}| (?=to|from)/)[0]!.trim();
    // One line per job, then the summary table (a row per job), then the total.
    expect(lines.slice(0, order.length).map(firstColumn)).toEqual(order);
    expect(lines[order.length]).toBe('');
    expect(lines[order.length + 1]).toMatch(/^MAPPING +DIRECTION +INSERTED +MODIFIED +COUPLED +UNCHANGED +SKIPPED +FAILED +TIME +ROWS\/S$/);
    expect(lines.slice(order.length + 2, 2 * order.length + 2).map(firstColumn)).toEqual(order);
    expect(lines).toHaveLength(2 * order.length + 4);
    expect(run.stdout).toMatch(/CURRENCY +toIntegration +7 inserted/);
    expect(run.stdout).toMatch(/CUSTOMER +toIntegration +4 inserted/);
    expect(lines.at(-1)).toMatch(new RegExp(`^${order.length} job\\(s\\): \\d+ inserted, .* 0 failed$`));
    expect(existsSync(join(project.dir, '.tandem', 'dataverse-emulator.sqlite'))).toBe(true);
  }, 90_000); // a child process that boots a host: slow on a loaded machine

  it('status --json lists every mapping with its last job and coupled records', async () => {
    const run = await runTandem(project.dir, ['status', '--json']);
    expect(run.code).toBe(0);
    const statuses = JSON.parse(run.stdout) as MappingStatus[];
    expect(statuses.map((s) => s.mapping)).toEqual(JOBS.map(([mapping]) => mapping));
    const customer = statuses.find((s) => s.mapping === 'CUSTOMER')!;
    expect(customer).toMatchObject({ enabled: true, direction: 'bidirectional', coupled: 4, lastJob: { direction: 'fromIntegration', failed: 0 } });
    // Seven demo currencies inserted, and the ERP's local currency (USD) coupled to the CRM's base currency.
    expect(statuses.find((s) => s.mapping === 'CURRENCY')).toMatchObject({ coupled: 8, lastJob: { direction: 'toIntegration', inserted: 7 } });
  }, 90_000);
});

describe('tandem sync with failing records', () => {
  const failing = tempProject();
  afterAll(() => failing.remove());

  it('exits 1 and lists the failed records when a named mapping fails records in the chosen direction', async () => {
    writeFileSync(join(failing.dir, 'tandem.config.ts'), STARTER_CONFIG);
    mkdirSync(join(failing.dir, '.tandem'));
    // Customers whose salespeople are not coupled to CRM users: the customer plugin refuses to send them.
    await seedErp(join(failing.dir, '.tandem', 'erp.sqlite'), 2);
    const run = await runTandem(failing.dir, ['sync', 'CUSTOMER', '--full', '--direction', 'to']);
    expect(run.code).toBe(1);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^CUSTOMER +toIntegration +4 failed in \d+\.\d s$/);
    expect(lines[1]).toBe('1 job(s): 0 inserted, 0 modified, 0 coupled, 0 unchanged, 0 skipped, 4 failed');
    expect(lines.slice(2)).toHaveLength(4);
    expect(lines[2]).toMatch(/^ {2}CUSTOMER toIntegration: C0000\d: TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED: /);
  }, 90_000);
});
