import { ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, UnitOfMeasureSchema, type Item } from '@tandem/erp';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { ItemProductPlugin } from '../src/index';

/** A pair with both plugins, the ERP setup in USD (the emulator's base currency) and the unit PCS coupled. */
export async function startItemPair(plugin: ItemProductPlugin | typeof ItemProductPlugin = ItemProductPlugin): Promise<TestPair> {
  const pair = await startTestPair({ plugins: [UnitOfMeasurePlugin, plugin] });
  const em = pair.erp();
  em.create(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD' } as never);
  em.create(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece' } as never);
  await em.flush();
  await pair.host.engine.fullSync(UNIT_OF_MEASURE);
  return pair;
}

export async function addItem(pair: TestPair, item: Partial<Item> & { no: string }): Promise<void> {
  const em = pair.erp();
  em.create(ItemSchema, { description: `Item ${item.no}`, baseUnitOfMeasure: 'PCS', unitPrice: '10', unitCost: '6', inventory: '5', ...item } as never);
  await em.flush();
}

export async function changeItem(pair: TestPair, no: string, changes: Partial<Item>): Promise<void> {
  const em = pair.erp();
  const item = await em.findOneOrFail(ItemSchema, { no });
  Object.assign(item, changes);
  await em.flush();
}

export async function getItem(pair: TestPair, no: string): Promise<Item> {
  return pair.erp().findOneOrFail(ItemSchema, { no });
}

/** A CRM row by id; throws when it does not exist (`getCrm` of @tandem/testing). */
export { getCrm as crmRow } from '@tandem/testing';

export async function crmRows(pair: TestPair, table: string, values: Record<string, unknown>) {
  return pair.crm.findByValues(table, { candidates: [values] });
}

export async function allCrmRows(pair: TestPair, table: string) {
  return (await pair.crm.readChanged(table, { limit: 1000 })).rows;
}
