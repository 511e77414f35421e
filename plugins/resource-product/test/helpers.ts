import { ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, ResourceSchema, UnitOfMeasureSchema, type Item, type Resource } from '@tandem/erp';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { ResourceProductPlugin } from '../src/index';

/** A pair with items and resources, the ERP setup in USD (the emulator's base currency), units PCS and HOUR coupled. */
export async function startResourcePair(): Promise<TestPair> {
  const pair = await startTestPair({ plugins: [UnitOfMeasurePlugin, ItemProductPlugin, ResourceProductPlugin] });
  const em = pair.erp();
  em.create(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD' } as never);
  em.create(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece' } as never);
  em.create(UnitOfMeasureSchema, { code: 'HOUR', description: 'Hour' } as never);
  await em.flush();
  await pair.host.engine.fullSync(UNIT_OF_MEASURE);
  return pair;
}

export async function addResource(pair: TestPair, resource: Partial<Resource> & { no: string }): Promise<void> {
  const em = pair.erp();
  em.create(ResourceSchema, { name: `Resource ${resource.no}`, type: 'Person', baseUnitOfMeasure: 'HOUR', unitPrice: '90', unitCost: '60', capacity: '160', ...resource } as never);
  await em.flush();
}

export async function addItem(pair: TestPair, item: Partial<Item> & { no: string }): Promise<void> {
  const em = pair.erp();
  em.create(ItemSchema, { description: `Item ${item.no}`, baseUnitOfMeasure: 'PCS', unitPrice: '10', unitCost: '6', inventory: '5', ...item } as never);
  await em.flush();
}

export async function changeResource(pair: TestPair, no: string, changes: Partial<Resource>): Promise<void> {
  const em = pair.erp();
  Object.assign(await em.findOneOrFail(ResourceSchema, { no }), changes);
  await em.flush();
}

export async function findResource(pair: TestPair, no: string): Promise<Resource | null> {
  return pair.erp().findOne(ResourceSchema, { no });
}

export async function findItem(pair: TestPair, no: string): Promise<Item | null> {
  return pair.erp().findOne(ItemSchema, { no });
}

/** A CRM row by id; throws when it does not exist (`getCrm` of @tandem/testing). */
export { getCrm as crmRow } from '@tandem/testing';

export async function crmRows(pair: TestPair, table: string, values: Record<string, unknown>) {
  return pair.crm.findByValues(table, { candidates: [values] });
}

/** Writes an active product straight into the CRM (as a user would), in the unit group of `unitCode`. */
export async function addCrmProduct(pair: TestPair, productnumber: string, producttypecode: number, unitCode = 'HOUR'): Promise<string> {
  const groupId = (await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', unitCode))!.integrationId!;
  const [unit] = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
  const [created] = await pair.crm.write('product', [{
    kind: 'insert', ref: productnumber,
    values: { productnumber, name: `CRM ${productnumber}`, producttypecode, quantitydecimal: 2, _defaultuomscheduleid_value: groupId, _defaultuomid_value: unit!.id },
  }]);
  if (!created?.ok) throw created?.error ?? new Error('no result');
  const [activated] = await pair.crm.write('product', [{ kind: 'update', ref: 'a', id: created.id, values: { statecode: 0 } }]);
  if (!activated?.ok) throw activated?.error ?? new Error('no result');
  return created.id;
}
