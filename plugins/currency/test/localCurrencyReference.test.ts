import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { SyncStage, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { CustomerSchema } from '@tandem/erp';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CURRENCY, CurrencyPlugin, PLUGIN_NAME } from '../src/index';
import { addCurrency, addRate, setLocalCurrency } from './erpCurrencies';

/** A mapping of another plugin with a currency reference, as the customer plugin has one. */
const TEST_CUSTOMER = 'TEST CUSTOMER';
const customerPlugin: TandemPlugin = {
  name: 'TestCustomerPlugin',
  dependsOn: [PLUGIN_NAME],
  register(registry: PluginRegistry) {
    registry.addMapping({
      name: TEST_CUSTOMER,
      businessTable: 'Customer',
      integrationTable: 'account',
      dependsOn: [CURRENCY],
      fields: [
        { business: 'name', integration: 'name' },
        { business: 'currencyCode', integration: 'transactioncurrencyid', reference: { mapping: CURRENCY } },
      ],
    });
    registry.hooks.onBeforeInsert.for(TEST_CUSTOMER).tap({ name: 'TestCustomerPlugin', stage: SyncStage.ENRICH }, (context) => {
      if (context.direction === 'fromIntegration') context.values.no ??= `CRM-${context.source.id.slice(0, 8)}`;
    });
  },
};

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function addCustomer(p: TestPair, no: string, currencyCode: string | null) {
  await p.erp().insert(CustomerSchema, { no, name: `Customer ${no}`, currencyCode, blocked: '', creditLimitLcy: '0', systemId: randomUUID(), modifiedAt: new Date() });
}

describe('a currency reference of another mapping and the blank (local) currency code', () => {
  it('a blank code goes to the CRM as the local currency, and comes back blank; foreign codes go through their coupling', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin, customerPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'GBP');
    await addRate(em, 'GBP', '2024-01-01', '1', '1.25');
    await addCustomer(pair, 'C1', null);
    await addCustomer(pair, 'C2', 'GBP');
    await pair.host.engine.fullSync(CURRENCY);
    const gbpId = (await pair.host.state.findCoupling(CURRENCY, 'business', 'GBP'))!.integrationId;

    const [toCrm, fromCrm] = await pair.host.engine.fullSync(TEST_CUSTOMER);
    expect(toCrm).toMatchObject({ inserted: 2, failed: 0 });
    expect(fromCrm).toMatchObject({ failed: 0 });
    const accountOf = async (no: string) => {
      const coupling = await pair!.host.state.findCoupling(TEST_CUSTOMER, 'business', no);
      const [row] = await pair!.host.stores.integration.getByIds('account', [coupling!.integrationId!]);
      return row!;
    };
    expect((await accountOf('C1')).values._transactioncurrencyid_value).toBe(pair.emulator.baseCurrencyId);
    expect((await accountOf('C2')).values._transactioncurrencyid_value).toBe(gbpId);

    // An account made in the CRM in the base currency arrives with a blank currency code.
    const [created] = await pair.crm.write('account', [{ kind: 'insert', ref: 'a', values: { name: 'From the CRM' } }]);
    expect(created!.ok).toBe(true);
    const [, back] = await pair.host.engine.fullSync(TEST_CUSTOMER);
    expect(back).toMatchObject({ inserted: 1, failed: 0 });
    const fromTheCrm = await pair.erp().findOneOrFail(CustomerSchema, { name: 'From the CRM' });
    expect(fromTheCrm.currencyCode).toBeNull();
    expect((await pair.erp().findOneOrFail(CustomerSchema, { no: 'C1' })).currencyCode).toBeNull();
    expect((await pair.erp().findOneOrFail(CustomerSchema, { no: 'C2' })).currencyCode).toBe('GBP');

    // In step: nothing is written either way.
    const jobs = await pair.host.engine.fullSync(TEST_CUSTOMER);
    expect(jobs.map((j) => [j.inserted, j.modified, j.failed])).toEqual([[0, 0, 0], [0, 0, 0]]);

    // C2 moves to the local currency: its account is set to the local currency's CRM currency, not cleared.
    await pair.erp().nativeUpdate(CustomerSchema, { no: 'C2' }, { currencyCode: null, modifiedAt: new Date() });
    const [update] = await pair.host.engine.run(TEST_CUSTOMER, { direction: 'toIntegration' });
    expect(update).toMatchObject({ modified: 1, failed: 0 });
    expect((await accountOf('C2')).values._transactioncurrencyid_value).toBe(pair.emulator.baseCurrencyId);
  });
});
