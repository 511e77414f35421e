import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { batchInsert } from '../src/state/batchInsert';
import { stateQuery } from '../src/state/stateQuery';
import { stateTable } from '../src/state/stateTable';
import { customerMapping, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

describe('state rows written as one JSON parameter (SQLite, issue 8)', () => {
  it('store every column exactly as bound values do: type and value, upserts and added counters too', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const orm = db.host.orm;
    const jobId = randomUUID();
    const at = new Date('2026-01-02T03:04:05.678Z');
    const texts = ['plain', 'quote " backslash \\ tab \t newline \n', '😀 Zürich', '\u0001\u0002\u001f', '12', ''];
    const rows = (mapping: string) =>
      texts.map((text, i) => ({
        mapping, businessId: `B${i}`, integrationId: i === 5 ? null : `I${i}`, businessModifiedOn: at, integrationModifiedOn: i % 2 ? null : at,
        // Plain JSON merge bases (an older form, still read): a text column holding JSON.
        mergeBase: null, syncedValues: i === 4 ? null : { business: { n: 1.5, t: text }, integration: { t: text } },
        lastResultToIntegration: 'success', lastResultFromIntegration: null,
        // A job id packs to 16 bytes; other text stays text.
        lastJobId: i === 3 ? 'not-a-guid' : jobId,
        failureCountToIntegration: i, failureCountFromIntegration: 0, lastErrorToIntegration: i === 2 ? text : null, lastErrorFromIntegration: null,
        skipped: i % 2 === 0, createdAt: at, updatedAt: at,
      }));
    const em = orm.em.fork();
    await em.transactional(async (tem) => {
      await batchInsert(tem, 'Coupling', rows('BY_VALUES'), undefined, 'values');
      await batchInsert(tem, 'Coupling', rows('BY_JSON'), undefined, 'json');
    });
    const table = stateTable(em, 'Coupling');
    const columns = (await stateQuery(em, `select name from pragma_table_info('tandem_coupling') where name not in ('id', 'mapping')`, [], 'all')).map((r) => r.name as string);
    expect(columns).toContain('last_job_id');
    const stored = async (mapping: string) =>
      stateQuery(em, `select ${columns.map((c) => `${c}, typeof(${c}) as ${c}_type`).join(', ')} from ${table} where mapping = ? order by id`, [mapping], 'all');
    const byValues = await stored('BY_VALUES');
    expect(byValues).toHaveLength(texts.length);
    expect(byValues.map((r) => r.last_job_id_type)).toEqual(['blob', 'blob', 'blob', 'text', 'blob', 'blob']);
    expect(await stored('BY_JSON')).toEqual(byValues);

    // Upserts: the conflict's `update` and `add` columns, both ways.
    const ids = async (mapping: string) => (await stateQuery(em, `select id from ${table} where mapping = ? order by id`, [mapping], 'all')).map((r) => r.id);
    const again = async (mapping: string, via: 'values' | 'json') => {
      const known = await ids(mapping);
      const existing = rows(mapping).map((row, i) => ({ id: known[i], ...row, failureCountToIntegration: 10, lastErrorToIntegration: `again ${i} \u0000 nul`, updatedAt: new Date(0) }));
      await em.transactional((tem) => batchInsert(tem, 'Coupling', existing, { target: ['id'], update: ['lastErrorToIntegration', 'updatedAt'], add: ['failureCountToIntegration'] }, via));
    };
    await again('BY_VALUES', 'values');
    await again('BY_JSON', 'json');
    const updated = await stored('BY_VALUES');
    expect(updated.map((r) => r.failure_count_to_integration)).toEqual([10, 11, 12, 13, 14, 15]);
    expect(updated[0]!.last_error_to_integration).toBe('again 0 \u0000 nul');
    expect(await stored('BY_JSON')).toEqual(updated);
    // Couplings read back through the state store alike.
    expect((await db.host.state.couplings('BY_JSON')).map((c) => ({ ...c, id: 0, mapping: '' }))).toEqual(
      (await db.host.state.couplings('BY_VALUES')).map((c) => ({ ...c, id: 0, mapping: '' })),
    );
  });

  it('columns every row shares (text, blob, boolean, whole numbers, null) are stored exactly as bound values are', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const em = db.host.orm.em.fork();
    const jobId = randomUUID();
    const at = new Date('2026-01-02T03:04:05.678Z');
    // A page of new couplings: ids and bases differ, everything else is the page's (a NUL text is bound, as before).
    const rows = (mapping: string, error: string | null) =>
      [0, 1, 2].map((i) => ({
        mapping, businessId: `B${i}`, integrationId: `I${i}`, businessModifiedOn: new Date(at.getTime() + i), integrationModifiedOn: at,
        mergeBase: `base ${i}`, syncedValues: null, lastResultToIntegration: 'success', lastResultFromIntegration: null, lastJobId: jobId,
        failureCountToIntegration: 2 ** 40, failureCountFromIntegration: 0, lastErrorToIntegration: error, lastErrorFromIntegration: null,
        skipped: true, createdAt: at, updatedAt: at,
      }));
    await em.transactional(async (tem) => {
      for (const [suffix, error] of [['', '12'], ['_NUL', 'a \u0000 nul']] as const) {
        await batchInsert(tem, 'Coupling', rows(`BY_VALUES${suffix}`, error), undefined, 'values');
        await batchInsert(tem, 'Coupling', rows(`BY_JSON${suffix}`, error), undefined, 'json');
      }
    });
    const table = stateTable(em, 'Coupling');
    const columns = (await stateQuery(em, `select name from pragma_table_info('tandem_coupling') where name not in ('id', 'mapping')`, [], 'all')).map((r) => r.name as string);
    const stored = async (mapping: string) =>
      stateQuery(em, `select ${columns.map((c) => `quote(${c}) as ${c}`).join(', ')} from ${table} where mapping = ? order by id`, [mapping], 'all');
    const byValues = await stored('BY_VALUES');
    expect(byValues.map((r) => [r.last_job_id, r.skipped, r.failure_count_to_integration, r.created_at, r.last_error_to_integration])).toEqual(
      [0, 1, 2].map(() => [`X'${jobId.replace(/-/g, '').toUpperCase()}'`, '1', String(2 ** 40), String(at.getTime()), "'12'"]),
    );
    expect(await stored('BY_JSON')).toEqual(byValues);
    expect(await stored('BY_JSON_NUL')).toEqual(await stored('BY_VALUES_NUL'));

    // A whole number past 32 bits in a text column: the JSON's integer text, not a real's ('….0').
    const error = (mapping: string) => ({ jobId, mapping, sourceId: 2 ** 40, destinationId: null, message: 'm', stack: null, errorClass: 'Error', code: null, createdAt: at });
    await em.transactional(async (tem) => {
      await batchInsert(tem, 'SyncJobError', [error('A'), error('A')], undefined, 'json');
    });
    const sources = await stateQuery(em, `select quote(source_id) as source from ${stateTable(em, 'SyncJobError')} where mapping = 'A'`, [], 'all');
    expect(sources.map((r) => r.source)).toEqual([`'${2 ** 40}'`, `'${2 ** 40}'`]);
  });

  it('a text JSON would carry differently from a bound value (a lone surrogate) is bound, as before', async () => {
    db = await twoDatabases([testPlugin([customerMapping()])]);
    const em = db.host.orm.em.fork();
    const row = (mapping: string) => ({ jobId: randomUUID(), mapping, sourceId: 'S', destinationId: null, message: 'lone \ud800 surrogate', stack: null, errorClass: 'Error', code: null, createdAt: new Date() });
    await em.transactional(async (tem) => {
      await batchInsert(tem, 'SyncJobError', [row('A')], undefined, 'values');
      await batchInsert(tem, 'SyncJobError', [row('B')], undefined, 'json');
    });
    const messages = await stateQuery(em, `select message, hex(message) as bytes from ${stateTable(em, 'SyncJobError')} order by mapping`, [], 'all');
    expect(messages[1]).toEqual(messages[0]);
  });
});
