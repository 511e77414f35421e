import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_APPLICATION_ID, DEFAULT_BASE_CURRENCY_ID } from '../src/index';
import { startTestEmulator, type TestEmulator } from './helpers';

// What the salespeople, currency, unit, customer, item and sales-order plugins rely on, over real HTTP.

const SALESPERSON = '5a1e5000-0000-4000-8000-000000000001';
const DISABLED = '5a1e5000-0000-4000-8000-000000000002';
const ANNOTATIONS = { Prefer: 'odata.include-annotations="*"' };

function idOf(response: Response): string {
  return /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid') ?? '')![1]!;
}

describe('tables of the Sales entity plugins', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({
      users: [
        { userId: SALESPERSON, fullName: 'Ann Seller', email: 'ann@example.com' },
        { userId: DISABLED, fullName: 'Gone Person', isDisabled: true },
      ],
    });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  async function create(set: string, body: Record<string, unknown>): Promise<string> {
    const response = await t.api(set, { body });
    expect(response.status, `${set}: ${await response.clone().text()}`).toBe(204);
    return idOf(response);
  }

  async function unitGroup(name: string, baseUnit: string): Promise<{ group: string; unit: string }> {
    const group = await create('uomschedules', { name, baseuomname: baseUnit });
    const { body } = await t.json(`uoms?$filter=_uomscheduleid_value eq ${group}&$select=uomid`);
    return { group, unit: body.value[0].uomid };
  }

  it('systemuser: the integration identity is an application user the SALESPEOPLE filter leaves out', async () => {
    const who = await t.json('WhoAmI');
    const { body: identity } = await t.json(
      `systemusers(${who.body.UserId})?$select=fullname,applicationid,accessmode,islicensed,isdisabled,isintegrationuser`,
    );
    expect(identity).toMatchObject({
      fullname: 'Tandem Integration',
      applicationid: DEFAULT_APPLICATION_ID,
      accessmode: 4,
      islicensed: false,
      isdisabled: false,
      isintegrationuser: true,
    });
    const filter = 'isdisabled eq false and islicensed eq true and isintegrationuser eq false';
    const people = await t.json(`systemusers?$filter=${encodeURIComponent(filter)}&$select=fullname,internalemailaddress,mobilephone`);
    expect(people.body.value).toEqual([
      expect.objectContaining({ systemuserid: SALESPERSON, fullname: 'Ann Seller', internalemailaddress: 'ann@example.com', mobilephone: null }),
    ]);
    // Either application-user mark excludes it too.
    const byMode = await t.json(`systemusers?$filter=${encodeURIComponent('accessmode ne 4 and applicationid eq null')}&$select=fullname`);
    expect(byMode.body.value.map((u: { systemuserid: string }) => u.systemuserid).sort()).toEqual([SALESPERSON, DISABLED].sort());
  });

  it('systemuser: a created user is enabled and unlicensed unless told; fullname follows first and last name', async () => {
    const id = await create('systemusers', { firstname: 'Bo', lastname: 'Buyer', islicensed: true, mobilephone: '+1 555' });
    const { body } = await t.json(`systemusers(${id})?$select=fullname,isdisabled,islicensed,isintegrationuser,mobilephone`);
    expect(body).toMatchObject({ fullname: 'Bo Buyer', isdisabled: false, islicensed: true, isintegrationuser: false, mobilephone: '+1 555' });
  });

  it('transactioncurrency: the base currency (USD by default) exists with rate 1 and cannot be changed, deactivated or deleted', async () => {
    expect(t.emulator.baseCurrencyId).toBe(DEFAULT_BASE_CURRENCY_ID);
    const { body } = await t.json(`transactioncurrencies?$filter=isocurrencycode eq 'USD'&$select=currencyname,currencysymbol,exchangerate,currencyprecision,statecode`);
    expect(body.value).toEqual([
      expect.objectContaining({ transactioncurrencyid: DEFAULT_BASE_CURRENCY_ID, currencyname: 'US Dollar', currencysymbol: '$', exchangerate: 1, currencyprecision: 2, statecode: 0 }),
    ]);
    const rate = await t.json(`transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})`, { method: 'PATCH', body: { exchangerate: 2 } });
    expect(rate.status).toBe(400);
    expect(rate.body.error.code).toBe('0x80048cf5');
    const deactivate = await t.json(`transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})`, { method: 'PATCH', body: { statecode: 1 } });
    expect(deactivate.body.error.code).toBe('0x80048cf4');
    const remove = await t.json(`transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})`, { method: 'DELETE' });
    expect(remove.status).toBe(400);
    expect(remove.body.error.code).toBe('0x80048cff');
    // The name can still change.
    expect((await t.api(`transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})`, { method: 'PATCH', body: { currencyname: 'US Dollar' } })).status).toBe(204);
  });

  it('transactioncurrency: a duplicate ISO code and a rate that is missing or not above 0 are refused', async () => {
    const eur = await create('transactioncurrencies', { isocurrencycode: 'EUR', currencyname: 'Euro', currencysymbol: '€', exchangerate: 0.9, currencyprecision: 2 });
    const duplicate = await t.json('transactioncurrencies', { body: { isocurrencycode: 'eur', currencyname: 'Euro again', currencysymbol: '€', exchangerate: 1, currencyprecision: 2 } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.code).toBe('0x80048cf3');
    expect(duplicate.body.error.message).toContain('Currency with the same currency code already exist');
    for (const exchangerate of [0, -1, undefined]) {
      const bad = await t.json('transactioncurrencies', { body: { isocurrencycode: 'GBP', currencyname: 'Pound', currencysymbol: '£', exchangerate, currencyprecision: 2 } });
      expect(bad.status).toBe(400);
      expect(bad.body.error.code).toBe('0x80048cfd');
      expect(bad.body.error.message).toContain("'exchangerate'");
    }
    const zero = await t.json(`transactioncurrencies(${eur})`, { method: 'PATCH', body: { exchangerate: 0 } });
    expect(zero.body.error.code).toBe('0x80048cfd');
    expect((await t.api(`transactioncurrencies(${eur})`, { method: 'PATCH', body: { exchangerate: 0.95 } })).status).toBe(204);
    expect((await t.json(`transactioncurrencies(${eur})?$select=exchangerate`)).body.exchangerate).toBe(0.95);
  });

  it('uomschedule: creating a unit group creates its base unit (quantity 1, its own base); units are queried by group', async () => {
    const { group, unit } = await unitGroup('NAV PCS', 'PCS');
    const { body: base } = await t.json(`uoms(${unit})?$select=name,quantity,isschedulebaseuom,_baseuom_value,_uomscheduleid_value`);
    expect(base).toMatchObject({ name: 'PCS', quantity: 1, isschedulebaseuom: true, _baseuom_value: unit, _uomscheduleid_value: group });
    const box = await create('uoms', {
      name: 'BOX', quantity: 12,
      'uomscheduleid@odata.bind': `/uomschedules(${group})`, 'baseuom@odata.bind': `/uoms(${unit})`,
    });
    const { body } = await t.json(`uoms?$filter=_uomscheduleid_value eq ${group}&$select=name,quantity,isschedulebaseuom&$orderby=quantity`);
    expect(body.value.map((u: { name: string; quantity: number; isschedulebaseuom: boolean }) => [u.name, u.quantity, u.isschedulebaseuom]))
      .toEqual([['PCS', 1, true], ['BOX', 12, false]]);
    expect((await t.json(`uomschedules(${group})?$select=statecode,statuscode`)).body).toMatchObject({ statecode: 0, statuscode: 1 });
    const deleteBase = await t.json(`uoms(${unit})`, { method: 'DELETE' });
    expect(deleteBase.body.error.code).toBe('0x80043b03');
    expect((await t.api(`uoms(${box})`, { method: 'DELETE' })).status).toBe(204);
    const noBase = await t.json('uomschedules', { body: { name: 'No base' } });
    expect(noBase.status).toBe(400);
    expect(noBase.body.error.code).toBe('0x80043810');
  });

  it('account: customer fields, options, owner and the base currency by default', async () => {
    const id = await create('accounts', {
      name: 'Cannon Group', customertypecode: 3, paymenttermscode: 1, address1_freighttermscode: 1, address1_shippingmethodcode: 4,
      creditlimit: 5000, address1_line1: '192 Market Square', address1_city: 'Atlanta', address1_postalcode: '31772',
      address1_country: 'US', address1_primarycontactname: 'Mr. Andy Teal', emailaddress1: 'a@cannon.example', fax: '555-1',
      websiteurl: 'https://cannon.example', telephone1: '555-0', 'ownerid@odata.bind': `/systemusers(${SALESPERSON})`,
    });
    const { body } = await t.json(`accounts(${id})?$select=customertypecode,statecode,statuscode,creditlimit,_ownerid_value,_transactioncurrencyid_value,exchangerate,address1_primarycontactname`, { headers: ANNOTATIONS });
    expect(body).toMatchObject({
      customertypecode: 3, 'customertypecode@OData.Community.Display.V1.FormattedValue': 'Customer',
      statecode: 0, statuscode: 1, creditlimit: 5000,
      _ownerid_value: SALESPERSON, '_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'systemuser',
      _transactioncurrencyid_value: DEFAULT_BASE_CURRENCY_ID, exchangerate: 1,
      address1_primarycontactname: 'Mr. Andy Teal',
    });
    const customers = await t.json(`accounts?$filter=statecode eq 0 and customertypecode eq 3&$select=name`);
    expect(customers.body.value.map((a: { accountid: string }) => a.accountid)).toContain(id);
    const bad = await t.json(`accounts(${id})`, { method: 'PATCH', body: { address1_freighttermscode: 9 } });
    expect(bad.body.error.code).toBe('0x8004431a');
    expect((await t.api(`accounts(${id})`, { method: 'PATCH', body: { statecode: 1 } })).status).toBe(204);
    expect((await t.json(`accounts(${id})?$select=statecode,statuscode`)).body).toMatchObject({ statecode: 1, statuscode: 2 });
  });

  it('product: starts Draft, unique product number, price list item per product and unit, default price list by update', async () => {
    const { group, unit } = await unitGroup('NAV KG', 'KG');
    const product = await create('products', {
      productnumber: '1896-S', name: 'ATHENS Desk', producttypecode: 1, quantitydecimal: 2, price: 1000.8, standardcost: 506.6,
      currentcost: 506.6, quantityonhand: 10, 'defaultuomscheduleid@odata.bind': `/uomschedules(${group})`,
      'defaultuomid@odata.bind': `/uoms(${unit})`, 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})`,
    });
    const created = (await t.json(`products(${product})?$select=statecode,statuscode,productstructure,_pricelevelid_value`)).body;
    expect(created).toMatchObject({ statecode: 2, statuscode: 0, productstructure: 1, _pricelevelid_value: null });
    const duplicate = await t.json('products', { body: { productnumber: '1896-s', name: 'Copy' } });
    expect(duplicate.status).toBe(400);
    expect(duplicate.body.error.code).toBe('0x80043b06');

    const priceList = await create('pricelevels', { name: 'CRM default', 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${DEFAULT_BASE_CURRENCY_ID})` });
    const item = await create('productpricelevels', {
      'pricelevelid@odata.bind': `/pricelevels(${priceList})`, 'productid@odata.bind': `/products(${product})`,
      'uomid@odata.bind': `/uoms(${unit})`, pricingmethodcode: 1, amount: 1000.8,
    });
    const { body: priced } = await t.json(`productpricelevels(${item})?$select=_uomscheduleid_value,_transactioncurrencyid_value,amount,pricingmethodcode`);
    expect(priced).toMatchObject({ _uomscheduleid_value: group, _transactioncurrencyid_value: DEFAULT_BASE_CURRENCY_ID, amount: 1000.8, pricingmethodcode: 1 });
    const twice = await t.json('productpricelevels', { body: {
      'pricelevelid@odata.bind': `/pricelevels(${priceList})`, 'productid@odata.bind': `/products(${product})`,
      'uomid@odata.bind': `/uoms(${unit})`, pricingmethodcode: 1, amount: 1,
    } });
    expect(twice.body.error.code).toBe('0x80043b08');

    expect((await t.api(`products(${product})`, { method: 'PATCH', body: { 'pricelevelid@odata.bind': `/pricelevels(${priceList})`, statecode: 0 } })).status).toBe(204);
    expect((await t.json(`products(${product})?$select=statecode,statuscode,_pricelevelid_value`)).body).toMatchObject({
      statecode: 0, statuscode: 1, _pricelevelid_value: priceList,
    });
    const active = await t.json(`products?$filter=producttypecode eq 1 and statecode eq 0&$select=productnumber`);
    expect(active.body.value.map((p: { productnumber: string }) => p.productnumber)).toEqual(['1896-S']);
  });

  it('salesorder: submitted orders, the transferred mark, lines, state changes through PATCH, the Invoiced state', async () => {
    const account = await create('accounts', { name: 'Order Customer', customertypecode: 3 });
    const euro = (await t.json("transactioncurrencies?$filter=isocurrencycode eq 'EUR'&$select=exchangerate")).body.value[0];
    const priceList = await create('pricelevels', { name: 'Orders', 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${euro.transactioncurrencyid})` });
    const { unit } = await unitGroup('NAV PCS2', 'PCS2');
    const product = await create('products', { productnumber: '1900-S', name: 'PARIS Chair', quantitydecimal: 0 });
    const order = await create('salesorders', {
      name: 'Web order 7', 'customerid_account@odata.bind': `/accounts(${account})`,
      'pricelevelid@odata.bind': `/pricelevels(${priceList})`, requestdeliveryby: '2024-06-01T00:00:00Z',
      shipto_name: 'Dock 3', shipto_line1: '1 Quay', shipto_city: 'Leeds', billto_name: 'Accounts', paymenttermscode: 2,
      shippingmethodcode: 3, freighttermscode: 1, description: 'Leave at dock',
    });
    await create('salesorderdetails', {
      'salesorderid@odata.bind': `/salesorders(${order})`, 'productid@odata.bind': `/products(${product})`,
      'uomid@odata.bind': `/uoms(${unit})`, quantity: 4, priceperunit: 10, ispriceoverridden: true, manualdiscountamount: 2, sequencenumber: 2,
    });
    const writeIn = await create('salesorderdetails', {
      'salesorderid@odata.bind': `/salesorders(${order})`, isproductoverridden: true, productdescription: 'Gift wrap',
      quantity: 1, priceperunit: 5, sequencenumber: 1,
    });
    const { body: header } = await t.json(`salesorders(${order})?$select=ordernumber,statecode,statuscode,_customerid_value,_transactioncurrencyid_value,lastbackofficesubmit`, { headers: ANNOTATIONS });
    expect(header.ordernumber).toMatch(/^ORD-\d{5}-[0-9A-F]{6}$/);
    // The order takes its price list's currency, and the lines the order's.
    expect(header).toMatchObject({
      statecode: 0, statuscode: 1, _customerid_value: account, '_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      _transactioncurrencyid_value: euro.transactioncurrencyid, lastbackofficesubmit: null,
    });
    const lines = await t.json(`salesorderdetails?$filter=_salesorderid_value eq ${order}&$orderby=sequencenumber&$select=productdescription,_productid_value,isproductoverridden,quantity,priceperunit,manualdiscountamount,_transactioncurrencyid_value`);
    expect(lines.body.value).toMatchObject([
      { productdescription: 'Gift wrap', _productid_value: null, isproductoverridden: true, quantity: 1, priceperunit: 5 },
      { _productid_value: product, isproductoverridden: false, quantity: 4, priceperunit: 10, manualdiscountamount: 2, _transactioncurrencyid_value: euro.transactioncurrencyid },
    ]);

    // Amounts the service computes: line 4 × 10 − 2 = 38 and 1 × 5 = 5; header 43, 10 % + 3 off, 7 freight.
    // Base-currency amounts divide by the euro's rate (0.95 after the currency test).
    expect(euro.exchangerate).toBe(0.95);
    const amounts = await t.json(`salesorderdetails?$filter=_salesorderid_value eq ${order}&$orderby=sequencenumber&$select=baseamount,extendedamount,extendedamount_base,exchangerate`);
    expect(amounts.body.value).toMatchObject([
      { baseamount: 5, extendedamount: 5, extendedamount_base: 5.26, exchangerate: 0.95 },
      { baseamount: 40, extendedamount: 38, extendedamount_base: 40, exchangerate: 0.95 },
    ]);
    expect((await t.api(`salesorders(${order})`, { method: 'PATCH', body: { discountpercentage: 10, discountamount: 3, freightamount: 7 } })).status).toBe(204);
    const totals = (await t.json(`salesorders(${order})?$select=totallineitemamount,totallineitemdiscountamount,totaldiscountamount,totalamountlessfreight,totalamount`)).body;
    expect(totals).toMatchObject({ totallineitemamount: 43, totallineitemdiscountamount: 2, totaldiscountamount: 7.3, totalamountlessfreight: 35.7, totalamount: 42.7 });
    expect((await t.api(`salesorderdetails(${writeIn})`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`salesorders(${order})?$select=totallineitemamount`)).body.totallineitemamount).toBe(38);

    // Submit: statecode alone takes its default status (1 Submitted → 3 In Progress).
    expect((await t.api(`salesorders(${order})`, { method: 'PATCH', body: { statecode: 1 } })).status).toBe(204);
    const pending = `statecode eq 1 and lastbackofficesubmit eq null`;
    expect((await t.json(`salesorders?$filter=${encodeURIComponent(pending)}&$select=name`)).body.value).toHaveLength(1);
    // Transferred: the ERP stamps the date.
    expect((await t.api(`salesorders(${order})`, { method: 'PATCH', body: { lastbackofficesubmit: '2024-05-02T00:00:00Z' } })).status).toBe(204);
    expect((await t.json(`salesorders?$filter=${encodeURIComponent(pending)}&$select=name`)).body.value).toHaveLength(0);
    expect((await t.json(`salesorders(${order})?$select=lastbackofficesubmit`)).body.lastbackofficesubmit).toBe('2024-05-02T00:00:00Z');

    // A status of another state is refused and changes nothing.
    const wrong = await t.json(`salesorders(${order})`, { method: 'PATCH', body: { statecode: 4, statuscode: 3 } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe('0x8004431a');
    expect(wrong.body.error.message).toContain('3 is not a valid status code for state code salesorderState.Invoiced');
    expect((await t.json(`salesorders(${order})?$select=statecode`)).body.statecode).toBe(1);

    expect((await t.api(`salesorders(${order})`, { method: 'PATCH', body: { statecode: 4, statuscode: 100003 } })).status).toBe(204);
    const { body: invoiced } = await t.json(`salesorders(${order})?$select=statecode,statuscode`, { headers: ANNOTATIONS });
    expect(invoiced).toMatchObject({
      statecode: 4, 'statecode@OData.Community.Display.V1.FormattedValue': 'Invoiced',
      statuscode: 100003, 'statuscode@OData.Community.Display.V1.FormattedValue': 'Invoiced',
    });
  });

  it('quote: a new number starts at revision 0, a create that repeats the number is the next revision; a given revisionnumber is ignored', async () => {
    const account = await create('accounts', { name: 'Quoted Ltd' });
    const first = await create('quotes', { name: 'Bikes', 'customerid_account@odata.bind': `/accounts(${account})` });
    const { body: original } = await t.json(`quotes(${first})?$select=quotenumber,revisionnumber,statecode,_transactioncurrencyid_value`);
    expect(original).toMatchObject({ revisionnumber: 0, statecode: 0, _transactioncurrencyid_value: DEFAULT_BASE_CURRENCY_ID });
    expect(original.quotenumber).toMatch(/^QUO-/);
    const closed = await t.api(`quotes(${first})`, { method: 'PATCH', body: { statecode: 3, statuscode: 7 } });
    expect(closed.status).toBe(204);
    const second = await create('quotes', { name: 'Bikes v2', quotenumber: original.quotenumber, 'customerid_account@odata.bind': `/accounts(${account})` });
    const third = await create('quotes', { name: 'Bikes v3', quotenumber: original.quotenumber, 'customerid_account@odata.bind': `/accounts(${account})` });
    for (const [id, revision] of [[second, 1], [third, 2]] as const) {
      expect((await t.json(`quotes(${id})?$select=revisionnumber`)).body.revisionnumber).toBe(revision);
    }
    // A client's revisionnumber is ignored, as the service ignores read-only columns on create.
    const forced = await create('quotes', { name: 'Forced', revisionnumber: 5, 'customerid_account@odata.bind': `/accounts(${account})` });
    expect((await t.json(`quotes(${forced})?$select=revisionnumber`)).body.revisionnumber).toBe(0);
  });

  it("post: a wall post bound to an account is created, queried back by its record, and goes with the account", async () => {
    const account = await create('accounts', { name: 'Wall Owner' });
    const text = "Order 'SO-1001' has been posted in Tandem.";
    const post = await create('posts', { text, 'regardingobjectid_account@odata.bind': `/accounts(${account})` });
    const { body } = await t.json(`posts?$filter=_regardingobjectid_value eq ${account}&$select=text,source,type,regardingobjecttypecode,_regardingobjectid_value,createdon`, { headers: ANNOTATIONS });
    expect(body.value).toEqual([
      expect.objectContaining({
        postid: post, text, source: 2, 'source@OData.Community.Display.V1.FormattedValue': 'Manual Post', type: null,
        regardingobjecttypecode: 'account', _regardingobjectid_value: account,
        '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
        '_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'regardingobjectid_account',
      }),
    ]);
    expect(body.value[0].createdon).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const auto = await create('posts', { text: 'Auto', source: 1, type: 7, 'regardingobjectid_account@odata.bind': `/accounts(${account})` });
    expect((await t.json(`posts(${auto})?$select=source,type`)).body).toMatchObject({ source: 1, type: 7 });
    const wrongTable = await t.json('posts', { body: { text: 'x', 'regardingobjectid_salesorder@odata.bind': `/accounts(${account})` } });
    expect(wrongTable.status).toBe(400);
    const { body: metadata } = await t.json("EntityDefinitions(LogicalName='post')?$select=ObjectTypeCode,EntitySetName,PrimaryNameAttribute,OwnershipType");
    expect(metadata).toMatchObject({ ObjectTypeCode: 8000, EntitySetName: 'posts', PrimaryNameAttribute: 'text', OwnershipType: 'OrganizationOwned' });
    expect((await t.api(`accounts(${account})`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`posts?$filter=_regardingobjectid_value eq ${account}&$select=text`)).body.value).toEqual([]);
  });
});

describe('a configured base currency', () => {
  it('seeds the given currency instead of USD, or none', async () => {
    const t = await startTestEmulator({ baseCurrency: { isoCurrencyCode: 'EUR', currencyName: 'Euro', currencySymbol: '€' } });
    try {
      const { body } = await t.json('transactioncurrencies?$select=isocurrencycode,currencyname,currencysymbol,exchangerate,currencyprecision');
      expect(body.value).toEqual([
        expect.objectContaining({ transactioncurrencyid: t.emulator.baseCurrencyId, isocurrencycode: 'EUR', currencyname: 'Euro', currencysymbol: '€', exchangerate: 1, currencyprecision: 2 }),
      ]);
    } finally {
      await t.emulator.close();
    }
    const none = await startTestEmulator({ baseCurrency: false });
    try {
      expect(none.emulator.baseCurrencyId).toBeUndefined();
      expect((await none.json('transactioncurrencies?$select=isocurrencycode')).body.value).toEqual([]);
      const id = idOf(await none.api('accounts', { body: { name: 'No currency' } }));
      expect((await none.json(`accounts(${id})?$select=_transactioncurrencyid_value`)).body._transactioncurrencyid_value).toBeNull();
    } finally {
      await none.emulator.close();
    }
  });
});
