import { afterEach, describe, expect, it } from 'vitest';
import type { TableMapping } from '../src/index';
import { encodeMergeBase } from '../src/state/mergeBaseCodec';
import { decodePositional, encodePositional, encodePositionalInto, isPositionalMergeBase, layoutOf, MergeBaseLayout } from '../src/state/positionalMergeBase';
import { describeOnBothDatabases } from '../src/testing/index';
import { customerMapping, insertCustomers, later, testPlugin, touchBusiness, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

let db: TwoDatabases | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
});

const mapping = (fields: { business?: string; integration?: string; constant?: unknown }[]) => ({ name: 'M', fields }) as unknown as TableMapping;
/** Encodes, passes through JSON as the column does, decodes. */
const roundTrip = (m: TableMapping, values: { business: Record<string, unknown>; integration: Record<string, unknown> }) => {
  const stored = encodePositional(layoutOf(m), 7, values);
  expect(stored).toBeDefined();
  const parsed = JSON.parse(JSON.stringify(stored));
  expect(isPositionalMergeBase(parsed)).toBe(true);
  expect(parsed[0]).toBe(7);
  return { stored: parsed as unknown[], decoded: decodePositional(MergeBaseLayout.parse(layoutOf(m).text), parsed) };
};

describe('positional merge base', () => {
  const m = mapping([
    { business: 'name', integration: 'name' }, { business: 'amount', integration: 'creditlimit' }, { business: 'code', integration: 'codeoption' },
    { business: 'owner', integration: 'ownerid' }, { business: 'onlyBusiness' }, { integration: 'onlyIntegration' },
    { business: 'flag', integration: 'flagText' }, { integration: 'fixed', constant: 'X' }, { business: 'nested', integration: 'nestedCopy' },
    { business: 'name', integration: 'name2' },
  ]);

  it('round-trips every JSON value type exactly, and keeps null, empty and missing apart', () => {
    const values = {
      business: { name: 'A', amount: 7000, code: 'CIF', owner: 'b0000000-0000-4000-8000-000000000001', onlyBusiness: true, flag: false, nested: { a: [1, 'x', null] } },
      integration: {
        name: 'A', creditlimit: '7000', codeoption: 4, ownerid: 'B0000000-0000-4000-8000-000000000001', onlyIntegration: -1.5, flagText: null,
        fixed: '', nestedCopy: { a: [1, 'x', null] }, name2: 'a',
      },
    };
    const { stored, decoded } = roundTrip(m, values);
    expect(decoded).toEqual(values);
    // `toEqual` treats a missing key and an undefined value alike: the keys must be exactly the ones encoded.
    expect(Object.keys(decoded.business)).toEqual(Object.keys(values.business));
    expect(Object.keys(decoded.integration).sort()).toEqual(Object.keys(values.integration).sort());
    expect(decoded.integration.flagText).toBeNull();
    expect(decoded.integration.fixed).toBe('');
    // '7000' (text) is not 7000 (a number), nor an upper-case GUID the lower-case one: both are stored.
    expect(stored).toContain('7000');
    expect(stored).toContain('B0000000-0000-4000-8000-000000000001');
    // The lower-case GUID is stored in 22 characters; name, nestedCopy are not stored again.
    expect(stored).not.toContain('b0000000-0000-4000-8000-000000000001');
    expect(stored.filter((v) => typeof v === 'string' && v.length === 22)).toEqual([Buffer.from('b0000000000040008000000000000001', 'hex').toString('base64url')]);
    expect(stored.filter((v) => v === 'A')).toHaveLength(1);
  });

  it('leaves out missing fields, including trailing ones, and stores nothing for an empty base', () => {
    const { stored, decoded } = roundTrip(m, { business: { amount: 1 }, integration: {} });
    expect(decoded).toEqual({ business: { amount: 1 }, integration: {} });
    expect(stored).toEqual([7, 'E', 1]);
    expect(roundTrip(m, { business: {}, integration: {} }).stored).toEqual([7, '']);
    expect(roundTrip(m, { business: {}, integration: { name2: 'z' } }).decoded).toEqual({ business: {}, integration: { name2: 'z' } });
  });

  it('a GUID-shaped value is only packed when it is one exactly', () => {
    for (const text of ['b0000000-0000-4000-8000-00000000000', '{b0000000-0000-4000-8000-000000000001}', 'b0000000-0000-4000-8000-000000000001 ', 'g0000000-0000-4000-8000-000000000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-0000-0000-000000000000']) {
      expect(roundTrip(m, { business: { owner: text }, integration: { ownerid: text.toUpperCase() } }).decoded).toEqual({ business: { owner: text }, integration: { ownerid: text.toUpperCase() } });
    }
  });

  it('works for many fields (more than one mask character each) and is smaller than the tagged form', () => {
    const names = Array.from({ length: 70 }, (_, i) => `field${i}`);
    const wide = mapping(names.map((name) => ({ business: name, integration: `i_${name}` })));
    const values = { business: Object.fromEntries(names.map((n, i) => [n, i % 3 === 0 ? `v${i}` : i])), integration: Object.fromEntries(names.filter((_, i) => i % 2 === 0).map((n, i) => [`i_${n}`, i % 4 === 0 ? `other${i}` : i * 2 % 3 === 0 ? `v${i * 2}` : i * 2])) };
    const { stored, decoded } = roundTrip(wide, values);
    expect(decoded).toEqual(values);
    expect(JSON.stringify(stored).length).toBeLessThan(JSON.stringify(encodeMergeBase(wide, values)).length * 0.6);
  });

  it('gives no positional form for a value of a field the layout does not have (the plain form is stored)', () => {
    expect(encodePositional(layoutOf(m), 1, { business: { name: 'A', gone: 1 }, integration: {} })).toBeUndefined();
    expect(encodePositional(layoutOf(m), 1, { business: {}, integration: { gone: 1 } })).toBeUndefined();
  });

  it('encodes into a reused array: its first places, counted, are the positional form, whatever the array held', () => {
    const reused: unknown[] = [];
    const long = { business: { name: 'A', amount: 1, code: 'C', owner: 'b0000000-0000-4000-8000-000000000001', flag: true }, integration: { name: 'B', fixed: 'X' } };
    const short = { business: { name: 'A' }, integration: {} };
    for (const values of [long, short, long]) {
      const size = encodePositionalInto(layoutOf(m), 3, values, reused);
      expect(reused.slice(0, size)).toEqual(encodePositional(layoutOf(m), 3, values));
    }
    expect(encodePositionalInto(layoutOf(m), 3, { business: { gone: 1 }, integration: {} }, reused)).toBe(-1);
  });

  it('a layout is its field lists and pairs: same mapping fields, same text; a field more, another layout', () => {
    const a = layoutOf(mapping([{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }]));
    expect(a.text).toBe(layoutOf(mapping([{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }])).text);
    expect(a.text).not.toBe(layoutOf(mapping([{ business: 'name', integration: 'name' }, { business: 'city' }, { integration: 'address1_city' }])).text);
    expect(MergeBaseLayout.parse(a.text).fields).toEqual(a.fields);
  });
});

describeOnBothDatabases('positional merge base in the state database (issue 8)', () => {
  it('a coupling written against one layout reads back the same after the mapping fields changed, and is rewritten against the new one', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'bidirectional' })])]);
    await insertCustomers(db.host, [{ name: 'Alpha', city: 'Oslo', phone: '555' }]);
    await db.host.engine.fullSync('CUSTOMER');
    const [before] = await db.host.state.couplings('CUSTOMER');
    const mappings = db.host.mappings;
    // A state store that sees the mapping with a field more in front: every position moves.
    const current = mappings.all().find((x) => x.name === 'CUSTOMER')!;
    const wider = { ...current, fields: [{ business: 'salespersonCode', integration: 'description' }, ...current.fields] } as TableMapping;
    db.host.state.useMappings(() => [wider]);
    const [after] = await db.host.state.couplings('CUSTOMER');
    expect(after!.syncedValues).toEqual(before!.syncedValues);
    const layouts = () => db!.host.orm.em.fork().find<{ id: number; fields: string }>('MergeBaseLayout', {}, { disableIdentityMap: true });
    expect(await layouts()).toHaveLength(1);
    db.host.state.useMappings(() => mappings.all());
    await touchBusiness(db.host, 'Customer', 'C0001', { city: 'Bergen' }, later());
    db.host.state.useMappings(() => [wider]);
    await db.host.engine.run('CUSTOMER');
    expect(await layouts()).toHaveLength(2);
    const [rewritten] = await db.host.state.couplings('CUSTOMER');
    expect(rewritten!.syncedValues).toEqual({
      business: { name: 'Alpha', city: 'Bergen', phone: '555' },
      integration: { name: 'Alpha', address1_city: 'Bergen', telephone1: '555' },
    });
  });
});
