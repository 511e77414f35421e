import { afterEach, describe, expect, it } from 'vitest';
import {
  ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, ItemUnitOfMeasureSchema, ResourceSchema, ResourceUnitOfMeasureSchema, UnitGroupSchema,
  UnitOfMeasureSchema, unitGroupCode,
} from '@tandem/erp';
import { ITEM_PRODUCT, ItemProductErrorCodes, ItemProductPlugin } from '@tandem/plugin-item-product';
import { ITEM_UOM, RESOURCE_UOM, UNIT_GROUP, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { RESOURCE_PRODUCT, ResourceProductErrorCodes, ResourceProductPlugin } from '../src/index';
import { crmRow, crmRows } from './helpers';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

/** Items and resources, each with its unit group and units, with multiple units of measure switched on. */
async function startMultiplePair(): Promise<TestPair> {
  const p = await startTestPair({
    plugins: [UnitOfMeasurePlugin.withOptions({ multipleUnitsOfMeasure: true }), ItemProductPlugin, ResourceProductPlugin],
  });
  const em = p.erp();
  em.create(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD' } as never);
  for (const code of ['PCS', 'BOX', 'HOUR', 'SET']) em.create(UnitOfMeasureSchema, { code, description: code } as never);
  const item = (no: string, units: Record<string, string>, base = 'PCS') => {
    em.create(ItemSchema, { no, description: `Item ${no}`, baseUnitOfMeasure: base, unitPrice: '10', unitCost: '6', inventory: '5' } as never);
    em.create(UnitGroupSchema, { code: unitGroupCode('Item', no), sourceType: 'Item', sourceNo: no } as never);
    for (const [code, qty] of Object.entries(units)) em.create(ItemUnitOfMeasureSchema, { itemNo: no, code, qtyPerUnitOfMeasure: qty } as never);
  };
  item('I1', { PCS: '1', BOX: '12' });
  item('I2', { BOX: '1' }, 'BOX');
  em.create(ResourceSchema, { no: 'R1', name: 'Resource R1', type: 'Person', baseUnitOfMeasure: 'HOUR', unitPrice: '90', unitCost: '60', capacity: '160' } as never);
  em.create(UnitGroupSchema, { code: unitGroupCode('Resource', 'R1'), sourceType: 'Resource', sourceNo: 'R1' } as never);
  em.create(ResourceUnitOfMeasureSchema, { resourceNo: 'R1', code: 'HOUR', qtyPerUnitOfMeasure: '1' } as never);
  em.create(ResourceUnitOfMeasureSchema, { resourceNo: 'R1', code: 'SET', qtyPerUnitOfMeasure: '8' } as never);
  await em.flush();
  return p;
}

async function groupAndUnit(p: TestPair, groupName: string, unitName: string): Promise<{ groupId: string; unitId: string }> {
  const [group] = await crmRows(p, 'uomschedule', { name: groupName });
  const [unit] = await crmRows(p, 'uom', { _uomscheduleid_value: group!.id, name: unitName });
  return { groupId: group!.id, unitId: unit!.id };
}

describe('products with multiple units of measure', () => {
  it('depend on ITEM UOM / RESOURCE UOM and carry no unit-of-measure field mapping', async () => {
    pair = await startMultiplePair();
    expect(pair.host.mappings.get(ITEM_PRODUCT).dependsOn).toEqual([ITEM_UOM]);
    expect(pair.host.mappings.get(RESOURCE_PRODUCT).dependsOn).toEqual([RESOURCE_UOM]);
    for (const name of [ITEM_PRODUCT, RESOURCE_PRODUCT]) {
      expect(pair.host.mappings.get(name).fields.map((f) => f.integration)).not.toContain('defaultuomscheduleid');
    }
  });

  it('point each product at its own unit group and its base unit; a second run writes nothing', async () => {
    pair = await startMultiplePair();
    for (const name of [UNIT_GROUP, ITEM_UOM, RESOURCE_UOM]) expect((await pair.host.engine.fullSync(name))[0]).toMatchObject({ failed: 0 });
    const [items] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    const [resources] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'toIntegration' });
    expect(items).toMatchObject({ inserted: 2, failed: 0 });
    expect(resources).toMatchObject({ inserted: 1, failed: 0 });

    for (const [mapping, no, group, unit] of [
      [ITEM_PRODUCT, 'I1', 'ITEM I1', 'PCS'], [ITEM_PRODUCT, 'I2', 'ITEM I2', 'BOX'], [RESOURCE_PRODUCT, 'R1', 'RESOURCE R1', 'HOUR'],
    ] as const) {
      const expected = await groupAndUnit(pair, group, unit);
      const productId = (await pair.host.state.findCoupling(mapping, 'business', no))!.integrationId!;
      const product = await crmRow(pair, 'product', productId);
      expect(product.values, no).toMatchObject({ _defaultuomscheduleid_value: expected.groupId, _defaultuomid_value: expected.unitId, statecode: 0 });
      const [priceListItem] = await crmRows(pair, 'productpricelevel', { _productid_value: productId });
      expect(priceListItem!.values._uomid_value, no).toBe(expected.unitId);
    }

    for (const job of await pair.host.engine.runAll()) expect(job, job.mapping).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    for (const name of [ITEM_PRODUCT, RESOURCE_PRODUCT]) {
      expect((await pair.host.engine.fullSync(name, { direction: 'toIntegration' }))[0], name).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    }
  });

  it('fails a record whose own unit group or base unit is not in the CRM yet, naming the mapping to run', async () => {
    pair = await startMultiplePair();
    await pair.host.engine.fullSync(UNIT_GROUP);
    const [items] = await pair.host.engine.fullSync(ITEM_PRODUCT, { direction: 'toIntegration' });
    expect(items).toMatchObject({ inserted: 0, failed: 2 });
    const [error] = (await pair.host.state.errors(ITEM_PRODUCT)).filter((e) => e.sourceId === 'I1');
    expect(error!.message).toContain('Item I1: its base unit of measure PCS is not coupled to a CRM unit in its own unit group (mapping ITEM UOM)');
    expect(error!.message).toContain(ItemProductErrorCodes.BASE_UNIT_NOT_COUPLED);

    const em = pair.erp();
    em.create(ResourceSchema, { no: 'R2', name: 'No group', type: 'Person', baseUnitOfMeasure: 'HOUR' } as never);
    await em.flush();
    await pair.host.engine.fullSync(RESOURCE_UOM);
    const [resources] = await pair.host.engine.fullSync(RESOURCE_PRODUCT, { direction: 'toIntegration' });
    expect(resources).toMatchObject({ inserted: 1, failed: 1 });
    const [r2] = (await pair.host.state.errors(RESOURCE_PRODUCT)).filter((e) => e.sourceId === 'R2');
    expect(r2!.message).toContain('(mapping UNIT GROUP)');
    expect(r2!.message).toContain(ResourceProductErrorCodes.BASE_UNIT_NOT_COUPLED);
  });
});
