import { afterEach, describe, expect, it } from 'vitest';
import type { EntityManager } from '@mikro-orm/core';
import { CustomerSchema, type Customer } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { addCrm, changeCrm, getCrm, nextSecond, writesAndFailures, type TestPair } from '@tandem/testing';
import { CONTACT } from '../src/index';
import { accountIdOf, addCompany, addPerson, crmContactIdOf, startContactPair } from './support/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

/** Customer C1 with company K1 and its persons P1 and P2, customer C2 with K2 and P3; all coupled. */
async function start(): Promise<TestPair> {
  pair = await startContactPair({
    seed: async (em) => {
      await addCompany(em, 'K1', 'C1');
      await addPerson(em, 'P1', 'K1');
      await addPerson(em, 'P2', 'K1', { firstName: 'Per', surname: 'Second', name: 'Per Second' });
      await addCompany(em, 'K2', 'C2');
      await addPerson(em, 'P3', 'K2', { firstName: 'Tia', surname: 'Third', name: 'Tia Third' });
    },
    sync: [CONTACT],
  });
  return pair;
}

async function changeCustomer(em: EntityManager, no: string, changes: Partial<Customer>): Promise<void> {
  Object.assign(await em.findOneOrFail(CustomerSchema, { no }), changes);
  await em.flush();
}

const primaryContactNo = async (p: TestPair, no: string) => (await p.erp().findOneOrFail(CustomerSchema, { no })).primaryContactNo;
const primaryContactId = async (p: TestPair, customerNo: string) => (await getCrm(p, 'account', await accountIdOf(p, customerNo))).values._primarycontactid_value;

describe('CUSTOMER Primary Contact No. ↔ primarycontactid (through CONTACT)', () => {
  it('a coupled contact set as primary in the ERP becomes the account\'s primary contact; a CRM change flows back; quiet runs write nothing', async () => {
    const p = await start();
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P1' });
    await changeCustomer(p.erp(), 'C2', { primaryContactNo: 'P3' });
    // The CONTACT couplings of a page are looked up in one query, not one per customer.
    const lookups: string[] = [];
    const couplingsBy = p.host.state.couplingsBy.bind(p.host.state);
    p.host.state.couplingsBy = (mapping, side, ids) => {
      if (mapping === CONTACT) lookups.push([...ids].sort().join(','));
      return couplingsBy(mapping, side, ids);
    };
    let jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs.map((j) => [j.direction, j.modified, j.failed])).toEqual([['toIntegration', 2, 0], ['fromIntegration', 0, 0]]);
    expect(lookups).toEqual(['P1,P3']);
    expect(await primaryContactId(p, 'C1')).toBe(await crmContactIdOf(p, 'P1'));
    expect(await primaryContactId(p, 'C2')).toBe(await crmContactIdOf(p, 'P3'));
    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(CUSTOMER))).toBe(0);

    await changeCrm(p, 'account', await accountIdOf(p, 'C1'), { primarycontactid: await crmContactIdOf(p, 'P2') });
    jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs.map((j) => [j.direction, j.modified, j.failed])).toEqual([['toIntegration', 0, 0], ['fromIntegration', 1, 0]]);
    expect(await primaryContactNo(p, 'C1')).toBe('P2');
    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(CUSTOMER))).toBe(0);
    expect(await primaryContactId(p, 'C1')).toBe(await crmContactIdOf(p, 'P2'));
  });

  it('a primary contact that is not coupled clears the other side instead of failing the customer; a blank one keeps the other side', async () => {
    const p = await start();
    const account = await accountIdOf(p, 'C1');
    await addPerson(p.erp(), 'P9', 'K1'); // a person of the company, never synchronized: no CONTACT coupling
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P1' });
    await p.host.engine.run(CUSTOMER);
    expect(await primaryContactId(p, 'C1')).toBe(await crmContactIdOf(p, 'P1'));

    // ERP → CRM, not coupled: cleared (BC's Clear Value on Failed Sync), the customer itself syncs.
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P9', phoneNo: '+45 7000' });
    let jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs[0]).toMatchObject({ direction: 'toIntegration', modified: 1, failed: 0 });
    expect((await getCrm(p, 'account', account)).values).toMatchObject({ _primarycontactid_value: null, telephone1: '+45 7000' });
    expect(await primaryContactNo(p, 'C1')).toBe('P9'); // the ERP keeps its own value

    // ERP → CRM, blank: the account keeps its primary contact.
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P1' });
    await p.host.engine.run(CUSTOMER);
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: null, phoneNo: '+45 7001' });
    jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs[0]).toMatchObject({ modified: 1, failed: 0 });
    expect((await getCrm(p, 'account', account)).values).toMatchObject({ _primarycontactid_value: await crmContactIdOf(p, 'P1'), telephone1: '+45 7001' });

    // CRM → ERP, not coupled: cleared in the ERP; the account's other changes still come over.
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P1' });
    await p.host.engine.run(CUSTOMER);
    const stranger = await addCrm(p, 'contact', { firstname: 'Not', lastname: 'Coupled', parentcustomerid: { table: 'account', id: account } });
    await nextSecond();
    await changeCrm(p, 'account', account, { primarycontactid: stranger, name: 'Renamed C1' });
    jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs[1]).toMatchObject({ direction: 'fromIntegration', modified: 1, failed: 0 });
    expect(await p.erp().findOneOrFail(CustomerSchema, { no: 'C1' })).toMatchObject({ name: 'Renamed C1', primaryContactNo: null });

    // CRM → ERP, blank: the ERP keeps its primary contact.
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P2' });
    await p.host.engine.run(CUSTOMER);
    await nextSecond();
    await changeCrm(p, 'account', account, { primarycontactid: null, name: 'Renamed again' });
    jobs = await p.host.engine.run(CUSTOMER);
    expect(jobs[1]).toMatchObject({ modified: 1, failed: 0 });
    expect(await p.erp().findOneOrFail(CustomerSchema, { no: 'C1' })).toMatchObject({ name: 'Renamed again', primaryContactNo: 'P2' });
  });

  it('a customer synchronized before its primary contact gets it once CONTACT creates the contact on the other side', async () => {
    const p = await start();
    const account = await accountIdOf(p, 'C1');
    // ERP side: P9 is C1's primary contact before it is synchronized; the account's primary contact is cleared.
    await addPerson(p.erp(), 'P9', 'K1', { firstName: 'Nina', surname: 'Ninth', name: 'Nina Ninth' });
    await nextSecond();
    await changeCustomer(p.erp(), 'C1', { primaryContactNo: 'P9' });
    await p.host.engine.run(CUSTOMER);
    expect(await primaryContactId(p, 'C1')).toBeNull();
    // CRM side: C2's account names a CRM contact that has no ERP contact yet; the customer's primary contact is cleared.
    await changeCustomer(p.erp(), 'C2', { primaryContactNo: 'P3' });
    await p.host.engine.run(CUSTOMER);
    const fresh = await addCrm(p, 'contact', { firstname: 'Fay', lastname: 'Fresh', parentcustomerid: { table: 'account', id: await accountIdOf(p, 'C2') } });
    await nextSecond();
    await changeCrm(p, 'account', await accountIdOf(p, 'C2'), { primarycontactid: fresh });
    await p.host.engine.run(CUSTOMER);
    expect(await primaryContactNo(p, 'C2')).toBeNull();

    const jobs = await p.host.engine.fullSync(CONTACT);
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 1, 0], ['fromIntegration', 1, 0]]);
    expect((await getCrm(p, 'account', account)).values._primarycontactid_value).toBe(await crmContactIdOf(p, 'P9'));
    const freshNo = (await p.host.state.findCoupling(CONTACT, 'integration', fresh))!.businessId;
    expect(await primaryContactNo(p, 'C2')).toBe(freshNo);
    // The fixes are consistent with CUSTOMER: its next run finds nothing to write.
    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(CUSTOMER))).toBe(0);
  });
});
