import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyCounters, newCoupling, withSchemaLock, type Coupling, type SyncJob, type TableMapping } from '../src/index';
import { encodePositional, layoutOf } from '../src/state/positionalMergeBase';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
let folder: string | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

/** A state table's name as raw SQL needs it (with the test's schema on PostgreSQL). */
const tableOf = (host: TwoDatabases['host'], name: string) => {
  const postgres = (host.orm.em.getPlatform() as unknown as { supportsSchemas(): boolean }).supportsSchemas();
  return postgres ? `${host.orm.config.get('schema') as string}.${name}` : name;
};
const sql = (host: TwoDatabases['host'], query: string, params: unknown[] = []) => host.orm.em.fork().getConnection().execute(query, params);

async function writeCouplings(host: TwoDatabases['host'], couplings: Coupling[]): Promise<SyncJob> {
  const job: SyncJob = { id: randomUUID(), mapping: 'CUSTOMER', direction: 'toIntegration', type: 'synchronization', startedAt: new Date(), finishedAt: null, message: null, ...emptyCounters() };
  await host.state.insertJob(job);
  const page = couplings.map((coupling) => ({ ...coupling, lastJobId: job.id }));
  await host.state.transaction((_transaction, em) => host.state.writePage(em, { couplings: page, removedCouplings: [], errors: [], missingOptions: [], job }));
  return job;
}

describeOnBothDatabases('merge base in the text form (issue 8)', () => {
  it('round-trips every value type through the database, values many couplings hold shared once; the job id reads back as written', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    const city = 'Llanfairpwllgwyngyll Upper Town';
    const names: unknown[] = ['plain', 'tab\tand\nnewline', 'nul \u0000 and \u001f and \u0001', 'lone \ud800', '😀 Zürich', 'https://www.example.com', '7000', ''];
    const phones: unknown[] = [7000, -1.25, true, false, null, { a: [1, 'x'] }, '2026-01-01T00:00:00.000Z', '12.50'];
    const now = new Date();
    const couplings = names.map((name, i) => ({
      ...newCoupling('CUSTOMER', { businessId: `B${i}`, integrationId: `I${i}` }, now),
      lastResultToIntegration: 'success' as const,
      syncedValues: { business: { name, city, phone: phones[i] }, integration: { name: i % 2 ? name : `other ${i}`, address1_city: city, telephone1: phones[(i + 1) % 8] } },
    }));
    const job = await writeCouplings(db.host, couplings);
    const read = await db.host.state.couplings('CUSTOMER');
    expect(read.map((c) => c.syncedValues)).toEqual(couplings.map((c) => c.syncedValues));
    for (const coupling of read) {
      expect(Object.keys(coupling.syncedValues!.business)).toEqual(['name', 'city', 'phone']);
      expect(coupling.lastJobId).toBe(job.id);
      expect(coupling).not.toHaveProperty('mergeBase');
    }
    // The city is in every coupling: one row of the shared values, referred to by each merge base.
    const shared = (await sql(db.host, `select id, value from ${tableOf(db.host, 'tandem_merge_base_value')}`)) as { id: number; value: string }[];
    expect(shared.map((row) => row.value)).toContain(`\u001f${city}`);
    const stored = (await sql(db.host, `select merge_base as m, synced_values as s from ${tableOf(db.host, 'tandem_coupling')}`)) as { m: string; s: unknown }[];
    for (const row of stored) {
      expect(row.s).toBeNull();
      expect(row.m).not.toContain(city);
    }
    // A second page finds the shared value in the table (or its cache): no second row for it.
    await writeCouplings(db.host, couplings.map((c, i) => ({ ...c, id: read[i]!.id, createdAt: read[i]!.createdAt })));
    expect(((await sql(db.host, `select id from ${tableOf(db.host, 'tandem_merge_base_value')}`)) as unknown[]).length).toBe(shared.length);
    expect((await db.host.state.couplings('CUSTOMER')).map((c) => c.syncedValues)).toEqual(couplings.map((c) => c.syncedValues));
    // A later page that holds the shared value once still refers to it (known by the value itself, no token made).
    const single = { ...newCoupling('CUSTOMER', { businessId: 'B-single', integrationId: 'I-single' }, now), syncedValues: { business: { city }, integration: {} } };
    await writeCouplings(db.host, [single]);
    const singleRow = (await sql(db.host, `select merge_base as m from ${tableOf(db.host, 'tandem_coupling')} where business_id = 'B-single'`)) as { m: string }[];
    expect(singleRow).toHaveLength(1);
    expect(singleRow[0]!.m).not.toContain(city);
    expect((await db.host.state.couplings('CUSTOMER')).find((c) => c.businessId === 'B-single')!.syncedValues).toEqual(single.syncedValues);
  });

  it('boot leaves nothing for a schema update to change: the packed job id keeps the column as it was declared', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const orm = db.host.orm;
    // Under the schema lock, as createHost reads the catalog: a table another test drops meanwhile breaks the read.
    const diff = await withSchemaLock(orm, () => orm.schema.getUpdateSchemaSQL({ safe: true, wrap: false }));
    expect(diff.match(/tandem_coupling.*/g) ?? []).toEqual([]);
  });

  it('a merge base that cannot be read as written is TANDEM_STATE_INVALID naming the coupling, not a wrong base', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const [coupling] = await db.host.state.couplings('CUSTOMER');
    const table = tableOf(db.host, 'tandem_coupling');
    const [{ m: good }] = (await sql(db.host, `select merge_base as m from ${table}`)) as { m: string }[];
    for (const broken of [`${good}\u001fextra`, `${good}\u0001zz`, `${good.slice(0, -1)}\u0002{`, 'nonsense', `z${good.slice(good.indexOf('\u001f'))}`]) {
      await sql(db.host, `update ${table} set merge_base = ?`, [broken]);
      const error = await db.host.state.couplings('CUSTOMER').catch((thrown: unknown) => thrown);
      expect(error, JSON.stringify(broken)).toMatchObject({ code: 'TANDEM_STATE_INVALID' });
      expect((error as Error).message).toContain(`coupling ${coupling!.id} of mapping "CUSTOMER"`);
    }
    await sql(db.host, `update ${table} set merge_base = ?`, [good]);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues).toEqual(coupling!.syncedValues);
  });
});

describe('a SQLite state database written by the version before the text form (issue 8)', () => {
  it('reads its rows as they are and writes rows it changes in the new form; old and new rows live side by side', async () => {
    folder = mkdtempSync(join(tmpdir(), 'tandem-state-'));
    const files = { businessFile: join(folder, 'erp.sqlite'), integrationFile: join(folder, 'crm.sqlite'), kind: 'sqlite' as const };
    const plugins = () => [testPlugin([customerMapping({ direction: 'bidirectional' })])];
    db = await twoDatabases(plugins(), files);
    await insertCustomers(db.host, [
      { name: 'Alpha', city: 'Oslo', phone: '555' }, { name: 'Beta "quoted"', city: 'Zürich', phone: null }, { name: 'Gamma', city: null, phone: '7' },
    ]);
    await db.host.engine.fullSync('CUSTOMER');
    const current = await db.host.state.couplings('CUSTOMER');
    // What the version before wrote: the positional JSON array in synced_values, the job id as text, and neither the
    // merge_base column nor the shared values table.
    const mapping = db.host.mappings.all().find((m) => m.name === 'CUSTOMER') as TableMapping;
    const [{ id: layoutId }] = (await sql(db.host, 'select id from tandem_merge_base_layout')) as { id: number }[];
    for (const coupling of current) {
      const positional = encodePositional(layoutOf(mapping), layoutId, coupling.syncedValues!);
      await sql(db.host, 'update tandem_coupling set synced_values = ?, last_job_id = ? where id = ?', [JSON.stringify(positional), coupling.lastJobId, coupling.id]);
    }
    await sql(db.host, 'alter table tandem_coupling drop column merge_base');
    await sql(db.host, 'drop table tandem_merge_base_value');
    await db.close();

    // The new version boots on the same files: its schema update adds the column and the table, and nothing else.
    db = await twoDatabases(plugins(), files);
    const forms = async () => (await sql(db!.host, 'select typeof(last_job_id) as job, merge_base is not null as text, synced_values is null as json_gone from tandem_coupling order by id')) as { job: string; text: number; json_gone: number }[];
    expect((await forms()).map((f) => [f.job, f.text, f.json_gone])).toEqual([['text', 0, 0], ['text', 0, 0], ['text', 0, 0]]);
    expect(await db.host.state.couplings('CUSTOMER')).toEqual(current);

    // One customer changes: its coupling is written in the new form; the other two stay as they were, and read the same.
    await touchBusiness(db.host, 'Customer', 'C0001', { phone: '900' }, later());
    expect((await db.host.engine.run('CUSTOMER')).map((j) => j.failed)).toEqual([0, 0]);
    expect((await forms()).map((f) => [f.job, f.text, f.json_gone])).toEqual([['blob', 1, 1], ['text', 0, 0], ['text', 0, 0]]);
    const after = await db.host.state.couplings('CUSTOMER');
    expect(after.slice(1)).toEqual(current.slice(1));
    expect(after[0]!.syncedValues).toEqual({ business: { ...current[0]!.syncedValues!.business, phone: '900' }, integration: { ...current[0]!.syncedValues!.integration, telephone1: '900' } });
    const [{ n }] = (await sql(db.host, 'select length(last_job_id) as n from tandem_coupling where id = ?', [after[0]!.id])) as { n: number }[];
    expect(n).toBe(16);
    // The job ids of both forms lead to their jobs: coupling an already coupled pair gives the job that last synced it.
    const accounts = await integrationRows(db.integrationOrm);
    for (const coupling of after) {
      const job = await db.host.engine.couple('CUSTOMER', coupling.businessId!, coupling.integrationId!);
      expect(job.id).toBe(coupling.lastJobId);
      expect(accounts.map((a) => a.accountid)).toContain(coupling.integrationId);
    }
  });

  it('a job id that is neither text nor 16 bytes is TANDEM_STATE_INVALID', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])], { kind: 'sqlite' });
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    await sql(db.host, "update tandem_coupling set last_job_id = x'0102'");
    await expect(db.host.state.couplingsBy('CUSTOMER', 'business', ['C0001'])).rejects.toMatchObject({ code: 'TANDEM_STATE_INVALID' });
  });
});
