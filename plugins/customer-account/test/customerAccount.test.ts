import { afterEach, describe, expect, it } from 'vitest';
import { ERP_SETUP_KEY, ErpSetupSchema, NoSeriesSchema, PaymentTermsSchema, ShipmentMethodSchema, ShippingAgentSchema } from '@tandem/erp';
import { nextSecond, type TestPair } from '@tandem/testing';
import { CUSTOMER, CustomerAccountErrorCodes, DEFAULT_OPTION_MAPPINGS, customerNumberBlockSize, PAYMENT_TERMS, SHIPMENT_METHOD, SHIPPING_AGENT } from '../src/index';
import { accountOf, addAccount, changeAccount, crmCurrencyId, customerNoOf, getAccount, writesAndFailures } from './crm';
import { SELLER, addCustomer, changeCustomer, getCustomer } from './fixtures';
import { startCustomerPair } from './pair';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function start(): Promise<TestPair> {
  pair = await startCustomerPair();
  return pair;
}

describe('CUSTOMER full synchronization', () => {
  it('creates accounts from customers and customers from accounts, with every mapped field, and couples an existing account by name', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C1', { currencyCode: 'EUR' });
    await addCustomer(p.erp(), 'C2');
    const existing = await addAccount(p, { name: 'CUSTOMER C2', telephone1: 'old' });
    const acme = await addAccount(p, {
      name: 'Acme Corp', address1_primarycontactname: 'Ann Acme', address1_line1: '5 Harbour Road', address1_line2: 'Unit 3',
      address1_postalcode: '0150', address1_city: 'Oslo', address1_country: 'NO', address1_stateorprovince: 'Oslo county',
      telephone1: '+47 2222 3333', fax: '+47 2222 3334', emailaddress1: 'sales@acme.example', websiteurl: 'https://acme.example',
      paymenttermscode: 3, address1_freighttermscode: 2, address1_shippingmethodcode: 4, creditlimit: 999,
    });
    const vendor = await addAccount(p, { name: 'Vendor Inc', customertypecode: 11 });
    const sellers = await addAccount(p, { name: 'Owned by Sam', ownerid: SELLER.userId });

    const jobs = await p.host.engine.fullSync(CUSTOMER);
    expect(jobs.map((j) => j.failed)).toEqual([0, 0]);

    const c1 = await accountOf(p, 'C1');
    expect(c1.values).toMatchObject({
      name: 'Customer C1', address1_primarycontactname: 'Carla Contact', address1_line1: '1 Main Street', address1_line2: 'Building B',
      address1_postalcode: '2100', address1_city: 'Copenhagen', address1_country: 'DK', address1_stateorprovince: 'Capital',
      telephone1: '+45 1111 2222', fax: '+45 1111 2223', emailaddress1: 'c1@example.com', websiteurl: 'https://c1.example.com',
      _ownerid_value: SELLER.userId, _transactioncurrencyid_value: await crmCurrencyId(p, 'EUR'),
      paymenttermscode: 3, address1_freighttermscode: 2, address1_shippingmethodcode: 4, creditlimit: 5000, customertypecode: 3,
    });
    // C2 has the local currency (blank): its account has the CRM's base currency.
    expect((await accountOf(p, 'C2')).values._transactioncurrencyid_value).toBe(p.emulator.baseCurrencyId);
    // The account named like C2 (any case) was coupled and updated, not duplicated.
    expect(await customerNoOf(p, existing)).toBe('C2');
    expect((await getAccount(p, existing)).values.telephone1).toBe('+45 1111 2222');

    const acmeNo = await customerNoOf(p, acme);
    const samNo = await customerNoOf(p, sellers);
    // New customers are numbered from the setup's series, in the order the accounts are read.
    expect([acmeNo, samNo].sort()).toEqual(['C10001', 'C10002']);
    expect(await getCustomer(p.erp(), acmeNo!)).toMatchObject({
      name: 'Acme Corp', contact: 'Ann Acme', address: '5 Harbour Road', address2: 'Unit 3', postCode: '0150', city: 'Oslo',
      countryRegionCode: 'NO', county: 'Oslo county', phoneNo: '+47 2222 3333', faxNo: '+47 2222 3334', email: 'sales@acme.example',
      homePage: 'https://acme.example', paymentTermsCode: 'NET 45', shipmentMethodCode: 'NO CHARGE', shippingAgentCode: 'UPS',
      // The base currency is the ERP's local currency: blank. Credit limit only flows to the CRM.
      currencyCode: null, blocked: '', salespersonCode: null,
    });
    expect(Number((await getCustomer(p.erp(), acmeNo!))!.creditLimitLcy)).toBe(0);
    // The codes it got exist in the ERP afterwards, described by the option labels.
    const erp = p.erp();
    expect(await erp.findOne(PaymentTermsSchema, { code: 'NET 45' })).toMatchObject({ description: 'Net 45', dueDateCalculation: '45D' });
    expect(await erp.findOne(ShipmentMethodSchema, { code: 'NO CHARGE' })).toMatchObject({ description: 'No Charge' });
    expect(await erp.findOne(ShippingAgentSchema, { code: 'UPS' })).toMatchObject({ name: 'UPS' });
    // The owner gives the salesperson when it is a coupled user (Acme's owner, the CRM person, is not).
    expect((await getCustomer(p.erp(), samNo!))!.salespersonCode).toBe('SP1');
    // An account of another relationship type is not a customer.
    expect(await customerNoOf(p, vendor)).toBeNull();
    expect(p.host.mappings.get(CUSTOMER).dependsOn).toEqual(['SALESPEOPLE', 'CURRENCY']);
  });

  it('a run right after writes nothing', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C1', { currencyCode: 'EUR' });
    await addAccount(p, { name: 'Acme Corp', address1_city: 'Oslo', paymenttermscode: 1 });
    await p.host.engine.fullSync(CUSTOMER);
    const before = await accountOf(p, 'C1');
    const erpBefore = await getCustomer(p.erp(), 'C1');

    await nextSecond();
    const jobs = await p.host.engine.run(CUSTOMER);
    expect(writesAndFailures(jobs)).toBe(0);
    expect((await accountOf(p, 'C1')).values.versionnumber).toBe(before.values.versionnumber);
    expect((await getCustomer(p.erp(), 'C1'))!.modifiedAt.getTime()).toBe(erpBefore!.modifiedAt.getTime());
  });
});

describe('CUSTOMER changes', () => {
  it('a change on each side travels to the other', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C1');
    const acme = await addAccount(p, { name: 'Acme Corp', address1_city: 'Oslo' });
    await p.host.engine.fullSync(CUSTOMER);
    const acmeNo = (await customerNoOf(p, acme))!;

    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { phoneNo: '+45 9999 0000', currencyCode: 'EUR', shippingAgentCode: 'DHL' });
    await changeAccount(p, acme, { address1_city: 'Bergen', paymenttermscode: 4 });
    const jobs = await p.host.engine.run(CUSTOMER);

    expect(jobs.map((j) => [j.direction, j.modified, j.failed])).toEqual([['toIntegration', 1, 0], ['fromIntegration', 1, 0]]);
    expect((await accountOf(p, 'C1')).values).toMatchObject({
      telephone1: '+45 9999 0000', _transactioncurrencyid_value: await crmCurrencyId(p, 'EUR'), address1_shippingmethodcode: 2,
    });
    expect(await getCustomer(p.erp(), acmeNo)).toMatchObject({ city: 'Bergen', paymentTermsCode: 'NET 60' });
  });

  it('a field changed on both sides is an update conflict: it fails by default, and the CRM wins with getUpdateFromIntegration', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C1');
    await p.host.engine.fullSync(CUSTOMER);
    const accountId = (await accountOf(p, 'C1')).id;

    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { name: 'Name from the ERP' });
    await changeAccount(p, accountId, { name: 'Name from the CRM' });
    const failed = await p.host.engine.run(CUSTOMER);
    expect(failed.map((j) => j.failed)).toEqual([1, 1]);
    const errors = await p.host.state.errors(CUSTOMER, { jobId: failed[0]!.id });
    expect(errors[0]).toMatchObject({ sourceId: 'C1', code: 'TANDEM_UPDATE_CONFLICT' });
    expect((await getCustomer(p.erp(), 'C1'))!.name).toBe('Name from the ERP');
    expect((await getAccount(p, accountId)).values.name).toBe('Name from the CRM');

    await p.host.mappings.update(CUSTOMER, { updateConflictResolution: 'getUpdateFromIntegration' });
    const resolved = await p.host.engine.run(CUSTOMER);
    expect(resolved.map((j) => j.failed)).toEqual([0, 0]);
    expect((await getCustomer(p.erp(), 'C1'))!.name).toBe('Name from the CRM');
    expect((await getAccount(p, accountId)).values.name).toBe('Name from the CRM');
  });
});

describe('CUSTOMER rules', () => {
  it('a customer whose salesperson is not coupled fails, naming the salesperson, and syncs once it has a coupled one', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C3', { salespersonCode: 'SP2' });
    const jobs = await p.host.engine.fullSync(CUSTOMER);
    expect(jobs[0]!.failed).toBe(1);
    const [error] = await p.host.state.errors(CUSTOMER, { jobId: jobs[0]!.id });
    expect(error!.sourceId).toBe('C3');
    expect(error!.message).toContain(CustomerAccountErrorCodes.SALESPERSON_NOT_COUPLED);
    expect(error!.message).toContain('salesperson "SP2"');
    expect(error!.message).toContain('not coupled to a CRM user');
    expect((await p.host.state.findCoupling(CUSTOMER, 'business', 'C3'))?.integrationId ?? null).toBeNull();

    await changeCustomer(p.erp(), 'C3', { salespersonCode: 'SP1' });
    const retried = await p.host.engine.run(CUSTOMER);
    expect(retried[0]).toMatchObject({ inserted: 1, failed: 0 });
    expect((await accountOf(p, 'C3')).values._ownerid_value).toBe(SELLER.userId);
  });

  it('an account deactivated in the CRM blocks its customer; an inactive account that is not coupled makes no customer', async () => {
    const p = await start();
    await addCustomer(p.erp(), 'C1');
    const dormant = await addAccount(p, { name: 'Dormant Ltd' });
    await changeAccount(p, dormant, { statecode: 1 });
    await p.host.engine.fullSync(CUSTOMER);
    expect(await customerNoOf(p, dormant)).toBeNull();
    const accountId = (await accountOf(p, 'C1')).id;

    await nextSecond();
    await changeAccount(p, accountId, { statecode: 1 });
    const jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs[1]).toMatchObject({ direction: 'fromIntegration', modified: 1, failed: 0 });
    expect((await getCustomer(p.erp(), 'C1'))!.blocked).toBe('All');

    // Blocked, the customer is out of the ERP filter; the inactive account stays as it is, and nothing more is written.
    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(CUSTOMER))).toBe(0);
    expect((await getAccount(p, accountId)).values.statecode).toBe(1);
  });

  it('a new customer from an account takes the next number of the setup series, and fails with its own code when the setup names no series', async () => {
    const p = await start();
    const first = await addAccount(p, { name: 'First Ltd' });
    await p.host.engine.fullSync(CUSTOMER);
    expect(await customerNoOf(p, first)).toBe('C10001');

    const em = p.erp();
    const setup = await em.findOneOrFail(ErpSetupSchema, { key: ERP_SETUP_KEY });
    setup.customerNos = null;
    await em.flush();
    const second = await addAccount(p, { name: 'Second Ltd' });
    const jobs = await p.host.engine.fullSync(CUSTOMER);
    expect(jobs[1]!.failed).toBe(1);
    const [error] = await p.host.state.errors(CUSTOMER, { jobId: jobs[1]!.id });
    expect(error).toMatchObject({ sourceId: second });
    expect(error!.message).toContain(CustomerAccountErrorCodes.NUMBER_SERIES_MISSING);
    expect(await customerNoOf(p, second)).toBeNull();
  });

  it('a job reserves customer numbers in a block and gives back the ones it did not use', async () => {
    const p = await start();
    const a = await addAccount(p, { name: 'Block A' });
    const b = await addAccount(p, { name: 'Block B' });
    await p.host.engine.fullSync(CUSTOMER);
    expect([await customerNoOf(p, a), await customerNoOf(p, b)].sort()).toEqual(['C10001', 'C10002']);
    const series = await p.erp().findOneOrFail(NoSeriesSchema, { code: 'CUST' }, { disableIdentityMap: true });
    expect(series.lastNoUsed).toBe('C10002');
    const c = await addAccount(p, { name: 'Block C' });
    await p.host.engine.fullSync(CUSTOMER);
    expect(await customerNoOf(p, c)).toBe('C10003');
  });

  it('a job that needs more numbers takes growing blocks (100, 200, 400, … 1 000) and still gives back its unused rest', async () => {
    expect([0, 1, 2, 3, 4, 5, 20].map(customerNumberBlockSize)).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    const p = await start();
    const created = await p.crm.write('account', Array.from({ length: 350 }, (_, i) => ({
      kind: 'insert' as const, ref: `r${i}`, values: { customertypecode: 3, name: `Growing ${String(i).padStart(3, '0')}` },
    })));
    expect(created.every((r) => r.ok)).toBe(true);
    const [, fromCrm] = await p.host.engine.fullSync(CUSTOMER);
    expect(fromCrm!.inserted).toBe(350);
    // Three blocks (100 + 200 + 400) were taken; the 350 handed out are consecutive and the other 350 went back.
    const numbers = await Promise.all(created.map((r) => customerNoOf(p, (r as { id: string }).id)));
    expect(new Set(numbers).size).toBe(350);
    expect([...numbers].sort()).toEqual(Array.from({ length: 350 }, (_, i) => `C${10001 + i}`));
    const series = await p.erp().findOneOrFail(NoSeriesSchema, { code: 'CUST' }, { disableIdentityMap: true });
    expect(series.lastNoUsed).toBe('C10350');
  });

  it('new rows get the template values: BCICUST fills what the account leaves blank, BCICUSTOME makes the account a customer', async () => {
    const p = await start();
    const bare = await addAccount(p, { name: 'Bare Ltd' });
    await addCustomer(p.erp(), 'C5', { paymentTermsCode: null, shipmentMethodCode: null, shippingAgentCode: null });
    await p.host.engine.fullSync(CUSTOMER);

    const bareNo = (await customerNoOf(p, bare))!;
    expect(await getCustomer(p.erp(), bareNo)).toMatchObject({ name: 'Bare Ltd', paymentTermsCode: 'NET 30', shipmentMethodCode: 'FOB', blocked: '' });
    expect((await accountOf(p, 'C5')).values).toMatchObject({ customertypecode: 3, paymenttermscode: null });
  });
});

describe('option mappings', () => {
  it('are seeded from the Dataverse defaults, can be edited, and reset', async () => {
    const p = await start();
    for (const set of [PAYMENT_TERMS, SHIPMENT_METHOD, SHIPPING_AGENT]) {
      const listed = (await p.host.options.list(set)).map((o) => [o.businessValue, o.integrationValue]);
      expect(listed.sort()).toEqual(DEFAULT_OPTION_MAPPINGS[set]!.map((o) => [o.business, o.integration]).sort());
    }
    expect(DEFAULT_OPTION_MAPPINGS[PAYMENT_TERMS]!.map((o) => o.business)).toEqual(['NET 30', '2% 10, NET', 'NET 45', 'NET 60']);

    // The ERP calls Net 30 "30 DAYS": map that code to option 1 instead.
    await p.host.options.remove(PAYMENT_TERMS, 'NET 30');
    await p.host.options.set(PAYMENT_TERMS, '30 DAYS', 1, 'Net 30');
    await addCustomer(p.erp(), 'C1', { paymentTermsCode: '30 DAYS' });
    await addCustomer(p.erp(), 'C2', { paymentTermsCode: '14 DAYS' });
    await p.host.engine.fullSync(CUSTOMER);
    expect((await accountOf(p, 'C1')).values.paymenttermscode).toBe(1);
    // A code with no option is written empty and registered as missing; the record still syncs.
    expect((await accountOf(p, 'C2')).values.paymenttermscode).toBeNull();
    expect((await p.host.options.missing(PAYMENT_TERMS)).map((m) => [m.value, m.recordId])).toEqual([['14 DAYS', 'C2']]);

    await p.host.options.reset(PAYMENT_TERMS);
    const reset = (await p.host.options.list(PAYMENT_TERMS)).map((o) => o.businessValue).sort();
    expect(reset).toEqual(['2% 10, NET', 'NET 30', 'NET 45', 'NET 60']);
  });
});
