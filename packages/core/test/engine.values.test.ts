import { afterEach, describe, expect, it } from 'vitest';
import { describeOnBothDatabases } from '../src/testing/index';
import {
  businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, later, testPlugin, touchBusiness, touchIntegration, twoDatabases,
  type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

const SALESPEOPLE = {
  name: 'SALESPEOPLE', businessTable: 'Salesperson', integrationTable: 'systemuser', direction: 'toIntegration' as const,
  fields: [{ business: 'name', integration: 'fullname' }],
};

describe('foreign keys through couplings (6g)', () => {
  const customer = (clear = false) => customerMapping({
    direction: 'bidirectional', dependsOn: ['SALESPEOPLE'],
    fields: [
      { business: 'name', integration: 'name' },
      { business: 'salespersonCode', integration: 'ownerid', reference: { mapping: 'SALESPEOPLE' }, clearValueOnFailedSync: clear },
    ],
  });

  it('a reference travels as the coupled counterpart id, both ways', async () => {
    db = await twoDatabases([testPlugin([SALESPEOPLE, customer()])]);
    await db.host.orm.em.fork().insert('Salesperson', { code: 'SP1', name: 'Sam', modifiedOn: new Date() });
    await insertCustomers(db.host, [{ name: 'Alpha', salespersonCode: 'SP1' }]);
    await db.host.engine.runAll({ full: true });
    const [user] = await integrationRows(db.integrationOrm, 'systemuser');
    const [account] = await integrationRows(db.integrationOrm);
    expect(account!.ownerid).toBe(user!.systemuserid);
    // From the CRM side: the owner id comes back as the salesperson code.
    await db.host.orm.em.fork().nativeUpdate('Customer', { no: 'C0001' }, { salespersonCode: null });
    await db.host.engine.syncRecord('CUSTOMER', { businessId: 'C0001' }, 'fromIntegration');
    expect((await businessRows(db.host))[0]!.salespersonCode).toBe('SP1');
  });

  it('an uncoupled reference fails the record with a message naming field and value', async () => {
    db = await twoDatabases([testPlugin([SALESPEOPLE, customer()])]);
    await db.host.orm.em.fork().insert('Salesperson', { code: 'SP9', name: 'Nobody', modifiedOn: new Date() });
    await insertCustomers(db.host, [{ name: 'Alpha', salespersonCode: 'SP9' }, { name: 'Beta' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    expect(job).toMatchObject({ failed: 1, inserted: 1 });
    const [error] = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error).toMatchObject({ sourceId: 'C0001', code: 'TANDEM_REFERENCE_NOT_COUPLED' });
    expect(error!.message).toMatch(/field "salespersonCode".*"SP9" is not coupled/);
  });

  it('clearValueOnFailedSync writes an empty value instead', async () => {
    db = await twoDatabases([testPlugin([SALESPEOPLE, customer(true)])]);
    await insertCustomers(db.host, [{ name: 'Alpha', salespersonCode: 'SP9' }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    expect(job).toMatchObject({ failed: 0, inserted: 1 });
    expect((await integrationRows(db.integrationOrm))[0]!.ownerid).toBeNull();
  });
});

describeOnBothDatabases('option mappings (6h)', () => {
  const plugin = (strict: boolean) => testPlugin([customerMapping({
    direction: 'bidirectional', syncOnlyCoupled: false,
    fields: [
      { business: 'name', integration: 'name' },
      { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms', failOnMissingOption: strict },
    ],
  })], (registry) => registry.addOptionMappings('paymentterms', [{ business: 'NET30', integration: 1 }, { business: 'NET60', integration: 4 }]));

  it('translate both ways', async () => {
    db = await twoDatabases([plugin(false)]);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'NET30' }]);
    await insertAccounts(db.integrationOrm, [{ name: 'B', paymenttermscode: 4 }]);
    await db.host.engine.run('CUSTOMER');
    expect((await integrationRows(db.integrationOrm)).find((a) => a.name === 'A')!.paymenttermscode).toBe(1);
    expect((await businessRows(db.host)).find((c) => c.name === 'B')!.paymentTermsCode).toBe('NET60');
  });

  it('a value with no counterpart is written empty and recorded for manual handling; the record syncs (issue 6, A4)', async () => {
    db = await twoDatabases([plugin(false)]);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'CASH' }]);
    await insertAccounts(db.integrationOrm, [{ name: 'B', paymenttermscode: 77 }]);
    const jobs = await db.host.engine.run('CUSTOMER');
    expect(jobs.map((j) => [j.inserted, j.failed])).toEqual([[1, 0], [1, 0]]);
    expect((await integrationRows(db.integrationOrm)).find((a) => a.name === 'A')!.paymenttermscode).toBeNull();
    expect((await businessRows(db.host)).find((c) => c.name === 'B')!.paymentTermsCode).toBeNull();
    expect(await db.host.state.missingOptions('CUSTOMER')).toMatchObject([
      { side: 'business', value: 'CASH', recordId: 'C0001', field: 'paymentTermsCode' },
      { side: 'integration', value: '77', field: 'paymenttermscode' },
    ]);
  });

  it('the register keeps one row per value and field, however many records carry it, counting them (issue 8)', async () => {
    db = await twoDatabases([plugin(false)]);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'CASH' }, { name: 'B', paymentTermsCode: 'CASH' }, { name: 'C', paymentTermsCode: 'ODD' }]);
    await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    const first = await db.host.state.missingOptions('CUSTOMER');
    expect(first.map((m) => [m.value, m.field, m.occurrences])).toEqual([['CASH', 'paymentTermsCode', 2], ['ODD', 'paymentTermsCode', 1]]);
    // A second pass counts the records again, in the same rows; the first sighting stays.
    await db.host.engine.fullSync('CUSTOMER', { direction: 'toIntegration' });
    const second = await db.host.state.missingOptions('CUSTOMER');
    expect(second.map((m) => [m.value, m.occurrences])).toEqual([['CASH', 4], ['ODD', 2]]);
    expect(second[0]!.firstSeenAt).toEqual(first[0]!.firstSeenAt);
    expect(second[0]!.lastSeenAt.getTime()).toBeGreaterThanOrEqual(first[0]!.lastSeenAt.getTime());
    expect(['C0001', 'C0002']).toContain(second[0]!.recordId);
  });

  it('an unmapped value written empty is never cleared on its own side by the reverse pass (full sync or a CRM edit)', async () => {
    db = await twoDatabases([plugin(false)]);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'CASH' }]);
    await insertAccounts(db.integrationOrm, [{ name: 'B', paymenttermscode: 77 }]);
    await db.host.engine.fullSync('CUSTOMER');
    // Forced comparison both ways: the empty counterpart is not taken for a choice to clear.
    const again = await db.host.engine.fullSync('CUSTOMER');
    expect(again.map((j) => [j.modified, j.failed])).toEqual([[0, 0], [0, 0]]);
    // A user edits another field on each side: the unmapped values stay where they are.
    const [a] = (await integrationRows(db.integrationOrm)).filter((r) => r.name === 'A');
    await touchIntegration(db.integrationOrm, a!.accountid, { name: 'A2' }, later());
    await touchBusiness(db.host, 'Customer', (await businessRows(db.host)).find((c) => c.name === 'B')!.no, { name: 'B2' }, later());
    const edited = await db.host.engine.run('CUSTOMER');
    expect(edited.map((j) => j.modified)).toEqual([1, 1]);
    expect((await businessRows(db.host)).find((c) => c.name === 'A2')).toMatchObject({ paymentTermsCode: 'CASH' });
    expect((await integrationRows(db.integrationOrm)).find((r) => r.name === 'B2')).toMatchObject({ paymenttermscode: 77 });
  });

  it('with failOnMissingOption, such a value is recorded and fails the record', async () => {
    db = await twoDatabases([plugin(true)]);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'CASH' }]);
    const [job] = await db.host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    expect(job).toMatchObject({ failed: 1 });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]!.message).toMatch(/"CASH" has no counterpart in option set "paymentterms"/);
    expect(await db.host.state.missingOptions(undefined, { optionSet: 'paymentterms' })).toMatchObject([{ side: 'business', value: 'CASH', recordId: 'C0001', field: 'paymentTermsCode' }]);
  });

});

describe('constants, transformation rules, templates (6i)', () => {
  it('constants go to the destination; every built-in rule and a plugin rule transform values', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration',
      fields: [
        { business: 'name', integration: 'name', transform: [{ rule: 'trim' }, { rule: 'titleCase' }, { rule: 'shout' }] },
        { business: 'city', integration: 'address1_city', transform: [{ rule: 'regexReplace', pattern: '\\s+', replace: '-' }, { rule: 'upper' }] },
        { business: 'phone', integration: 'telephone1', transform: [{ rule: 'removeNonAlphanumeric' }, { rule: 'substring', start: 2, length: 4 }, { rule: 'replace', find: '23', replace: 'xx' }] },
        { integration: 'customertypecode', constant: 3 },
      ],
    })], (registry) => registry.addTransformationRule('shout', (value) => `${String(value)}!`))]);
    await insertCustomers(db.host, [{ name: '  alpha   beta ', city: 'new york', phone: '+1 (234) 567' }]);
    await db.host.engine.fullSync('CUSTOMER');
    expect((await integrationRows(db.integrationOrm))[0]).toMatchObject({
      name: 'Alpha   Beta!', address1_city: 'NEW-YORK', telephone1: 'xx45', customertypecode: 3,
    });
  });

  it('lower and a failing rule: the record fails naming the field', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration',
      fields: [
        { business: 'name', integration: 'name', transform: [{ rule: 'lower' }] },
        // Bad arguments of a rule are refused at boot (validateMappings.test.ts); a rule can still fail on a value.
        { business: 'city', integration: 'address1_city', transform: [{ rule: 'noX' }] },
      ],
    })], (registry) => registry.addTransformationRule('noX', (value) => {
      if (value === 'x') throw new Error('rule "noX" refuses "x"');
      return value;
    }))]);
    await insertCustomers(db.host, [{ name: 'LOUD', city: 'x' }, { name: 'QUIET', city: null }]);
    const [job] = await db.host.engine.fullSync('CUSTOMER');
    expect(job).toMatchObject({ failed: 1, inserted: 1 });
    expect((await db.host.state.errors(job!.mapping, { jobId: job!.id }))[0]!.message).toMatch(/field "city": transformation failed: rule "noX" refuses "x"/);
    expect((await integrationRows(db.integrationOrm))[0]!.name).toBe('quiet');
  });

  it('templates give defaults to new rows on each side, chosen by priority and filter', async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'bidirectional', syncOnlyCoupled: false,
      fields: [{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }],
      templates: {
        integration: [
          { name: 'DEFAULT', priority: 10, values: { customertypecode: 3, telephone1: 'none' } },
          { name: 'OSLO', priority: 1, filter: { city: 'Oslo' }, values: { customertypecode: 7 } },
        ],
        business: [{ name: 'CRMCUST', values: { no: 'unset', blocked: true, phone: 'from template' } }],
      },
    })], (registry) => {
      registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Numbering', (ctx) => {
        if (ctx.direction === 'fromIntegration') ctx.values.no = `CRM-${String(ctx.source.values.name)}`;
      });
    })]);
    await insertCustomers(db.host, [{ name: 'InOslo', city: 'Oslo' }, { name: 'Elsewhere', city: 'Rome' }]);
    await insertAccounts(db.integrationOrm, [{ name: 'FromCrm' }]);
    await db.host.engine.run('CUSTOMER');
    const accounts = await integrationRows(db.integrationOrm);
    expect(accounts.find((a) => a.name === 'InOslo')).toMatchObject({ customertypecode: 7 });
    expect(accounts.find((a) => a.name === 'Elsewhere')).toMatchObject({ customertypecode: 3, telephone1: 'none' });
    expect((await businessRows(db.host)).find((c) => c.name === 'FromCrm')).toMatchObject({ no: 'CRM-FromCrm', blocked: true, phone: 'from template' });
  });
});
