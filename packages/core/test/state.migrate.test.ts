import { afterEach, expect, it } from 'vitest';
import { withSchemaLock, type TableMapping } from '../src/index';
import { encodeMergeBase } from '../src/state/mergeBaseCodec';
import { migrateState } from '../src/state/migrateState';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, later, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describeOnBothDatabases('state databases of an older layout (issue 8)', () => {
  it('boot folds the per-record missing-option register into one row per value and field, and drops the old retry indexes', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const orm = db.host.orm;
    const em = orm.em.fork();
    const platform = em.getPlatform();
    const postgres = (platform as unknown as { supportsSchemas(): boolean }).supportsSchemas();
    const schema = postgres ? (orm.config.get('schema') as string) : undefined;
    const table = (name: string) => platform.quoteIdentifier(schema ? `${schema}.${name}` : name);
    const run = (sql: string, params: unknown[] = []) => em.getConnection().execute(sql, params);
    // What an older version left: the register with a row per record, and full retry indexes.
    await run(`create table ${table('tandem_missing_option_value')} (id integer primary key, option_set varchar(100) not null, side varchar(12) not null, ` +
      `value varchar(255) not null, mapping varchar(100) not null, field varchar(100) not null, record_id varchar(255) not null, ` +
      `first_seen_at ${postgres ? 'timestamptz' : 'datetime'} not null, last_seen_at ${postgres ? 'timestamptz' : 'datetime'} not null)`);
    const at = (minute: number) => platform.processDateProperty(new Date(Date.UTC(2026, 0, 1, 0, minute)));
    const old: [string, string, string, number, number][] = [
      ['CASH', 'paymentTermsCode', 'C1', 1, 5], ['CASH', 'paymentTermsCode', 'C2', 2, 9], ['CASH', 'paymentTermsCode', 'C3', 3, 7], ['ODD', 'paymentTermsCode', 'C1', 4, 4],
    ];
    for (const [i, [value, field, record, first, last]] of old.entries()) {
      await run(`insert into ${table('tandem_missing_option_value')} values (?, 'TERMS', 'business', ?, 'CUSTOMER', ?, ?, ?, ?)`, [i + 1, value, field, record, at(first), at(last)]);
    }
    await run(`create index tandem_coupling_retry_to_idx on ${table('tandem_coupling')} (mapping, last_result_to_integration)`);

    // What boot does (createHost): the schema update, then migrateState. Twice: the second finds nothing to do.
    // Under the schema lock, as createHost boots: migrateState drops the old register, and a table dropped while
    // another test reads the server's catalog breaks that read.
    for (let boot = 0; boot < 2; boot++) {
      await withSchemaLock(orm, async () => {
        await orm.schema.updateSchema({ safe: true });
        await migrateState(orm);
      });
    }

    const register = (await db.host.state.missingOptions('CUSTOMER')).sort((a, b) => a.value.localeCompare(b.value));
    expect(register.map((m) => [m.optionSet, m.side, m.value, m.field, m.occurrences])).toEqual([
      ['TERMS', 'business', 'CASH', 'paymentTermsCode', 3], ['TERMS', 'business', 'ODD', 'paymentTermsCode', 1],
    ]);
    expect(register[0]!.firstSeenAt.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect(register[0]!.lastSeenAt.toISOString()).toBe('2026-01-01T00:09:00.000Z');
    expect(['C1', 'C2', 'C3']).toContain(register[0]!.recordId);
    const names = postgres
      ? (await run(`select tablename as t, indexname as i from pg_indexes where schemaname = ?`, [schema])) as { t: string; i: string }[]
      : (await run(`select tbl_name as t, name as i from sqlite_master where type in ('table', 'index')`)) as { t: string; i: string }[];
    const all = names.flatMap((n) => [n.t, n.i]);
    expect(all).not.toContain('tandem_missing_option_value');
    expect(all).not.toContain('tandem_coupling_retry_to_idx');
    expect(all).toContain('tandem_coupling_retry_to_pidx');
  });

  it('couplings whose merge base an older version stored (tagged or plain) read back exactly, and are stored in the text form on their next write', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }, { name: 'Beta', city: 'Rome', phone: null }, { name: 'Gamma', city: null, phone: '7' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const current = await db.host.state.couplings('CUSTOMER');
    const mapping = db.host.mappings.all().find((m) => m.name === 'CUSTOMER') as TableMapping;
    // What the older versions wrote: the tagged form (two couplings) and the plain form (one).
    const em = db.host.orm.em.fork();
    const schema = (em.getPlatform() as unknown as { supportsSchemas(): boolean }).supportsSchemas() ? `${db.host.orm.config.get('schema') as string}.` : '';
    for (const [i, coupling] of current.entries()) {
      const old = i < 2 ? encodeMergeBase(mapping, coupling.syncedValues!) : coupling.syncedValues;
      await em.getConnection().execute(`update ${schema}tandem_coupling set synced_values = ?, merge_base = null where id = ?`, [JSON.stringify(old), coupling.id]);
    }
    const stored = async () => (await em.getConnection().execute(`select merge_base as t, synced_values as v from ${schema}tandem_coupling order by id`)).map((r: { t: string | null; v: unknown }) => r.t !== null && r.v === null);
    expect(await stored()).toEqual([false, false, false]);

    for (let boot = 0; boot < 2; boot++) {
      const orm = db.host.orm;
      await withSchemaLock(orm, async () => {
        await orm.schema.updateSchema({ safe: true });
        await migrateState(orm);
      });
    }
    expect(await db.host.state.couplings('CUSTOMER')).toEqual(current);

    // Each side changes: the next write stores every coupling in the text form, with the same values as before plus the change.
    for (const no of ['C0001', 'C0002', 'C0003']) await touchBusiness(db.host, 'Customer', no, { phone: '900' }, later());
    expect((await db.host.engine.run('CUSTOMER')).map((j) => j.failed)).toEqual([0, 0]);
    expect(await stored()).toEqual([true, true, true]);
    const after = await db.host.state.couplings('CUSTOMER');
    expect(after.map((c) => c.syncedValues)).toEqual(current.map((c) => ({
      business: { ...c.syncedValues!.business, phone: '900' },
      integration: { ...c.syncedValues!.integration, telephone1: '900' },
    })));
  });
});
