import { randomUUID } from 'node:crypto';
import { DateTimeType, DecimalType, EntitySchema } from '@mikro-orm/core';
import { MikroORM as PostgresORM } from '@mikro-orm/postgresql';
import { MikroORM as SqliteORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { BoundSqliteDriver, MikroOrmStore, withSchemaLock, type Row } from '../src/index';

const PG = { host: '127.0.0.1', port: 5432, user: 'postgres', dbName: 'test' };

/** The ERP's money type: a decimal read back as the shortest text by its entities (not by the store's reads). */
class Money extends DecimalType<'string'> {
  constructor() {
    super('string');
  }

  override convertToJSValue(value: string | number): string {
    const text = String(value);
    return /^-?\d+\.\d*$/.test(text) ? text.replace(/\.?0+$/, '') : text;
  }
}

interface Owner { code: string; modifiedAt: Date }
/** A column of every type the ERP's entities use, plus core's JSON and references. */
interface Sample {
  no: string; name: string; note: string | null; open: boolean; flag: boolean | null; postingDate: string | null; count: number | null;
  amount: string; price: string | null; born: Date | null; data: unknown; owner: Owner | null; systemId: string; modifiedAt: Date;
}
const OwnerSchema = new EntitySchema<Owner>({
  name: 'Owner',
  properties: { code: { type: 'string', primary: true, length: 10 }, modifiedAt: { type: new DateTimeType() } },
});
const SampleSchema = new EntitySchema<Sample>({
  name: 'Sample',
  properties: {
    no: { type: 'string', length: 20, primary: true },
    name: { type: 'string', length: 100 },
    note: { type: 'text', nullable: true },
    open: { type: 'boolean', default: true },
    flag: { type: 'boolean', nullable: true },
    postingDate: { type: 'date', nullable: true },
    count: { type: 'integer', nullable: true },
    amount: { type: Money, precision: 18, scale: 5, default: '0' },
    price: { type: Money, precision: 18, scale: 5, nullable: true },
    born: { type: 'datetime', nullable: true },
    data: { type: 'json', nullable: true },
    owner: { kind: 'm:1', entity: () => OwnerSchema, nullable: true },
    systemId: { type: 'uuid', unique: true },
    modifiedAt: { type: new DateTimeType(), index: true },
  },
});

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

type Kind = 'sqlite' | 'sqlite-bound' | 'postgresql';

async function open(kind: Kind): Promise<MikroOrmStore> {
  let orm: SqliteORM | PostgresORM;
  if (kind !== 'postgresql') {
    const sqlite = await SqliteORM.init({ dbName: ':memory:', entities: [OwnerSchema, SampleSchema], ...(kind === 'sqlite-bound' ? { driver: BoundSqliteDriver as never } : {}) });
    await sqlite.schema.updateSchema({ safe: true });
    cleanups.push(() => sqlite.close());
    orm = sqlite;
  } else {
    const schema = `tandem_values_${randomUUID().replaceAll('-', '').slice(0, 12)}`;
    const pg = await PostgresORM.init({ ...PG, schema, entities: [OwnerSchema, SampleSchema], pool: { min: 0, max: 2 } });
    await withSchemaLock(pg, async () => {
      await pg.em.getConnection().execute(`create schema "${schema}"`);
      await pg.schema.updateSchema({ safe: true });
    });
    cleanups.push(async () => {
      await withSchemaLock(pg, () => pg.em.getConnection().execute(`drop schema "${schema}" cascade`));
      await pg.close();
    });
    orm = pg;
  }
  await orm.em.fork().insert(OwnerSchema, { code: 'O1', modifiedAt: new Date(0) });
  return new MikroOrmStore(orm as never);
}

const born = new Date('1990-02-03T04:05:06.789Z');
const full = {
  name: 'Full', note: 'a long note', open: false, flag: true, postingDate: '2024-02-29', count: 7, amount: '643.97', price: '-0.5', born,
  data: { a: [1, 'two'], b: null }, owner: 'O1', systemId: '6f1c2a3b-4d5e-4f60-8a9b-0c1d2e3f4a5b',
};
const empty = {
  name: 'Empty', note: null, open: true, flag: null, postingDate: null, count: null, amount: '0', price: null, born: null,
  data: null, owner: null, systemId: '00000000-0000-4000-8000-000000000000',
};

/** A row's values with each value's kind: what a mapping's code gets to see. */
function typed(row: Row): Record<string, [string, unknown]> {
  const out: Record<string, [string, unknown]> = {};
  for (const [name, value] of Object.entries(row.values)) {
    const kind = value === null ? 'null' : value instanceof Date ? 'Date' : Array.isArray(value) ? 'array' : typeof value;
    out[name] = [kind, value instanceof Date ? value.toISOString() : value];
  }
  return out;
}

/**
 * What each database hands back through the store's reads (today's values, pinned): the driver's own value, except
 * booleans (`!!`) and date-times (a `Date`), as MikroORM's result mapper converts them — custom types (the decimals)
 * and JSON are not converted (only MikroORM's entities would convert them).
 */
function expected(kind: Kind): { full: Record<string, [string, unknown]>; empty: Record<string, [string, unknown]> } {
  const pg = kind === 'postgresql';
  const common = { no: ['string', 'F1'], name: ['string', 'Full'], note: ['string', 'a long note'], open: ['boolean', false], flag: ['boolean', true], postingDate: ['string', '2024-02-29'], count: ['number', 7], born: ['Date', born.toISOString()], owner: ['string', 'O1'], systemId: ['string', full.systemId] };
  const blank = { no: ['string', 'E1'], name: ['string', 'Empty'], note: ['null', null], open: ['boolean', true], flag: ['null', null], postingDate: ['null', null], count: ['null', null], price: ['null', null], born: ['null', null], data: ['null', null], owner: ['null', null], systemId: ['string', empty.systemId] };
  return {
    full: { ...common, ...(pg ? { amount: ['string', '643.97000'], price: ['string', '-0.50000'], data: ['object', full.data] } : { amount: ['number', 643.97], price: ['number', -0.5], data: ['string', '{"a":[1,"two"],"b":null}'] }) } as never,
    empty: { ...blank, amount: pg ? ['string', '0.00000'] : ['number', 0] } as never,
  };
}

describe.each(['sqlite', 'sqlite-bound', 'postgresql'] as const)('MikroOrmStore read values on %s', (kind) => {
  it('reads every column type with the same JS types through readChanged, getByIds and findByValues', async () => {
    const store = await open(kind);
    const results = await store.write('Sample', [
      { kind: 'insert', ref: 'f', id: 'F1', values: { ...full } },
      { kind: 'insert', ref: 'e', id: 'E1', values: { ...empty } },
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    const { rows } = await store.readChanged('Sample', { limit: 10 });
    const byId = (list: Row[], id: string) => list.find((r) => r.id === id)!;
    const f = byId(rows, 'F1');
    const e = byId(rows, 'E1');
    const { modifiedAt, ...values } = typed(f);
    expect(values).toEqual(expected(kind).full);
    expect(modifiedAt).toEqual(['Date', f.modifiedOn.toISOString()]);
    const { modifiedAt: emptyModifiedAt, ...emptyValues } = typed(e);
    expect(emptyValues).toEqual(expected(kind).empty);
    expect(emptyModifiedAt).toEqual(['Date', e.modifiedOn.toISOString()]);
    expect(Object.keys(f.values)).toEqual(Object.keys(SampleSchema.meta.properties));
    // getByIds (the SQLite driver's own statement where it applies) and findByValues read the same values.
    const ids = await store.getByIds('Sample', ['F1', 'E1']);
    expect(typed(byId(ids, 'F1'))).toEqual(typed(f));
    expect(typed(byId(ids, 'E1'))).toEqual(typed(e));
    const found = await store.findByValues('Sample', { candidates: [{ name: 'full' }, { name: 'EMPTY' }] });
    expect(typed(byId(found, 'F1'))).toEqual(typed(f));
    expect(typed(byId(found, 'E1'))).toEqual(typed(e));
  });
});
