import { afterEach, describe, expect, it } from 'vitest';
import { startTestPair, nextSecond, type TestPair } from '@tandem/testing';
import { UnitOfMeasureSchema } from '@tandem/erp';
import { UNIT_OF_MEASURE, UnitOfMeasureErrorCodes, UnitOfMeasurePlugin } from '../src/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function addUnit(p: TestPair, code: string, description = code): Promise<void> {
  const em = p.erp();
  em.create(UnitOfMeasureSchema, { code, description, internationalStandardCode: null } as never);
  await em.flush();
}

async function crmRows(p: TestPair, table: string, values: Record<string, unknown>) {
  return p.crm.findByValues(table, { candidates: [values] });
}

async function createGroup(p: TestPair, name: string, baseuomname: string): Promise<string> {
  const [result] = await p.crm.write('uomschedule', [{ kind: 'insert', ref: 'g', values: { name, baseuomname } }]);
  if (!result?.ok) throw result?.error;
  return result.id;
}

describe('UNIT OF MEASURE', () => {
  it('creates one unit group per unit of measure, named NAV + code, holding exactly one unit named as the code', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    await addUnit(pair, 'PCS');
    const [job] = await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ inserted: 1, failed: 0 });
    const groups = await crmRows(pair, 'uomschedule', { name: 'NAV PCS' });
    expect(groups).toHaveLength(1);
    expect(groups[0]!.values.baseuomname).toBe('PCS');
    const units = await crmRows(pair, 'uom', { _uomscheduleid_value: groups[0]!.id });
    expect(units.map((u) => u.values.name)).toEqual(['PCS']);
    const coupling = await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'PCS');
    expect(coupling?.integrationId).toBe(groups[0]!.id);
  });

  it('schedules every 30 minutes with 720 minutes of inactivity', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    expect(pair.host.mappings.get(UNIT_OF_MEASURE).schedule).toEqual({ intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 });
    expect(pair.host.mappings.get(UNIT_OF_MEASURE).direction).toBe('toIntegration');
  });

  it('takes over an existing unit group of that name and renames its one unit to the code', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    const groupId = await createGroup(pair, 'NAV BOX', 'Box');
    await addUnit(pair, 'BOX');
    const [job] = await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ inserted: 0, coupled: 1, failed: 0 });
    expect((await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'BOX'))?.integrationId).toBe(groupId);
    const units = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
    expect(units.map((u) => u.values.name)).toEqual(['BOX']);
  });

  it('fails a unit of measure whose existing unit group holds more than one unit', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    const groupId = await createGroup(pair, 'NAV KG', 'KG');
    const [base] = await crmRows(pair, 'uom', { _uomscheduleid_value: groupId });
    const [extra] = await pair.crm.write('uom', [
      { kind: 'insert', ref: 'u', values: { name: 'Ton', quantity: 1000, _uomscheduleid_value: groupId, _baseuom_value: base!.id } },
    ]);
    expect(extra?.ok).toBe(true);
    await addUnit(pair, 'KG');
    const [job] = await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ inserted: 0, failed: 1 });
    const [error] = await pair.host.state.errors(UNIT_OF_MEASURE);
    expect(error!.message).toContain(UnitOfMeasureErrorCodes.GROUP_HAS_SEVERAL_UNITS);
    expect(error!.message).toContain('"NAV KG" holds 2 units');
    expect(await pair.host.state.findCoupling(UNIT_OF_MEASURE, 'business', 'KG')).toMatchObject({ integrationId: null });
  });

  it('fails a unit of measure whose existing unit group is inactive', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    const groupId = await createGroup(pair, 'NAV L', 'L');
    const [deactivated] = await pair.crm.write('uomschedule', [{ kind: 'update', ref: 's', id: groupId, values: { statecode: 1 } }]);
    expect(deactivated?.ok).toBe(true);
    await addUnit(pair, 'L');
    const [job] = await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ failed: 1 });
    const [error] = await pair.host.state.errors(UNIT_OF_MEASURE);
    expect(error!.message).toContain(UnitOfMeasureErrorCodes.GROUP_INACTIVE);
    expect(error!.message).toContain('"NAV L" exists but is inactive');
  });

  it('checks a coupled unit group again when the unit of measure changes, and restores a renamed group name', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    await addUnit(pair, 'SET');
    await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    const [group] = await crmRows(pair, 'uomschedule', { name: 'NAV SET' });
    await pair.crm.write('uomschedule', [{ kind: 'update', ref: 'r', id: group!.id, values: { name: 'Sets (renamed)' } }]);
    await nextSecond();
    const em = pair.erp();
    const unit = await em.findOneOrFail(UnitOfMeasureSchema, { code: 'SET' });
    unit.description = 'Set of parts';
    await em.flush();
    const [job] = await pair.host.engine.run(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ modified: 1, failed: 0 });
    expect((await pair.crm.getByIds('uomschedule', [group!.id]))[0]!.values.name).toBe('NAV SET');

    await pair.crm.write('uomschedule', [{ kind: 'update', ref: 's', id: group!.id, values: { statecode: 1 } }]);
    await nextSecond();
    unit.description = 'Set';
    await em.flush();
    const [second] = await pair.host.engine.run(UNIT_OF_MEASURE);
    expect(second).toMatchObject({ failed: 1 });
  });

  it('fails a unit of measure when several unit groups carry its name', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin] });
    await createGroup(pair, 'NAV DOZ', 'DOZ');
    await createGroup(pair, 'NAV DOZ', 'Dozen');
    await addUnit(pair, 'DOZ');
    const [job] = await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(job).toMatchObject({ inserted: 0, coupled: 0, failed: 1 });
    const [error] = await pair.host.state.errors(UNIT_OF_MEASURE);
    expect(error!.message).toContain(UnitOfMeasureErrorCodes.GROUP_AMBIGUOUS);
  });

  it('names unit groups with another prefix through withOptions', async () => {
    pair = await startTestPair({ plugins: [UnitOfMeasurePlugin.withOptions({ unitGroupPrefix: 'ERP-' })] });
    await addUnit(pair, 'HOUR');
    await pair.host.engine.fullSync(UNIT_OF_MEASURE);
    expect(await crmRows(pair, 'uomschedule', { name: 'ERP-HOUR' })).toHaveLength(1);
  });
});
