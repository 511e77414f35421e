import { afterEach, describe, expect, it } from 'vitest';
import { SELLER, addCrm, changeCrm, getCrm, nextSecond, writesAndFailures, type TestPair } from '@tandem/testing';
import { CONTACT, ContactErrorCodes } from '../src/index';
import { accountIdOf, addCompany, addPerson, changeContact, crmContactOf, erpContactNoOf, getContact, startContactPair } from './support/index';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function start(): Promise<TestPair> {
  pair = await startContactPair();
  return pair;
}

describe('CONTACT', () => {
  it('full sync: an ERP person goes under its company\'s account, a CRM contact under an account gets that customer\'s company; a second run writes nothing', async () => {
    const p = await start();
    await addCompany(p.erp(), 'K1', 'C1');
    await addCompany(p.erp(), 'K2', 'C2');
    await addPerson(p.erp(), 'P1', 'K1');
    await addPerson(p.erp(), 'LONER', null);
    const c2 = await accountIdOf(p, 'C2');
    const nora = await addCrm(p, 'contact', {
      firstname: 'Nora', middlename: 'B', lastname: 'North', emailaddress1: 'nora@c2.example', telephone1: '+47 1', mobilephone: '+47 2', fax: '+47 3',
      pager: '77', websiteurl: 'https://nora.example', address1_line1: 'Fjord Road 2', address1_city: 'Oslo', parentcustomerid: { table: 'account', id: c2 },
      ownerid: SELLER.userId,
    });
    const underContact = await addCrm(p, 'contact', { firstname: 'Kid', lastname: 'Contact', parentcustomerid: { table: 'contact', id: nora } });
    const orphan = await addCrm(p, 'contact', { firstname: 'No', lastname: 'Parent' });

    const jobs = await p.host.engine.fullSync(CONTACT);
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 1, 0], ['fromIntegration', 1, 0]]);

    expect((await crmContactOf(p, 'P1')).values).toMatchObject({
      firstname: 'Pia', middlename: 'Q', lastname: 'Person', fullname: 'Pia Person', address1_line1: '1 Main Street', address1_line2: 'Floor 2',
      address1_postalcode: '2100', address1_city: 'Copenhagen', address1_country: 'DK', address1_stateorprovince: 'Capital', telephone1: '+45 1111 2222',
      mobilephone: '+45 3333 4444', fax: '+45 1111 2223', pager: '555', emailaddress1: 'pia@example.com', websiteurl: 'https://pia.example.com',
      _parentcustomerid_value: await accountIdOf(p, 'C1'), _ownerid_value: SELLER.userId,
    });
    const noraNo = (await erpContactNoOf(p, nora))!;
    expect(noraNo).toBe('CT10001');
    expect(await getContact(p.erp(), noraNo)).toMatchObject({
      type: 'Person', companyNo: 'K2', companyName: 'Company K2', name: 'Nora B North', firstName: 'Nora', middleName: 'B', surname: 'North',
      email: 'nora@c2.example', phoneNo: '+47 1', mobilePhoneNo: '+47 2', faxNo: '+47 3', pager: '77', homePage: 'https://nora.example',
      address: 'Fjord Road 2', city: 'Oslo', salespersonCode: 'SP1', currencyCode: null,
    });
    // A contact under another contact, and one without a parent, are not part of the mapping; persons without a company neither.
    expect(await erpContactNoOf(p, underContact)).toBeNull();
    expect(await erpContactNoOf(p, orphan)).toBeNull();
    expect(await p.host.state.findCoupling(CONTACT, 'business', 'LONER')).toBeNull();
    expect(await p.host.state.findCoupling(CONTACT, 'business', 'K1')).toBeNull();
    expect(p.host.mappings.get(CONTACT).dependsOn).toEqual(['CUSTOMER']);

    await nextSecond();
    const quiet = await p.host.engine.run(CONTACT);
    expect(writesAndFailures(quiet)).toBe(0);
  });

  it('changes travel both ways, and a contact moved to another account in the CRM moves to that company', async () => {
    const p = await start();
    await addCompany(p.erp(), 'K1', 'C1');
    await addCompany(p.erp(), 'K2', 'C2');
    await addPerson(p.erp(), 'P1', 'K1');
    await p.host.engine.fullSync(CONTACT);
    const crm = await crmContactOf(p, 'P1');

    await nextSecond();
    await changeContact(p.erp(), 'P1', { phoneNo: '+45 9999', companyNo: 'K2' });
    let jobs = await p.host.engine.run(CONTACT);
    expect(jobs[0]).toMatchObject({ direction: 'toIntegration', modified: 1, failed: 0 });
    expect((await getCrm(p, 'contact', crm.id)).values).toMatchObject({ telephone1: '+45 9999', _parentcustomerid_value: await accountIdOf(p, 'C2') });

    await nextSecond();
    await changeCrm(p, 'contact', crm.id, { lastname: 'Renamed', parentcustomerid: { table: 'account', id: await accountIdOf(p, 'C1') } });
    jobs = await p.host.engine.run(CONTACT);
    expect(jobs[1]).toMatchObject({ direction: 'fromIntegration', modified: 1, failed: 0 });
    expect(await getContact(p.erp(), 'P1')).toMatchObject({ surname: 'Renamed', name: 'Pia Q Renamed', companyNo: 'K1', companyName: 'Company K1' });
    await nextSecond();
    expect(writesAndFailures(await p.host.engine.run(CONTACT))).toBe(0);
  });

  it('a contact whose company does not exist, is no customer, or whose account is not coupled fails with its own code; the others go on', async () => {
    const p = await start();
    await addCompany(p.erp(), 'K1', 'C1');
    await addCompany(p.erp(), 'K3', 'C3'); // C3 is blocked: never coupled
    await addCompany(p.erp(), 'K9', null); // not a customer
    await addPerson(p.erp(), 'P1', 'K1');
    await addPerson(p.erp(), 'P3', 'K3');
    await addPerson(p.erp(), 'P9', 'K9');
    await addPerson(p.erp(), 'PX', 'NOPE');
    const vendor = await addCrm(p, 'account', { name: 'Vendor Inc', customertypecode: 11 });
    const underVendor = await addCrm(p, 'contact', { firstname: 'Val', lastname: 'Vendor', parentcustomerid: { table: 'account', id: vendor } });
    const underC2 = await addCrm(p, 'contact', { firstname: 'Cid', lastname: 'Two', parentcustomerid: { table: 'account', id: await accountIdOf(p, 'C2') } });

    const jobs = await p.host.engine.fullSync(CONTACT);
    expect(jobs.map((j) => [j.direction, j.inserted, j.failed])).toEqual([['toIntegration', 1, 3], ['fromIntegration', 0, 2]]);
    const errors = await p.host.state.errors(CONTACT);
    const codeOf = (id: string) => errors.find((e) => e.sourceId === id);
    expect(codeOf('PX')).toMatchObject({ code: ContactErrorCodes.COMPANY_NOT_FOUND });
    expect(codeOf('PX')!.message).toContain('company "NOPE", which does not exist');
    expect(codeOf('P9')).toMatchObject({ code: ContactErrorCodes.COMPANY_NOT_CUSTOMER });
    expect(codeOf('P3')).toMatchObject({ code: ContactErrorCodes.CUSTOMER_NOT_COUPLED });
    expect(codeOf('P3')!.message).toContain('customer C3 is not coupled');
    expect(codeOf(underVendor)).toMatchObject({ code: ContactErrorCodes.ACCOUNT_NOT_COUPLED });
    expect(codeOf(underVendor)!.message).toContain(`account ${vendor}, which is not coupled`);
    // C2 has no company contact: the CRM contact cannot get a company (BC: "the company does not exist").
    expect(codeOf(underC2)).toMatchObject({ code: ContactErrorCodes.COMPANY_NOT_FOUND });
    expect(codeOf(underC2)!.message).toContain('the company does not exist');
    expect(await erpContactNoOf(p, underC2)).toBeNull();
    expect((await crmContactOf(p, 'P1')).values._parentcustomerid_value).toBe(await accountIdOf(p, 'C1'));

    // Fixed data: the company gets its relation, the record goes through on the next run.
    await addCompany(p.erp(), 'K2', 'C2');
    const retried = await p.host.engine.run(CONTACT);
    expect(retried[1]).toMatchObject({ inserted: 1 });
    expect(await getContact(p.erp(), (await erpContactNoOf(p, underC2))!)).toMatchObject({ companyNo: 'K2', name: 'Cid Two' });
  });
});
