import { MikroOrmStore } from '@tandem/core';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { erpEntities, ItemSchema } from '../src/index';
import { erpDatabase, type ErpDatabase } from './helpers/erpDatabase';

let db: ErpDatabase;
afterEach(async () => db?.close());

// Builds the per-process template database once, outside the tests' time budget.
beforeAll(async () => (await erpDatabase()).close(), 30_000);

const KEYS: Record<string, string> = {
  ErpSetup: 'key', NoSeries: 'code', Salesperson: 'code', Currency: 'code', CurrencyExchangeRate: 'systemId', UnitOfMeasure: 'code',
  PaymentTerms: 'code', ShipmentMethod: 'code', ShippingAgent: 'code', Item: 'no', Resource: 'no', Customer: 'no', SalesHeader: 'no',
  SalesLine: 'systemId', SalesInvoiceHeader: 'no', SalesInvoiceLine: 'systemId', Contact: 'no', ContactBusinessRelation: 'systemId',
  Opportunity: 'no', RecordLink: 'systemId', CustomerPriceGroup: 'code', SalesPrice: 'systemId',
  UnitGroup: 'code', ItemUnitOfMeasure: 'systemId', ResourceUnitOfMeasure: 'systemId', SalesHeaderArchive: 'systemId',
  SalesLineArchive: 'systemId',
  CustLedgerEntry: 'entryNo', ItemLedgerEntry: 'entryNo',
};
/** Ledger entries are numbered by the database in posting order (NAV's Entry No.). */
const GENERATED_KEYS = new Set(['CustLedgerEntry', 'ItemLedgerEntry']);

describe('the ERP schema', () => {
  it('has one table per entity, each with a unique systemId and an index on modifiedAt', async () => {
    db = await erpDatabase();
    const connection = db.orm.em.getConnection();
    expect(erpEntities.map((e) => e.meta.className).sort()).toEqual(Object.keys(KEYS).sort());
    for (const entity of erpEntities) {
      const meta = db.orm.getMetadata().find(entity.meta.className)!;
      const indexes = (await connection.execute(`pragma index_list('${meta.tableName}')`)) as { name: string; unique: number; origin: string }[];
      const columns = async (index: string) =>
        ((await connection.execute(`pragma index_info('${index}')`)) as { name: string }[]).map((c) => c.name);
      const described: { columns: string[]; unique: boolean }[] = [];
      for (const index of indexes) described.push({ columns: await columns(index.name), unique: index.unique === 1 });
      const tableInfo = (await connection.execute(`pragma table_info('${meta.tableName}')`)) as { name: string; pk: number; notnull: number }[];
      const systemIdIsKey = tableInfo.some((c) => c.name === 'system_id' && c.pk === 1);
      expect(systemIdIsKey || described.some((i) => i.unique && i.columns.join() === 'system_id'), meta.className).toBe(true);
      expect(described.some((i) => i.columns.join() === 'modified_at'), meta.className).toBe(true);
      expect(tableInfo.find((c) => c.name === 'system_id')!.notnull || systemIdIsKey, meta.className).toBeTruthy();
    }
  });

  it('indexes (modifiedAt, key) on the tables the plugins page through, and a page after a cursor seeks that index', async () => {
    db = await erpDatabase();
    const connection = db.orm.em.getConnection();
    const paged = ['Customer', 'Contact', 'Item', 'Resource', 'Opportunity', 'SalesHeader', 'Salesperson'];
    for (const name of paged) {
      const table = db.orm.getMetadata().find(name)!.tableName;
      const indexes = (await connection.execute(`pragma index_list('${table}')`)) as { name: string }[];
      const columns = await Promise.all(indexes.map(async (i) =>
        ((await connection.execute(`pragma index_info('${i.name}')`)) as { name: string }[]).map((c) => c.name).join()));
      expect(columns, name).toContain(`modified_at,${KEYS[name] === 'code' ? 'code' : 'no'}`);
    }
    // The shape of MikroOrmStore.readChanged's keyset condition: no sort of the rows sharing the cursor's stamp.
    const plan = (await connection.execute(
      'explain query plan select * from customer where (modified_at, no) > (?, ?) order by modified_at, no limit 500', [0, ''],
    )) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/SEARCH customer USING INDEX .*\(modified_at,no\)>\(\?,\?\)/);
    expect(plan.map((p) => p.detail).join('; ')).not.toContain('TEMP B-TREE');
  });

  it('can be read by core\'s MikroOrmStore: one key, modifiedAt as the modified-on field', async () => {
    db = await erpDatabase();
    const store = new MikroOrmStore(db.orm);
    for (const [name, key] of Object.entries(KEYS)) {
      const definition = store.definition(name);
      expect([definition.idField, definition.modifiedOnField, definition.idGenerated], name).toEqual([key, 'modifiedAt', GENERATED_KEYS.has(name)]);
    }
    expect(store.definition('Item').fields.unitPrice!.type).toBe('decimal');
    expect(store.definition('Item').fields.modifiedAt!.type).toBe('datetime');
    expect(store.definition('SalesHeader').fields.orderDate!.type).toBe('date');
    expect(store.definition('Customer').fields.systemId!.type).toBe('uuid');
  });

  it('keeps decimal values exact as strings', async () => {
    db = await erpDatabase();
    const em = db.orm.em.fork();
    const values = ['1234567890.12345', '0.1', '0.00001', '-42.5', '0'];
    await em.insertMany(ItemSchema, values.map((unitPrice, i) => ({
      no: `D${i}`, description: 'Decimal', description2: null, baseUnitOfMeasure: null, unitPrice, unitCost: '0', inventory: '0',
      unitVolume: '0', grossWeight: '0', vendorNo: null, vendorItemNo: null, blocked: false,
      systemId: `00000000-0000-4000-8000-00000000000${i}`, modifiedAt: new Date(),
    })));
    const read = await db.orm.em.fork().find(ItemSchema, {}, { orderBy: { no: 'asc' } });
    expect(read.map((r) => r.unitPrice)).toEqual(['1234567890.12345', '0.1', '0.00001', '-42.5', '0']);
  });
});
