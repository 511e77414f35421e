import { afterEach, describe, expect, it } from 'vitest';
import { ContactSchema } from '@tandem/erp';
import { ContactErrorCodes } from '@tandem/plugin-contact';
import { accountIdOf, crmContactIdOf } from '@tandem/plugin-contact/testing';
import { SELLER, addCrm, changeCrm, nextSecond, writesAndFailures, type TestPair } from '@tandem/testing';
import { OPPORTUNITY, OpportunityErrorCodes } from '../src/index';
import { addOpportunity, changeOpportunity, crmOpportunityOf, erpOpportunityNoOf, getOpportunity, startOpportunityPair } from './fixtures';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('OPPORTUNITY', () => {
  it('open ERP opportunities reach the CRM with contact, account, owner, value and date; open CRM ones come back with contact and company', async () => {
    const p = (pair = await startOpportunityPair());
    await addOpportunity(p.erp(), 'O1');
    await addOpportunity(p.erp(), 'O2', { contactNo: 'K2', contactCompanyNo: 'K2', estimatedValueLcy: '0' });
    await addOpportunity(p.erp(), 'OWON', { status: 'Won', dateClosed: '2025-04-01' });
    const fromContact = await addCrm(p, 'opportunity', { name: 'Bikes for P2', parentcontactid: await crmContactIdOf(p, 'P2'), ownerid: SELLER.userId });
    const fromAccount = await addCrm(p, 'opportunity', { name: 'Account-only deal', parentaccountid: await accountIdOf(p, 'C1') });
    const lost = await addCrm(p, 'opportunity', { name: 'Lost one', parentaccountid: await accountIdOf(p, 'C1') });
    await changeCrm(p, 'opportunity', lost, { statecode: 2, statuscode: 4 });

    // Not only coupled records: a regular run already creates both ways.
    const jobs = await p.host.engine.run(OPPORTUNITY);
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 2, 0], ['fromIntegration', 2, 0]]);

    expect((await crmOpportunityOf(p, 'O1')).values).toMatchObject({
      name: 'Deal O1', _parentcontactid_value: await crmContactIdOf(p, 'P1'), _parentaccountid_value: await accountIdOf(p, 'C1'),
      _ownerid_value: SELLER.userId, estimatedvalue: 12500.5, estimatedclosedate: new Date('2025-09-30T00:00:00Z'), statecode: 0,
    });
    // The company itself as contact: no CRM contact, the account only.
    expect((await crmOpportunityOf(p, 'O2')).values).toMatchObject({ _parentcontactid_value: null, _parentaccountid_value: await accountIdOf(p, 'C2') });
    expect(await p.host.state.findCoupling(OPPORTUNITY, 'business', 'OWON')).toBeNull();

    const viaContact = (await erpOpportunityNoOf(p, fromContact))!;
    const viaAccount = (await erpOpportunityNoOf(p, fromAccount))!;
    expect([viaContact, viaAccount].sort()).toEqual(['OP10001', 'OP10002']);
    expect(await getOpportunity(p.erp(), viaContact)).toMatchObject({
      description: 'Bikes for P2', contactNo: 'P2', contactCompanyNo: 'K2', salespersonCode: 'SP1', status: 'In Progress',
      creationDate: new Date().toISOString().slice(0, 10),
    });
    expect(await getOpportunity(p.erp(), viaAccount)).toMatchObject({ contactNo: 'K1', contactCompanyNo: 'K1', salespersonCode: null });
    expect(await erpOpportunityNoOf(p, lost)).toBeNull();
    expect(p.host.mappings.get(OPPORTUNITY).dependsOn).toEqual(['CONTACT']);

    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(OPPORTUNITY))).toBe(0);

    // Changes: the description both ways, the contact (and so the account) from the ERP, the contact from the CRM.
    await changeOpportunity(p.erp(), 'O1', { contactNo: 'P2', contactCompanyNo: 'K2', estimatedValueLcy: '99' });
    await changeCrm(p, 'opportunity', fromContact, { name: 'Bikes, renamed', parentcontactid: await crmContactIdOf(p, 'P1') });
    const changed = await p.host.engine.run(OPPORTUNITY);
    expect(changed.map((j) => [j.modified, j.failed])).toEqual([[1, 0], [1, 0]]);
    expect((await crmOpportunityOf(p, 'O1')).values).toMatchObject({
      _parentcontactid_value: await crmContactIdOf(p, 'P2'), _parentaccountid_value: await accountIdOf(p, 'C2'), estimatedvalue: 99,
    });
    expect(await getOpportunity(p.erp(), viaContact)).toMatchObject({ description: 'Bikes, renamed', contactNo: 'P1', contactCompanyNo: 'K1' });

    // Closing it in the ERP takes it out of the mapping: nothing more is sent.
    await nextSecond();
    await changeOpportunity(p.erp(), 'O1', { status: 'Won', description: 'Won deal' });
    expect(writesAndFailures(await p.host.engine.run(OPPORTUNITY))).toBe(0);
    expect((await crmOpportunityOf(p, 'O1')).values.name).toBe('Deal O1');
  });

  it('fails a record with a clear code when its contact or account cannot be found; the others go on', async () => {
    const p = (pair = await startOpportunityPair());
    const em = p.erp();
    em.create(ContactSchema, { no: 'P9', type: 'Person', companyNo: 'K1', name: 'Not synced yet' } as never);
    await em.flush();
    await addOpportunity(p.erp(), 'OK');
    await addOpportunity(p.erp(), 'O9', { contactNo: 'P9' });
    await addOpportunity(p.erp(), 'OX', { contactNo: 'KX', contactCompanyNo: 'KX' });
    const bare = await addCrm(p, 'opportunity', { name: 'No contact at all' });
    const vendor = await addCrm(p, 'account', { name: 'Vendor', customertypecode: 11 });
    const vendorDeal = await addCrm(p, 'opportunity', { name: 'Vendor deal', parentaccountid: vendor });

    const jobs = await p.host.engine.run(OPPORTUNITY);
    expect(jobs.map((j) => [j.inserted, j.failed])).toEqual([[1, 2], [0, 2]]);
    const errors = await p.host.state.errors(OPPORTUNITY);
    const of = (id: string) => errors.find((e) => e.sourceId === id)!;
    expect(of('O9')).toMatchObject({ code: OpportunityErrorCodes.CONTACT_NOT_COUPLED });
    expect(of('O9').message).toContain('contact P9, a person who is not coupled');
    expect(of('OX')).toMatchObject({ code: ContactErrorCodes.COMPANY_NOT_FOUND });
    expect(of(bare)).toMatchObject({ code: OpportunityErrorCodes.CONTACT_MISSING });
    expect(of(vendorDeal)).toMatchObject({ code: ContactErrorCodes.ACCOUNT_NOT_COUPLED });
    expect((await crmOpportunityOf(p, 'OK')).values.name).toBe('Deal OK');
  });
});
