import { describe, expect, it } from 'vitest';
import type { WriteOperation } from '@tandem/core';
import type { DataverseStore } from '@tandem/dataverse';
import { emulatorStores } from './emulatorStore';

const store = emulatorStores();

async function insert(crm: DataverseStore, table: string, values: Record<string, unknown>): Promise<string> {
  const [result] = await crm.write(table, [{ kind: 'insert', ref: table, values } satisfies WriteOperation]);
  if (!result?.ok) throw result?.error ?? new Error('no result');
  return result.id;
}

describe('quote, quotedetail and incident on the emulator', () => {
  it('are served: a quote with a line for an account, its revision state, and a case, read back through the store', async () => {
    const crm = await store();
    const account = await insert(crm, 'account', { name: 'Adatum' });
    const priceList = await insert(crm, 'pricelevel', { name: 'Default' });
    const opportunity = await insert(crm, 'opportunity', { name: 'Chairs', parentaccountid: account });
    const quote = await insert(crm, 'quote', {
      name: 'Chairs Q1', customerid: { table: 'account', id: account }, pricelevelid: priceList, opportunityid: opportunity,
      effectivefrom: '2025-05-01', effectiveto: '2025-06-30', paymenttermscode: 1,
    });
    await insert(crm, 'quotedetail', { quoteid: quote, isproductoverridden: true, productdescription: 'Chair', quantity: 4, priceperunit: 25 });
    const incident = await insert(crm, 'incident', { title: 'Broken leg', customerid: { table: 'account', id: account }, prioritycode: 1, casetypecode: 2 });

    const [q] = await crm.getByIds('quote', [quote]);
    expect(q!.values).toMatchObject({
      name: 'Chairs Q1', _customerid_value: account, _opportunityid_value: opportunity, _pricelevelid_value: priceList, statecode: 0, statuscode: 1,
      paymenttermscode: 1,
    });
    expect((q!.values.effectiveto as Date).toISOString().slice(0, 10)).toBe('2025-06-30');
    const lines = (await crm.readChanged('quotedetail', { limit: 10, filter: { quoteid: quote } })).rows;
    expect(lines.map((l) => [l.values.productdescription, Number(l.values.quantity)])).toEqual([['Chair', 4]]);
    const cases = (await crm.readChanged('incident', { limit: 10, filter: { customerid: account, statecode: 0 } })).rows;
    expect(cases.map((c) => [c.id, c.values.title, c.values.prioritycode, c.values.statecode])).toEqual([[incident, 'Broken leg', 1, 0]]);

    // Closing states are writable as in the service: a revised quote is Closed with status Revised; a resolved case.
    await crm.write('quote', [{ kind: 'update', ref: quote, id: quote, values: { statecode: 3, statuscode: 7 } }]);
    await crm.write('incident', [{ kind: 'update', ref: incident, id: incident, values: { statecode: 1, statuscode: 5 } }]);
    expect((await crm.getByIds('quote', [quote]))[0]!.values).toMatchObject({ statecode: 3, statuscode: 7 });
    expect((await crm.readChanged('incident', { limit: 10, filter: { customerid: account, statecode: 0 } })).rows).toHaveLength(0);
  });
});
