import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { NoSeriesSchema, SalespersonSchema } from '@tandem/erp';
import { nextSecond, startTestPair, type TestPair } from '@tandem/testing';
import { SALESPEOPLE, SalespersonUserPlugin } from '../src/index';

const ANNA = { userId: 'aaaaaaaa-0000-4000-8000-000000000001', fullName: 'Anna Berg', email: 'anna@example.com' };
const BO = { userId: 'aaaaaaaa-0000-4000-8000-000000000002', fullName: 'Bo Lind', email: 'bo@example.com' };
const CARL = { userId: 'aaaaaaaa-0000-4000-8000-000000000003', fullName: 'Carl Dahl', email: 'carl@example.com' };
const DORA = { userId: 'aaaaaaaa-0000-4000-8000-000000000004', fullName: 'Dora Ek', email: 'dora@example.com' };
const DISABLED = { userId: 'aaaaaaaa-0000-4000-8000-0000000000d1', fullName: 'Disabled User', isDisabled: true };
const UNLICENSED = { userId: 'aaaaaaaa-0000-4000-8000-0000000000e1', fullName: 'Unlicensed User', isLicensed: false };

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function salespeople(p: TestPair) {
  return p.erp().find(SalespersonSchema, {}, { orderBy: { code: 'asc' } });
}

describe('SALESPEOPLE: Salesperson ← systemuser', () => {
  it('a full sync creates salespeople only from enabled, licensed people, never from the integration identity', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA, BO, CARL, DISABLED, UNLICENSED] });
    // They are there in the CRM: the identity, a disabled and an unlicensed user (and the three people).
    const users = await pair.crm.getByIds('systemuser', [pair.emulator.identity.userId, DISABLED.userId, UNLICENSED.userId]);
    expect(users.map((u) => [u.values.isdisabled, u.values.islicensed, u.values.isintegrationuser])).toEqual(
      expect.arrayContaining([[false, false, true], [true, true, false], [false, false, false]]),
    );
    const [job] = await pair.host.engine.fullSync(SALESPEOPLE);
    expect(job!.inserted).toBe(3);
    const rows = await salespeople(pair);
    expect(rows.map((r) => r.name).sort()).toEqual(['Anna Berg', 'Bo Lind', 'Carl Dahl']);
    const couplings = await pair.host.state.couplings(SALESPEOPLE);
    const coupledUsers = couplings.map((c) => c.integrationId);
    expect(coupledUsers).not.toContain(pair.emulator.identity.userId);
    expect(coupledUsers).not.toContain(DISABLED.userId);
    expect(coupledUsers).not.toContain(UNLICENSED.userId);
    expect(await pair.host.state.errors(SALESPEOPLE)).toEqual([]);
  });

  it('new salespeople get codes SP NO. 00001 … from the number series, continuing on the next run', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA, BO, CARL] });
    await pair.host.engine.fullSync(SALESPEOPLE);
    expect((await salespeople(pair)).map((r) => r.code)).toEqual(['SP NO. 00001', 'SP NO. 00002', 'SP NO. 00003']);
    await pair.emulator.addUser(DORA);
    const [job] = await pair.host.engine.fullSync(SALESPEOPLE);
    expect(job!.inserted).toBe(1);
    const dora = await pair.erp().findOneOrFail(SalespersonSchema, { name: 'Dora Ek' });
    expect(dora.code).toBe('SP NO. 00004');
    const series = await pair.erp().findOneOrFail(NoSeriesSchema, { code: 'SP-CRM' });
    expect(series.lastNoUsed).toBe('SP NO. 00004');
  });

  it('never reuses a code a salesperson already has', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA, BO] });
    await pair.erp().insert(SalespersonSchema, {
      code: 'SP NO. 00001', name: 'Typed in by hand', email: null, phoneNo: null, jobTitle: null, blocked: false, systemId: randomUUID(), modifiedAt: new Date(),
    });
    await pair.host.engine.fullSync(SALESPEOPLE);
    const rows = await salespeople(pair);
    expect(rows.map((r) => [r.code, r.name])).toEqual([
      ['SP NO. 00001', 'Typed in by hand'],
      ['SP NO. 00002', expect.any(String)],
      ['SP NO. 00003', expect.any(String)],
    ]);
  });

  it('maps e-mail ← internalemailaddress, name ← fullname, phone ← mobilephone', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA] });
    await pair.crm.write('systemuser', [{ kind: 'update', ref: 'm', id: ANNA.userId, values: { mobilephone: '+46 70 111 22 33' } }]);
    await pair.host.engine.fullSync(SALESPEOPLE);
    const anna = await pair.erp().findOneOrFail(SalespersonSchema, { name: 'Anna Berg' });
    expect(anna).toMatchObject({ email: 'anna@example.com', phoneNo: '+46 70 111 22 33' });
  });

  it('a CRM-side change arrives on the next run; a quiet run after it writes nothing', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA, BO] });
    await pair.host.engine.fullSync(SALESPEOPLE);
    await nextSecond();
    const written = await pair.crm.write('systemuser', [
      { kind: 'update', ref: 'a', id: BO.userId, values: { internalemailaddress: 'bo.lind@example.com', mobilephone: '555-0101', lastname: 'Lindqvist' } },
    ]);
    expect(written[0]!.ok).toBe(true);
    const [second] = await pair.host.engine.run(SALESPEOPLE);
    expect(second).toMatchObject({ modified: 1, inserted: 0, failed: 0 });
    const bo = await pair.erp().findOneOrFail(SalespersonSchema, { email: 'bo.lind@example.com' });
    expect(bo).toMatchObject({ name: 'Bo Lindqvist', phoneNo: '555-0101' });
    const before = bo.modifiedAt.getTime();
    await nextSecond();
    const [third] = await pair.host.engine.run(SALESPEOPLE);
    expect(third).toMatchObject({ inserted: 0, modified: 0, failed: 0 });
    expect((await pair.erp().findOneOrFail(SalespersonSchema, { code: bo.code })).modifiedAt.getTime()).toBe(before);
  });

  it('a regular run does not create salespeople for users that are not coupled (syncOnlyCoupled)', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin], crmUsers: [ANNA] });
    const [job] = await pair.host.engine.run(SALESPEOPLE);
    expect(job!.inserted).toBe(0);
    expect(await salespeople(pair)).toEqual([]);
  });

  it('runs every 30 minutes with an inactivity timeout of 1440 minutes', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin] });
    expect(pair.host.mappings.get(SALESPEOPLE).schedule).toEqual({ intervalSeconds: 1800, inactivityTimeoutSeconds: 86400 });
    expect(pair.host.mappings.get(SALESPEOPLE)).toMatchObject({ direction: 'fromIntegration', syncOnlyCoupled: true });
  });

  it('withOptions takes the codes from another series', async () => {
    pair = await startTestPair({ plugins: [SalespersonUserPlugin.withOptions({ noSeries: 'SP', startingNo: 'SP00001' })], crmUsers: [ANNA] });
    await pair.host.engine.fullSync(SALESPEOPLE);
    expect((await salespeople(pair)).map((r) => r.code)).toEqual(['SP00001']);
    expect(() => SalespersonUserPlugin.withOptions({ startingNo: 'SP' })).toThrow(/TANDEM_SALESPERSON_OPTIONS_INVALID|startingNo/);
  });
});
