import { afterEach, describe, expect, it } from 'vitest';
import { startTestPair, type TestPair } from '@tandem/testing';
import {
  ItemSchema, ItemUnitOfMeasureSchema, ResourceSchema, ResourceUnitOfMeasureSchema, UnitGroupSchema, UnitOfMeasureSchema, unitGroupCode,
} from '@tandem/erp';
import {
  ITEM_UOM, RESOURCE_UOM, UNIT_GROUP, UNIT_OF_MEASURE, UNIT_OF_MEASURE_MODE, UnitOfMeasureErrorCodes, UnitOfMeasurePlugin,
} from '../src/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

const multiple = () => UnitOfMeasurePlugin.withOptions({ multipleUnitsOfMeasure: true });

/** Units of measure, items and resources with their unit groups and units (qty per unit of measure). */
async function seed(p: TestPair, data: { items?: Record<string, Record<string, string>>; resources?: Record<string, Record<string, string>> }) {
  const em = p.erp();
  for (const code of ['PCS', 'BOX', 'HOUR', 'SET']) em.create(UnitOfMeasureSchema, { code, description: code } as never);
  for (const [no, units] of Object.entries(data.items ?? {})) {
    em.create(ItemSchema, { no, description: `Item ${no}`, baseUnitOfMeasure: Object.keys(units)[0] ?? null } as never);
    em.create(UnitGroupSchema, { code: unitGroupCode('Item', no), sourceType: 'Item', sourceNo: no } as never);
    for (const [code, qty] of Object.entries(units)) em.create(ItemUnitOfMeasureSchema, { itemNo: no, code, qtyPerUnitOfMeasure: qty } as never);
  }
  for (const [no, units] of Object.entries(data.resources ?? {})) {
    em.create(ResourceSchema, { no, name: `Resource ${no}`, baseUnitOfMeasure: Object.keys(units)[0] ?? null } as never);
    em.create(UnitGroupSchema, { code: unitGroupCode('Resource', no), sourceType: 'Resource', sourceNo: no } as never);
    for (const [code, qty] of Object.entries(units)) em.create(ResourceUnitOfMeasureSchema, { resourceNo: no, code, qtyPerUnitOfMeasure: qty } as never);
  }
  await em.flush();
}

async function fullSyncUnits(p: TestPair) {
  return [...(await p.host.engine.fullSync(UNIT_GROUP)), ...(await p.host.engine.fullSync(ITEM_UOM)), ...(await p.host.engine.fullSync(RESOURCE_UOM))];
}

async function crmRows(p: TestPair, table: string, values: Record<string, unknown>) {
  return p.crm.findByValues(table, { candidates: [values] });
}

/** The CRM units of the unit group named `name`, by name: quantity and whether each counts in the group's base unit. */
async function unitsOfGroupNamed(p: TestPair, name: string) {
  const [group] = await crmRows(p, 'uomschedule', { name });
  if (!group) throw new Error(`no unit group ${name}`);
  const units = await crmRows(p, 'uom', { _uomscheduleid_value: group.id });
  const base = units.find((u) => u.values.isschedulebaseuom === true)!;
  return {
    group,
    base,
    units: Object.fromEntries(units.map((u) => [u.values.name, { quantity: Number(u.values.quantity), ofBase: u.values._baseuom_value === base.id, id: u.id }])),
  };
}

async function unitId(p: TestPair, table: typeof ItemUnitOfMeasureSchema | typeof ResourceUnitOfMeasureSchema, where: Record<string, string>) {
  return ((await p.erp().findOneOrFail(table as typeof ItemUnitOfMeasureSchema, where as never)) as { systemId: string }).systemId;
}

describe('multiple units of measure (multipleUnitsOfMeasure: true)', () => {
  it('registers UNIT GROUP, ITEM UOM and RESOURCE UOM instead of UNIT OF MEASURE, with the reference settings', async () => {
    pair = await startTestPair({ plugins: [multiple()] });
    const names = pair.host.mappings.all().map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining([UNIT_GROUP, ITEM_UOM, RESOURCE_UOM]));
    expect(names).not.toContain(UNIT_OF_MEASURE);
    expect(pair.host.mappings.get(UNIT_GROUP)).toMatchObject({
      businessTable: 'UnitGroup', integrationTable: 'uomschedule', direction: 'toIntegration', syncOnlyCoupled: false,
      schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
    });
    for (const [name, table] of [[ITEM_UOM, 'ItemUnitOfMeasure'], [RESOURCE_UOM, 'ResourceUnitOfMeasure']] as const) {
      expect(pair.host.mappings.get(name)).toMatchObject({ businessTable: table, integrationTable: 'uom', direction: 'toIntegration', dependsOn: [UNIT_GROUP] });
    }
    expect(pair.host.container.resolve(UNIT_OF_MEASURE_MODE)).toEqual({ multipleUnitsOfMeasure: true });
  });

  it('switched off (the default) keeps UNIT OF MEASURE alone', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    const names = pair.host.mappings.all().map((m) => m.name);
    expect(names).toContain(UNIT_OF_MEASURE);
    for (const name of [UNIT_GROUP, ITEM_UOM, RESOURCE_UOM]) expect(names).not.toContain(name);
    expect(pair.host.container.resolve(UNIT_OF_MEASURE_MODE)).toEqual({ multipleUnitsOfMeasure: false });
  });

  it('syncs each unit group with its units, quantities counted in the group\'s base unit; a second run writes nothing', async () => {
    pair = await startTestPair({ plugins: [multiple()] });
    await seed(pair, { items: { I1: { PCS: '1', BOX: '12' }, I2: { PCS: '1' } }, resources: { R1: { HOUR: '1', SET: '8' } } });
    const jobs = await fullSyncUnits(pair);
    expect(jobs.map((j) => [j.mapping, j.inserted, j.failed])).toEqual([[UNIT_GROUP, 3, 0], [ITEM_UOM, 3, 0], [RESOURCE_UOM, 2, 0]]);

    const i1 = await unitsOfGroupNamed(pair, 'ITEM I1');
    expect(i1.group.values.baseuomname).toBe('I1');
    expect(i1.units).toMatchObject({ I1: { quantity: 1 }, PCS: { quantity: 1, ofBase: true }, BOX: { quantity: 12, ofBase: true } });
    expect((await pair.host.state.findCoupling(UNIT_GROUP, 'business', 'ITEM I1'))?.integrationId).toBe(i1.group.id);
    const boxId = await unitId(pair, ItemUnitOfMeasureSchema, { itemNo: 'I1', code: 'BOX' });
    expect((await pair.host.state.findCoupling(ITEM_UOM, 'business', boxId))?.integrationId).toBe(i1.units.BOX!.id);
    expect(Object.keys((await unitsOfGroupNamed(pair, 'ITEM I2')).units).sort()).toEqual(['I2', 'PCS']);
    const r1 = await unitsOfGroupNamed(pair, 'RESOURCE R1');
    expect(r1.units).toMatchObject({ HOUR: { quantity: 1, ofBase: true }, SET: { quantity: 8, ofBase: true } });

    // A regular run and another full sync find nothing to write.
    for (const job of [...(await pair.host.engine.runAll()), ...(await fullSyncUnits(pair))]) {
      expect(job, job.mapping).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    }

    // A changed quantity reaches its unit.
    const em = pair.erp();
    (await em.findOneOrFail(ItemUnitOfMeasureSchema, { itemNo: 'I1', code: 'BOX' })).qtyPerUnitOfMeasure = '24';
    await em.flush();
    const [changed] = await pair.host.engine.fullSync(ITEM_UOM);
    expect(changed).toMatchObject({ modified: 1, failed: 0 });
    expect((await unitsOfGroupNamed(pair, 'ITEM I1')).units.BOX!.quantity).toBe(24);
  });

  it('fails malformed rows with their own code and message; the other rows of the page go on', async () => {
    pair = await startTestPair({ plugins: [multiple()] });
    await seed(pair, { items: { I1: { PCS: '1', BOX: '0' }, I2: { PCS: '1', SET: '-2' } }, resources: { R1: { HOUR: '1' } } });
    const em = pair.erp();
    em.create(UnitGroupSchema, { code: unitGroupCode('Item', 'GHOST'), sourceType: 'Item', sourceNo: 'GHOST' } as never);
    em.create(ItemUnitOfMeasureSchema, { itemNo: 'I1', code: 'CRATE', qtyPerUnitOfMeasure: '6' } as never);
    em.create(ItemUnitOfMeasureSchema, { itemNo: 'GHOST', code: 'PCS', qtyPerUnitOfMeasure: '1' } as never);
    em.create(ResourceUnitOfMeasureSchema, { resourceNo: 'R1', code: 'DAY', qtyPerUnitOfMeasure: '8' } as never);
    await em.flush();

    const [groups, itemUnits, resourceUnits] = await fullSyncUnits(pair);
    expect(groups).toMatchObject({ inserted: 3, failed: 1 });
    expect(itemUnits).toMatchObject({ inserted: 2, failed: 4 });
    expect(resourceUnits).toMatchObject({ inserted: 1, failed: 1 });

    const messages = async (mapping: string) => Object.fromEntries((await pair!.host.state.errors(mapping)).map((e) => [e.sourceId, e.message]));
    expect((await messages(UNIT_GROUP))['ITEM GHOST']).toMatch(
      new RegExp(`Unit group ITEM GHOST belongs to item GHOST, which does not exist in the ERP.*${UnitOfMeasureErrorCodes.GROUP_SOURCE_MISSING}`),
    );
    const items = await messages(ITEM_UOM);
    const id = (itemNo: string, code: string) => unitId(pair!, ItemUnitOfMeasureSchema, { itemNo, code });
    expect(items[await id('I1', 'BOX')]).toContain(`Item I1: unit of measure BOX has qtyPerUnitOfMeasure 0; it must be greater than 0`);
    expect(items[await id('I1', 'BOX')]).toContain(UnitOfMeasureErrorCodes.QTY_NOT_POSITIVE);
    expect(items[await id('I2', 'SET')]).toContain(UnitOfMeasureErrorCodes.QTY_NOT_POSITIVE);
    expect(items[await id('I1', 'CRATE')]).toContain(`Item I1: unit of measure CRATE does not exist in the ERP's units of measure`);
    expect(items[await id('I1', 'CRATE')]).toContain(UnitOfMeasureErrorCodes.UNIT_UNKNOWN);
    expect(items[await id('GHOST', 'PCS')]).toContain(`Item GHOST has no unit group in the CRM yet`);
    expect(items[await id('GHOST', 'PCS')]).toContain(UnitOfMeasureErrorCodes.GROUP_NOT_COUPLED);
    expect((await messages(RESOURCE_UOM))[await unitId(pair, ResourceUnitOfMeasureSchema, { resourceNo: 'R1', code: 'DAY' })]).toContain(
      UnitOfMeasureErrorCodes.UNIT_UNKNOWN,
    );
    // The good rows of the same pages made it, and nothing half-written: no unit for a failed row.
    expect(Object.keys((await unitsOfGroupNamed(pair, 'ITEM I1')).units).sort()).toEqual(['I1', 'PCS']);
    expect(Object.keys((await unitsOfGroupNamed(pair, 'ITEM I2')).units).sort()).toEqual(['I2', 'PCS']);
    expect(Object.keys((await unitsOfGroupNamed(pair, 'RESOURCE R1')).units).sort()).toEqual(['HOUR', 'R1']);
    expect(await crmRows(pair, 'uomschedule', { name: 'ITEM GHOST' })).toHaveLength(0);
  });

  it('takes over an existing CRM unit group of the same name and a unit of the code in it', async () => {
    pair = await startTestPair({ plugins: [multiple()] });
    const [created] = await pair.crm.write('uomschedule', [{ kind: 'insert', ref: 'g', values: { name: 'ITEM I7', baseuomname: 'PCS' } }]);
    expect(created?.ok).toBe(true);
    await seed(pair, { items: { I7: { PCS: '1', BOX: '10' } } });
    const [groups, units] = await fullSyncUnits(pair);
    expect(groups).toMatchObject({ inserted: 0, coupled: 1, failed: 0 });
    expect(units).toMatchObject({ inserted: 1, coupled: 1, failed: 0 });
    const i7 = await unitsOfGroupNamed(pair, 'ITEM I7');
    expect(i7.group.id).toBe(created!.ok ? created!.id : '');
    expect(i7.units).toMatchObject({ PCS: { quantity: 1 }, BOX: { quantity: 10, ofBase: true } });
    expect((await pair.host.state.findCoupling(ITEM_UOM, 'business', await unitId(pair, ItemUnitOfMeasureSchema, { itemNo: 'I7', code: 'PCS' })))?.integrationId).toBe(i7.base.id);
  });
});
