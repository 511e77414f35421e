import { afterEach, describe, expect, it } from 'vitest';
import type { TableMapping } from '../src/index';
import { decodeMergeBase, encodeMergeBase, isCompactMergeBase } from '../src/state/mergeBaseCodec';
import { BaseDigest, decodeDigestBase, digestOf, encodeDigestBase, isDigestMergeBase, sameAsBase } from '../src/state/mergeBaseDigest';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

/** The merge base as the column holds it (read past the state store, which decodes it). */
const storedBase = async (host: TwoDatabases['host']): Promise<unknown> => {
  const [row] = await host.orm.em.fork().find<{ syncedValues: unknown }>('Coupling', {}, { disableIdentityMap: true });
  return row!.syncedValues;
};

/** Each field of a decoded base as the value it stands for, when `candidates` holds it. */
const baseValues = (side: Record<string, unknown>, candidates: unknown[]) =>
  Object.fromEntries(Object.entries(side).map(([field, base]) => [field, candidates.find((c) => sameAsBase(c, base)) ?? base]));

describeOnBothDatabases('merge base of digests (issue 8)', () => {
  it('is stored as a digest per field, integration values equal to their business values not repeated', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const stored = await storedBase(db.host);
    expect(isDigestMergeBase(stored)).toBe(true);
    // Three business entries of 2 + 5 characters; the three integration values equal them and are not listed.
    expect((stored as [string])[0]).toMatch(/^[\w-]{21}\|$/);
    expect(JSON.stringify(stored)).not.toMatch(/Alpha|Oslo|555/);
    const [coupling] = await db.host.state.couplings('CUSTOMER');
    const base = coupling!.syncedValues!;
    expect(Object.values(base.business).every((v) => v instanceof BaseDigest)).toBe(true);
    expect(baseValues(base.business, ['Alpha', 'Oslo', '555'])).toEqual({ name: 'Alpha', city: 'Oslo', phone: '555' });
    expect(baseValues(base.integration, ['Alpha', 'Oslo', '555'])).toEqual({ name: 'Alpha', address1_city: 'Oslo', telephone1: '555' });
    expect(sameAsBase('Beta', base.business.name)).toBe(false);
    expect(sameAsBase(null, base.business.name)).toBe(false);
  });

  it('the three-way merge works from the digest base: each side keeps the field it changed, a field both changed conflicts', async () => {
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

describe('merge base codec', () => {
  const mapping = (fields: { business?: string; integration?: string; constant?: unknown }[]) => ({ name: 'M', fields }) as unknown as TableMapping;

  it('reads a coupling stored in the plain form as it is', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const plain = { business: { name: 'Alpha', city: 'Oslo' }, integration: { name: 'Alpha', address1_city: 'Oslo' } };
    await db.host.orm.em.fork().getConnection().execute('update tandem_coupling set synced_values = ?', [JSON.stringify(plain)]);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues).toEqual(plain);
    // The next write stores digests.
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await db.host.engine.run('CUSTOMER');
    expect(isDigestMergeBase(await storedBase(db.host))).toBe(true);
    expect(baseValues((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues!.integration, ['Alpha', 'Bergen'])).toEqual({ name: 'Alpha', address1_city: 'Bergen' });
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

describeOnBothDatabases('merge bases written before digests (issue 8)', () => {
  it('a coupling stored in the compact form of values is read and merged as before, then stored as digests', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional', updateConflictResolution: 'none' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const mapping = db.host.mappings.get('CUSTOMER')!;
    const values = { business: { name: 'Alpha', city: 'Oslo', phone: '555' }, integration: { name: 'Alpha', address1_city: 'Oslo', telephone1: '555' } };
    await db.host.orm.em.fork().nativeUpdate('Coupling', {}, { syncedValues: encodeMergeBase(mapping, values) as never });
    expect(isCompactMergeBase(await storedBase(db.host))).toBe(true);
    expect((await db.host.state.couplings('CUSTOMER'))[0]!.syncedValues).toEqual(values);
    const [account] = await integrationRows(db.integrationOrm);
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    await touchIntegration(db.integrationOrm, account!.accountid, { telephone1: '777' }, later());
    expect((await db.host.engine.run('CUSTOMER')).map((j) => j.failed)).toEqual([0, 0]);
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({ address1_city: 'Bergen', telephone1: '777' });
    expect(isDigestMergeBase(await storedBase(db.host))).toBe(true);
  });
});

describe('merge base digests', () => {
  const mapping = (fields: { business?: string; integration?: string; constant?: unknown }[]) => ({ name: 'M', fields }) as unknown as TableMapping;

  it('digest values alike that valuesEqual finds equal: numbers and numeric texts, dates and their ISO text', () => {
    expect(digestOf(7000)).toBe(digestOf('7000.00'));
    expect(digestOf('0.30')).toBe(digestOf(0.3));
    expect(digestOf(new Date('2026-01-01T00:00:00.000Z'))).toBe(digestOf('2026-01-01T00:00:00.000Z'));
    expect(digestOf('Alpha')).not.toBe(digestOf('alpha'));
    expect(digestOf(1)).not.toBe(digestOf(2));
    expect(digestOf({ a: 1 })).toBe(digestOf({ a: 1 }));
    // Distinct values rarely share a digest (30 bits): none among 20 000.
    expect(new Set(Array.from({ length: 20_000 }, (_, i) => digestOf(`customer ${i}`))).size).toBe(20_000);
  });

  it('round-trips which field had which value: differing pairs, unpaired fields, empties, names sharing a tag', () => {
    // Two names whose 2-character tags are the same are keyed by their names.
    const names = Array.from({ length: 1000 }, (_, i) => `${((i * 2654435761) >>> 0).toString(36)}_${i % 7}`);
    const probe = encodeDigestBase(mapping(names.map((business) => ({ business }))), { business: Object.fromEntries(names.map((n) => [n, 1])), integration: {} });
    const named = Object.keys(probe[1]?.b ?? {});
    expect(named.length).toBeGreaterThanOrEqual(2);
    const [x, y] = named;
    const m = mapping([
      { business: 'name', integration: 'name' }, { business: 'amount', integration: 'creditlimit' }, { business: 'code', integration: 'codeoption' },
      { business: x, integration: 'ix' }, { business: y, integration: 'iy' }, { business: 'onlyBusiness' }, { integration: 'onlyIntegration' },
      { business: 'gone', integration: 'goneToo' }, { integration: 'fixed', constant: 'X' },
    ]);
    const values = {
      business: { name: 'A', amount: 7000, code: 'CIF', [x!]: 'same', [y!]: 'other', onlyBusiness: true, gone: 'B' },
      integration: { name: 'A', creditlimit: '7000', codeoption: 4, ix: 'same', iy: 'different', onlyIntegration: 1.5 },
    };
    const decoded = decodeDigestBase(m, JSON.parse(JSON.stringify(encodeDigestBase(m, values))));
    for (const side of ['business', 'integration'] as const) {
      expect(Object.keys(decoded[side]).sort()).toEqual(Object.keys(values[side]).sort());
      for (const [field, value] of Object.entries(values[side])) expect(sameAsBase(value, decoded[side][field]), field).toBe(true);
    }
    // An integration field empty while its business field is not reads as empty, not as the business value.
    expect(decoded.integration.goneToo).toBeUndefined();
    expect(sameAsBase('B', decoded.business.gone)).toBe(true);
  });

  it('a field the mapping no longer has is left out; a field added since reads as empty', () => {
    const before = mapping([{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }]);
    const encoded = encodeDigestBase(before, { business: { name: 'A', city: 'Oslo' }, integration: { name: 'A', address1_city: 'Oslo' } });
    const after = mapping([{ business: 'name', integration: 'name' }, { business: 'phone', integration: 'telephone1' }]);
    const decoded = decodeDigestBase(after, encoded);
    expect(Object.keys(decoded.business)).toEqual(['name']);
    expect(Object.keys(decoded.integration)).toEqual(['name']);
  });
});
