import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUID, startTestEmulator, type TestEmulator } from './helpers';

function idOf(response: Response): string {
  return /\(([0-9a-f-]{36})\)$/.exec(response.headers.get('odata-entityid') ?? '')![1]!;
}

describe('create, read, update, upsert and delete', () => {
  let t: TestEmulator;
  let clock = Date.parse('2024-05-01T10:00:00.750Z');

  beforeAll(async () => {
    t = await startTestEmulator({ now: () => clock });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('creates with 204 + OData-EntityId, stamps second-resolution times and applies state/status defaults', async () => {
    const response = await t.api('accounts', { body: { name: 'Contoso', accountnumber: 'C-1' } });
    expect(response.status).toBe(204);
    expect(response.headers.get('odata-entityid')).toMatch(new RegExp(`^${t.emulator.apiUrl.replace(/[.]/g, '\\.')}/accounts\\([0-9a-f-]{36}\\)$`));
    expect(await response.text()).toBe('');
    const { body, headers } = await t.json(`accounts(${idOf(response)})?$select=name,createdon,modifiedon,statecode,statuscode,versionnumber`);
    expect(body).toMatchObject({ name: 'Contoso', createdon: '2024-05-01T10:00:00Z', modifiedon: '2024-05-01T10:00:00Z', statecode: 0, statuscode: 1 });
    expect(body['@odata.etag']).toBe(`W/"${body.versionnumber}"`);
    expect(headers.get('etag')).toBe(body['@odata.etag']);
    expect(body['@odata.context']).toBe(`${t.emulator.apiUrl}/$metadata#accounts(name,createdon,modifiedon,statecode,statuscode,versionnumber)/$entity`);
  });

  it('keeps a client-chosen id and answers a duplicate id with the Dataverse duplicate error', async () => {
    const id = randomUUID();
    const first = await t.api('accounts', { body: { accountid: id, name: 'Chosen' } });
    expect(idOf(first)).toBe(id);
    const again = await t.json('accounts', { body: { accountid: id, name: 'Chosen again' } });
    expect(again.status).toBe(412);
    expect(again.body.error.code).toBe('0x80040237');
    expect((await t.json(`accounts(${id})?$select=name`)).body.name).toBe('Chosen');
  });

  it('returns the row with return=representation (201 on create, 200 on update) honouring $select', async () => {
    const created = await t.json('accounts?$select=name', { body: { name: 'Rep' }, headers: { Prefer: 'return=representation' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('preference-applied')).toBe('return=representation');
    expect(Object.keys(created.body)).toEqual(['@odata.context', '@odata.etag', 'name', 'accountid']);
    const id = created.body.accountid;
    const updated = await t.json(`accounts(${id})?$select=name,telephone1`, {
      method: 'PATCH',
      body: { telephone1: '555' },
      headers: { Prefer: 'return=representation', 'If-Match': '*' },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ name: 'Rep', telephone1: '555', accountid: id });
    expect(updated.body['@odata.etag']).not.toBe(created.body['@odata.etag']);
  });

  it('bumps versionnumber and modifiedon on every write; If-Match guards updates and deletes', async () => {
    const id = idOf(await t.api('accounts', { body: { name: 'Versioned' } }));
    const v1 = (await t.json(`accounts(${id})?$select=versionnumber,modifiedon`)).body;
    clock += 2000;
    expect((await t.api(`accounts(${id})`, { method: 'PATCH', body: { name: 'V2' }, headers: { 'If-Match': v1['@odata.etag'] } })).status).toBe(204);
    const v2 = (await t.json(`accounts(${id})?$select=versionnumber,modifiedon,createdon`)).body;
    expect(v2.versionnumber).toBeGreaterThan(v1.versionnumber);
    expect(v2.modifiedon).toBe('2024-05-01T10:00:02Z');
    expect(v2.createdon).toBe(v1.modifiedon);
    const stale = await t.json(`accounts(${id})`, { method: 'PATCH', body: { name: 'stale' }, headers: { 'If-Match': v1['@odata.etag'] } });
    expect(stale.status).toBe(412);
    expect(stale.body.error).toEqual({ code: '0x80060882', message: "The version of the existing record doesn't match the RowVersion property provided." });
    const staleDelete = await t.json(`accounts(${id})`, { method: 'DELETE', headers: { 'If-Match': v1['@odata.etag'] } });
    expect(staleDelete.status).toBe(412);
    expect((await t.api(`accounts(${id})`, { method: 'DELETE', headers: { 'If-Match': v2['@odata.etag'] } })).status).toBe(204);
    const gone = await t.json(`accounts(${id})`);
    expect(gone.status).toBe(404);
    expect(gone.body.error).toEqual({ code: '0x80040217', message: `Entity 'account' With Id = ${id} Does Not Exist` });
    expect((await t.json(`accounts(${id})`, { method: 'DELETE' })).status).toBe(404);
  });

  it('answers 304 to If-None-Match with the current ETag, but not when annotations are asked for; ignores If-None-Match: null', async () => {
    const id = idOf(await t.api('accounts', { body: { name: 'Cached' } }));
    const etag = (await t.json(`accounts(${id})?$select=name`)).body['@odata.etag'];
    expect((await t.api(`accounts(${id})?$select=name`, { headers: { 'If-None-Match': etag } })).status).toBe(304);
    expect((await t.api(`accounts(${id})?$select=name`, { headers: { 'If-None-Match': 'W/"1"' } })).status).toBe(200);
    expect((await t.api(`accounts(${id})?$select=name`, { headers: { 'If-None-Match': etag, Prefer: 'odata.include-annotations="*"' } })).status).toBe(200);
    expect((await t.api(`accounts(${id})?$select=name`, { headers: { 'If-None-Match': 'null' } })).status).toBe(200);
  });

  it('upserts with PATCH: creates (201/204) then updates (200/204); If-None-Match:* refuses an existing row, If-Match:* a missing one', async () => {
    const id = randomUUID();
    const created = await t.json(`accounts(${id})`, { method: 'PATCH', body: { name: 'Upserted' }, headers: { Prefer: 'return=representation' } });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe(created.body['@odata.etag']);
    expect(created.body.accountid).toBe(id);
    const updated = await t.api(`accounts(${id})`, { method: 'PATCH', body: { name: 'Upserted again' } });
    expect(updated.status).toBe(204);
    expect(updated.headers.get('odata-entityid')).toBe(`${t.emulator.apiUrl}/accounts(${id})`);
    const createOnly = await t.json(`accounts(${id})`, { method: 'PATCH', body: { name: 'x' }, headers: { 'If-None-Match': '*' } });
    expect(createOnly.status).toBe(412);
    expect(createOnly.body.error.code).toBe('0x80040237');
    const missing = randomUUID();
    const updateOnly = await t.json(`accounts(${missing})`, { method: 'PATCH', body: { name: 'x' }, headers: { 'If-Match': '*' } });
    expect(updateOnly.status).toBe(404);
    expect((await t.json(`accounts(${missing})`)).status).toBe(404);
    expect((await t.api(`accounts(${randomUUID()})`, { method: 'PATCH', body: { name: 'new' }, headers: { 'If-None-Match': '*' } })).status).toBe(204);
    expect((await t.json(`accounts(accountid=${id})?$select=name`)).body.name).toBe('Upserted again');
  });

  it('binds lookups with @odata.bind in every URL form and reads them back as _x_value', async () => {
    const parent = idOf(await t.api('accounts', { body: { name: 'Parent' } }));
    const forms = [`/accounts(${parent})`, `accounts(${parent})`, `${t.emulator.apiUrl}/accounts(${parent})`, `/accounts(accountid=${parent})`];
    for (const form of forms) {
      const child = idOf(await t.api('accounts', { body: { name: 'Child', 'parentaccountid@odata.bind': form } }));
      expect((await t.json(`accounts(${child})?$select=_parentaccountid_value`)).body._parentaccountid_value).toBe(parent);
    }
    const contact = idOf(await t.api('contacts', { body: { firstname: 'Ada', lastname: 'Lovelace', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` } }));
    const row = (
      await t.json(`contacts(${contact})?$select=fullname,_parentcustomerid_value`, { headers: { Prefer: 'odata.include-annotations="*"' } })
    ).body;
    expect(row).toMatchObject({
      fullname: 'Ada Lovelace',
      _parentcustomerid_value: parent,
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'account',
      '_parentcustomerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'parentcustomerid_account',
      '_parentcustomerid_value@OData.Community.Display.V1.FormattedValue': 'Parent',
    });
    // Annotation order: each annotation precedes its property; the primary key comes last.
    const keys = Object.keys(row);
    expect(keys.indexOf('_parentcustomerid_value@OData.Community.Display.V1.FormattedValue')).toBeLessThan(keys.indexOf('_parentcustomerid_value'));
    expect(keys[keys.length - 1]).toBe('contactid');

    // Clearing: null bind, and DELETE …/$ref.
    await t.api(`contacts(${contact})`, { method: 'PATCH', body: { 'parentcustomerid_account@odata.bind': null } });
    expect((await t.json(`contacts(${contact})?$select=_parentcustomerid_value`)).body._parentcustomerid_value).toBeNull();
    await t.api(`contacts(${contact})/parentcustomerid_contact/$ref`, { method: 'PUT', body: { '@odata.id': `${t.emulator.apiUrl}/contacts(${contact})` } });
    const self = await t.json(`contacts(${contact})?$select=_parentcustomerid_value`, { headers: { Prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.lookuplogicalname"' } });
    expect(self.body['_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBe('contact');
    expect(self.body['_parentcustomerid_value@OData.Community.Display.V1.FormattedValue']).toBeUndefined();
    expect((await t.api(`contacts(${contact})/parentcustomerid_contact/$ref`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`contacts(${contact})?$select=_parentcustomerid_value`)).body._parentcustomerid_value).toBeNull();
  });

  it('rejects binds to a missing row, to the wrong table and through an undeclared or miscased navigation property', async () => {
    const missing = await t.json('accounts', { body: { name: 'x', 'parentaccountid@odata.bind': `/accounts(${randomUUID()})` } });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('0x80040217');
    const wrongTable = await t.json('accounts', { body: { name: 'x', 'parentaccountid@odata.bind': `/contacts(${randomUUID()})` } });
    expect(wrongTable.status).toBe(400);
    const miscased = await t.json('accounts', { body: { name: 'x', 'ParentAccountId@odata.bind': `/accounts(${randomUUID()})` } });
    expect(miscased.status).toBe(400);
    expect(miscased.body.error.message).toContain("undeclared property 'ParentAccountId'");
    const direct = await t.json('accounts', { body: { name: 'x', _parentaccountid_value: randomUUID() } });
    expect(direct.status).toBe(400);
  });

  it('formats values on request: choices, booleans, money, dates, owner names', async () => {
    const currency = idOf(await t.api('transactioncurrencies', { body: { currencyname: 'Euro', isocurrencycode: 'EUR', currencysymbol: '€', exchangerate: 1, currencyprecision: 2 } }));
    const id = idOf(
      await t.api('accounts', {
        body: { name: 'Formatted', customertypecode: 1, creditonhold: true, revenue: 20000, numberofemployees: 1234, 'transactioncurrencyid@odata.bind': `/transactioncurrencies(${currency})` },
      }),
    );
    const plain = (await t.json(`accounts(${id})?$select=customertypecode`)).body;
    expect(plain['customertypecode@OData.Community.Display.V1.FormattedValue']).toBeUndefined();
    const { body, headers } = await t.json(`accounts(${id})?$select=customertypecode,creditonhold,revenue,numberofemployees,modifiedon,_ownerid_value,statecode`, {
      headers: { Prefer: 'odata.include-annotations="OData.Community.Display.V1.FormattedValue"' },
    });
    expect(headers.get('preference-applied')).toBe('odata.include-annotations="OData.Community.Display.V1.FormattedValue"');
    expect(body).toMatchObject({
      'customertypecode@OData.Community.Display.V1.FormattedValue': 'Competitor',
      'creditonhold@OData.Community.Display.V1.FormattedValue': 'Yes',
      creditonhold: true,
      'revenue@OData.Community.Display.V1.FormattedValue': '€20,000.00',
      'numberofemployees@OData.Community.Display.V1.FormattedValue': '1,234',
      'modifiedon@OData.Community.Display.V1.FormattedValue': expect.stringMatching(/^5\/1\/2024 10:00 AM$/),
      '_ownerid_value@OData.Community.Display.V1.FormattedValue': 'Tandem Integration',
      'statecode@OData.Community.Display.V1.FormattedValue': 'Active',
    });
    expect(body['_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname']).toBeUndefined();
  });

  it('applies state/status rules: statecode alone takes its default status; products start as Draft', async () => {
    const id = idOf(await t.api('accounts', { body: { name: 'Stateful' } }));
    await t.api(`accounts(${id})`, { method: 'PATCH', body: { statecode: 1 } });
    expect((await t.json(`accounts(${id})?$select=statecode,statuscode`)).body).toMatchObject({ statecode: 1, statuscode: 2 });
    const mismatch = await t.json(`accounts(${id})`, { method: 'PATCH', body: { statecode: 0, statuscode: 2 } });
    expect(mismatch.status).toBe(400);
    const product = idOf(await t.api('products', { body: { name: 'Widget', productnumber: 'W-1' } }));
    expect((await t.json(`products(${product})?$select=statecode,statuscode`)).body).toMatchObject({ statecode: 2, statuscode: 0 });
  });

  it('auto-numbers orders and cascades the delete of an order to its lines', async () => {
    const account = idOf(await t.api('accounts', { body: { name: 'Buyer' } }));
    const order = idOf(await t.api('salesorders', { body: { name: 'SO', 'customerid_account@odata.bind': `/accounts(${account})` } }));
    const row = (await t.json(`salesorders(${order})?$select=ordernumber,_customerid_value`)).body;
    expect(row.ordernumber).toMatch(/^ORD-\d{5}-[0-9A-F]{6}$/);
    expect(row._customerid_value).toBe(account);
    const line = idOf(await t.api('salesorderdetails', { body: { 'salesorderid@odata.bind': `/salesorders(${order})`, quantity: 2, isproductoverridden: true, productdescription: 'Write-in', priceperunit: 5 } }));
    expect((await t.api(`salesorders(${order})`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.json(`salesorderdetails(${line})`)).status).toBe(404);
    expect((await t.json(`accounts(${account})?$select=name`)).status).toBe(200);
  });

  it('reads, sets and clears single properties and reads a related row through its navigation property', async () => {
    const parent = idOf(await t.api('accounts', { body: { name: 'Nav parent' } }));
    const id = idOf(await t.api('accounts', { body: { name: 'Props', 'parentaccountid@odata.bind': `/accounts(${parent})` } }));
    expect((await t.json(`accounts(${id})/name`)).body.value).toBe('Props');
    expect((await t.api(`accounts(${id})/telephone1`, { method: 'PUT', body: { value: '123' } })).status).toBe(204);
    expect((await t.json(`accounts(${id})/telephone1`)).body.value).toBe('123');
    expect((await t.api(`accounts(${id})/telephone1`, { method: 'DELETE' })).status).toBe(204);
    expect((await t.api(`accounts(${id})/telephone1`)).status).toBe(204);
    const related = await t.json(`accounts(${id})/parentaccountid?$select=name`);
    expect(related.body).toMatchObject({ name: 'Nav parent', accountid: parent });
  });

  it('expands single-valued navigation properties ($expand=nav($select=…) and nav/$ref)', async () => {
    const parent = idOf(await t.api('accounts', { body: { name: 'Expanded parent' } }));
    const contact = idOf(await t.api('contacts', { body: { lastname: 'Expanded', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` } }));
    const one = await t.json(`contacts(${contact})?$select=lastname&$expand=parentcustomerid_account($select=name),parentcustomerid_contact($select=fullname)`);
    expect(one.body['@odata.context']).toBe(`${t.emulator.apiUrl}/$metadata#contacts(lastname,parentcustomerid_account(name),parentcustomerid_contact(fullname))/$entity`);
    expect(one.body.parentcustomerid_account).toEqual({ '@odata.etag': expect.any(String), name: 'Expanded parent', accountid: parent });
    expect(one.body.parentcustomerid_contact).toBeNull();
    const list = await t.json(`contacts?$select=lastname&$filter=contactid eq ${contact}&$expand=parentcustomerid_account/$ref`);
    expect(list.body.value[0].parentcustomerid_account).toEqual({ '@odata.id': `${t.emulator.apiUrl}/accounts(${parent})` });
    expect((await t.json(`accounts?$expand=contact_customer_accounts`)).status).toBe(501);
  });

  it('ignores columns that are not valid for the operation, like the real service', async () => {
    const id = idOf(await t.api('accounts', { body: { name: 'Readonly', createdon: '2000-01-01T00:00:00Z', versionnumber: 1 } }));
    const row = (await t.json(`accounts(${id})?$select=createdon,versionnumber`)).body;
    expect(row.createdon).not.toBe('2000-01-01T00:00:00Z');
    expect(row.versionnumber).toBeGreaterThan(1);
    expect(GUID.test(id)).toBe(true);
  });
});
