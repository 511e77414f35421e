import { afterEach, describe, expect, it } from 'vitest';
import type { TableMapping } from '../src/index';
import { decodeMergeBase, encodeMergeBase } from '../src/state/mergeBaseCodec';
import type { StoredCoupling } from '../src/state/Coupling';
import { parseMergeBaseText, type MergeBaseText } from '../src/state/textMergeBase';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** The merge base as the columns hold it (read past the state store, which decodes it): the text form, parsed. */
const storedBase = async (host: TwoDatabases['host']): Promise<MergeBaseText | undefined> => {
  const [row] = await host.orm.em.fork().find<StoredCoupling>('Coupling', {}, { disableIdentityMap: true });
  expect(row!.syncedValues).toBeNull();
  return row!.mergeBase ? parseMergeBaseText(row!.mergeBase) : undefined;
};

describeOnBothDatabases('compact merge base (issue 8)', () => {
  it('is stored by position against its layout, integration values equal to their business values not repeated, and read back exactly', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const stored = await storedBase(db.host);
    // The layout id, the mask, then the three business values in field order; the integration values equal them.
    expect(stored!.tokens).toEqual(['\u001fAlpha', '\u001fOslo', '\u001f555']);
    const [text] = await db.host.orm.em.fork().find<StoredCoupling>('Coupling', {}, { disableIdentityMap: true });
    expect(text!.mergeBase).toBe(`${stored!.layoutId.toString(36)}\u001f${stored!.mask}\u001fAlpha\u001fOslo\u001f555`);
    const plain = { business: { name: 'Alpha', city: 'Oslo', phone: '555' }, integration: { name: 'Alpha', address1_city: 'Oslo', telephone1: '555' } };
    expect(text!.mergeBase!.length).toBeLessThan(JSON.stringify(encodeMergeBase({ name: 'CUSTOMER', fields: customerMapping().fields } as unknown as TableMapping, plain)).length / 2);
    const [coupling] = await db.host.state.couplings('CUSTOMER');
    expect(coupling!.syncedValues).toEqual({
      business: { name: 'Alpha', city: 'Oslo', phone: '555' },
      integration: { name: 'Alpha', address1_city: 'Oslo', telephone1: '555' },
    });
  });

  it('the three-way merge works from the compact base: each side keeps the field it changed, a field both changed conflicts', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional', updateConflictResolution: 'none' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const [account] = await integrationRows(db.integrationOrm);
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '777' }, later());
    expect((await db.host.engine.run('CUSTOMER')).map((j) => j.failed)).toEqual([0, 0]);
    const [merged] = await integrationRows(db.integrationOrm);
    expect(merged).toMatchObject({ address1_city: 'Bergen', telephone1: '777' });
    // Now both sides change the same field to different values: a conflict, which this mapping fails.
    await touchBusiness(db.host, 'Customer', 'C0001', { phone: '111' }, later(20));
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '222' }, later(20));
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.reduce((sum, j) => sum + j.failed, 0)).toBeGreaterThanOrEqual(1);
    expect((await db.host.state.errors('CUSTOMER')).map((e) => e.code)).toContain('TANDEM_UPDATE_CONFLICT');
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({ telephone1: '222' });
  });
});

describe('tagged merge base codec (the stored form before the positional one, still read)', () => {
  const mapping = (fields: { business?: string; integration?: string; constant?: unknown }[]) => ({ name: 'M', fields }) as unknown as TableMapping;

  it('reads a coupling stored in the plain form as it is', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const plain = { business: { name: 'Alpha', city: 'Oslo' }, integration: { name: 'Alpha', address1_city: 'Oslo' } };
    await db.host.orm.em.fork().getConnection().execute('update tandem_coupling set synced_values = ?, merge_base = null', [JSON.stringify(plain)]);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues).toEqual(plain);
    // The next write stores it compactly again.
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await db.host.engine.run('CUSTOMER');
    expect((await storedBase(db.host))?.tokens).toEqual(['\u001fAlpha', '\u001fBergen']);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues!.integration).toEqual({ name: 'Alpha', address1_city: 'Bergen' });
  });

  it('round-trips every value exactly: types, differing pairs, unpaired fields, names sharing a tag', () => {
    // Two names whose 3-character tags are the same are keyed by their names.
    const names = Array.from({ length: 3000 }, (_, i) => `${((i * 2654435761) >>> 0).toString(36)}_${i % 7}`);
    const probe = mapping(names.map((business) => ({ business })));
    const keys = Object.keys(encodeMergeBase(probe, { business: Object.fromEntries(names.map((n) => [n, 1])), integration: {} }).b);
    const named = keys.filter((k) => k.startsWith('~')).map((k) => k.slice(1));
    expect(named.length).toBeGreaterThanOrEqual(2);
    const [x, y] = named;
    const m = mapping([
      { business: 'name', integration: 'name' }, { business: 'amount', integration: 'creditlimit' }, { business: 'code', integration: 'codeoption' },
      { business: x, integration: 'ix' }, { business: y, integration: 'iy' }, { business: 'onlyBusiness' }, { integration: 'onlyIntegration' },
      { business: 'when', integration: 'whenText' }, { integration: 'fixed', constant: 'X' },
    ]);
    const values = {
      business: { name: 'A', amount: 7000, code: 'CIF', [x!]: 'same', [y!]: 'other', onlyBusiness: true, when: '2026-01-01T00:00:00.000Z' },
      integration: { name: 'A', creditlimit: '7000', codeoption: 4, ix: 'same', iy: 'different', onlyIntegration: 1.5, whenText: '2026-01-01T00:00:00.000Z' },
    };
    const encoded = encodeMergeBase(m, values);
    expect(decodeMergeBase(m, JSON.parse(JSON.stringify(encoded)))).toEqual(values);
    // '7000' (text) is not 7000 (a number): it is stored, not taken from the business side.
    expect(Object.values(encoded.i)).toContain('7000');
  });

  it('a field the mapping no longer has is left out; a field added since reads as empty', () => {
    const before = mapping([{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }]);
    const encoded = encodeMergeBase(before, { business: { name: 'A', city: 'Oslo' }, integration: { name: 'A', address1_city: 'Oslo' } });
    const after = mapping([{ business: 'name', integration: 'name' }, { business: 'phone', integration: 'telephone1' }]);
    expect(decodeMergeBase(after, encoded)).toEqual({ business: { name: 'A' }, integration: { name: 'A' } });
  });
});
