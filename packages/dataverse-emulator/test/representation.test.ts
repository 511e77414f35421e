import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestEmulator, type TestEmulator } from './helpers';

const EVERYTHING = { Prefer: 'return=representation,odata.include-annotations="*"' };

// Issue 8: `return=representation` answers from the values the write stored, without reading the row again, and a
// read with `$select` fetches only the columns it needs. Both must give exactly what a full read of the row gives.
describe('representations and $select reads are what a full read of the row gives', () => {
  let t: TestEmulator;
  beforeAll(async () => {
    t = await startTestEmulator();
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  /** Writes with `return=representation` and every annotation; checks the answer against a GET of the row. */
  const write = async (url: string, body: Record<string, unknown>, method = 'POST', select = ''): Promise<Record<string, any>> => {
    const written = await t.json(`${url}${select}`, { method, body, headers: EVERYTHING });
    expect(written.status, JSON.stringify(written.body)).toBeLessThan(300);
    const { '@odata.context': _context, ...representation } = written.body;
    const set = url.replace(/\(.*$/, '');
    const idName = Object.keys(representation).at(-1)!;
    const read = await t.json(`${set}(${representation[idName]})${select}`, { headers: { Prefer: 'odata.include-annotations="*"' } });
    const { '@odata.context': _readContext, ...fromRead } = read.body;
    expect(representation).toEqual(fromRead);
    expect(written.headers.get('etag')).toBe(read.headers.get('etag'));
    return representation;
  };

  it('on creates and updates across tables: defaults, stamps, computed names, polymorphic lookups, amounts, booleans', async () => {
    const account = await write('accounts', { name: 'Rep Account', customertypecode: 3, creditlimit: 1000, 'address1_latitude': 12.5 });
    expect(account['creditlimit@OData.Community.Display.V1.FormattedValue']).toBe('$1,000.00');
    await write(`accounts(${account.accountid})`, { telephone1: '+1 404 1', creditonhold: true }, 'PATCH');
    const contact = await write('contacts', { firstname: 'Ann', lastname: 'Rep', 'parentcustomerid_account@odata.bind': `/accounts(${account.accountid})` });
    expect(contact.fullname).toBe('Ann Rep');
    await write(`contacts(${contact.contactid})`, { lastname: 'Smith' }, 'PATCH');
    await write('annotations', { subject: 'Note', notetext: 'Hello', 'objectid_account@odata.bind': `/accounts(${account.accountid})` });
    const schedule = await write('uomschedules', { name: 'Rep units', baseuomname: 'Piece' });
    const unit = (await t.json(`uoms?$filter=_uomscheduleid_value eq ${schedule.uomscheduleid}&$select=name`)).body.value[0].uomid;
    const product = await write('products', { productnumber: 'REP-1', name: 'Rep Chair', 'defaultuomscheduleid@odata.bind': `/uomschedules(${schedule.uomscheduleid})`, 'defaultuomid@odata.bind': `/uoms(${unit})` });
    const order = await write('salesorders', { name: 'Rep order', 'customerid_account@odata.bind': `/accounts(${account.accountid})`, freightamount: 7 });
    const line = await write('salesorderdetails', {
      'salesorderid@odata.bind': `/salesorders(${order.salesorderid})`, 'productid@odata.bind': `/products(${product.productid})`,
      'uomid@odata.bind': `/uoms(${unit})`, quantity: 4, priceperunit: 10, manualdiscountamount: 2,
    });
    expect(line.extendedamount).toBe(38);
    await write(`salesorderdetails(${line.salesorderdetailid})`, { quantity: 5 }, 'PATCH');
    await write(`salesorders(${order.salesorderid})`, { discountpercentage: 10 }, 'PATCH');
    // An upsert that creates, and one with a $select.
    await write(`accounts(7d1f0a36-5d35-4c5e-9d0e-4a4d1f0c0001)`, { name: 'Upserted' }, 'PATCH');
    await write('accounts', { name: 'Selected', revenue: 5 }, 'POST', '?$select=name,revenue,_ownerid_value,createdon');
  });

  it('$select reads give the same values, annotations, ETags and paging as reads of every column', async () => {
    for (let i = 0; i < 7; i++) await t.json('accounts', { body: { name: `Sel ${i}`, revenue: i * 10, customertypecode: 3 } });
    const select = 'name,revenue,_ownerid_value,_parentaccountid_value,customertypecode,modifiedon';
    const headers = { Prefer: 'odata.include-annotations="*",odata.maxpagesize=3' };
    const pick = (row: Record<string, unknown>): Record<string, unknown> =>
      Object.fromEntries(Object.entries(row).filter(([key]) => key === '@odata.etag' || key === 'accountid' || select.split(',').some((name) => key === name || key.startsWith(`${name}@`))));
    let next: string | undefined = `accounts?$select=${select}&$filter=startswith(name,'Sel ')&$orderby=revenue desc`;
    const narrow: Record<string, unknown>[] = [];
    while (next) {
      const page: { body: any } = await t.json(next, { headers });
      narrow.push(...page.body.value);
      next = page.body['@odata.nextLink'];
    }
    const wide = (await t.json(`accounts?$filter=startswith(name,'Sel ')&$orderby=revenue desc`, { headers: { Prefer: 'odata.include-annotations="*"' } })).body.value;
    expect(narrow).toHaveLength(7);
    expect(narrow).toEqual(wide.map(pick));
    const one = (await t.json(`accounts(${wide[0].accountid})?$select=${select}`, { headers: { Prefer: 'odata.include-annotations="*"' } })).body;
    const { '@odata.context': _c, ...single } = one;
    expect(single).toEqual(pick(wide[0]));
  });
});
