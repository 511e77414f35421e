import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, MikroOrmStore } from '../src/index';
import { AccountSchema, SystemUserSchema } from './fixtures/entities';
import { customerMapping, insertCustomers, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';
import { MikroORM } from '@mikro-orm/sqlite';

let db: TwoDatabases | undefined;
let dir: string | undefined;
afterEach(async () => {
  await db?.close();
  db = undefined;
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const optionPlugin = () =>
  testPlugin(
    [customerMapping({
      direction: 'toIntegration',
      templates: { integration: [{ name: 'NEW', values: { telephone1: 'n/a' } }] },
      fields: [
        { business: 'name', integration: 'name' },
        { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms' },
      ],
    })],
    (registry) => registry.addOptionMappings('paymentterms', [{ business: 'NET30', integration: 1 }, { business: 'NET60', integration: 4 }]),
  );

describe("a plugin's defaults: reset, enable and disable (issue 7, item 8)", () => {
  it('reset restores settings, templates and option mappings; couplings are kept; resetAll does every mapping', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-defaults-'));
    const files = { businessFile: join(dir, 'b.sqlite'), integrationFile: join(dir, 'i.sqlite') };
    db = await twoDatabases([optionPlugin()], files);
    await insertCustomers(db.host, [{ name: 'A', paymentTermsCode: 'NET30' }]);
    await db.host.engine.fullSync('CUSTOMER');
    await db.host.mappings.update('CUSTOMER', { pageSize: 7, templates: { business: [], integration: [{ name: 'EDITED', values: { telephone1: '1' } }] } });
    await db.host.options.set('paymentterms', 'CASH', 9, 'Cash');
    await db.host.options.set('paymentterms', 'NET30', 2);
    expect(await db.host.options.remove('paymentterms', 'NET60')).toBe(true);
    expect((await db.host.options.list('paymentterms')).map((o) => [o.businessValue, o.integrationValue]).sort()).toEqual([['CASH', 9], ['NET30', 2]]);
    await db.close();

    db = await twoDatabases([optionPlugin()], files);
    expect(db.host.mappings.get('CUSTOMER')).toMatchObject({ pageSize: 7, templates: { integration: [{ name: 'EDITED' }] } });
    await db.host.mappings.resetAll();
    expect(db.host.mappings.get('CUSTOMER')).toMatchObject({ pageSize: 2000, templates: { integration: [{ name: 'NEW' }] } });
    expect((await db.host.options.list('paymentterms')).map((o) => [o.businessValue, o.integrationValue]).sort()).toEqual([['NET30', 1], ['NET60', 4]]);
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(1);
    await db.close();
    db = await twoDatabases([optionPlugin()], files);
    expect(db.host.mappings.get('CUSTOMER')).toMatchObject({ pageSize: 2000 });
  });

  it('option mappings refuse a value already taken and a code that is not a whole number', async () => {
    db = await twoDatabases([optionPlugin()]);
    await expect(db.host.options.set('paymentterms', 'CASH', 1)).rejects.toMatchObject({ code: 'TANDEM_CONFIG_INVALID', message: expect.stringMatching(/option value 1 is already mapped to "NET30"/) });
    await expect(db.host.options.set('paymentterms', 'CASH', 1.5)).rejects.toThrow(/not a whole number/);
    await db.host.options.reset();
    expect(await db.host.options.list()).toHaveLength(2);
  });

  it('set refuses an option value the integration column does not have, naming the column and its values (TANDEM_OPTION_VALUE_UNKNOWN)', async () => {
    const withColumnOptions = testPlugin(
      [customerMapping({ direction: 'toIntegration', fields: [{ business: 'name', integration: 'name' }, { business: 'paymentTermsCode', integration: 'paymenttermscode', optionSet: 'paymentterms' }] })],
      (registry) => {
        registry.addIntegrationTable({
          name: 'account', idField: 'accountid', modifiedOnField: 'modifiedon', modifiedByField: 'modifiedby',
          fields: {
            accountid: { name: 'accountid', type: 'uuid' },
            name: { name: 'name', type: 'string', maxLength: 160 },
            paymenttermscode: { name: 'paymenttermscode', type: 'option', nullable: true, options: [{ value: 1, label: 'Net 30' }, { value: 4, label: 'Net 60' }] },
            modifiedon: { name: 'modifiedon', type: 'datetime', readOnly: true },
            modifiedby: { name: 'modifiedby', type: 'string', nullable: true, readOnly: true },
          },
        });
        registry.addOptionMappings('paymentterms', [{ business: 'NET30', integration: 1 }]);
      },
    );
    db = await twoDatabases([withColumnOptions]);
    const error = await db.host.options.set('paymentterms', 'NET90', 9).catch((e: unknown) => e);
    expect(error).toMatchObject({
      code: 'TANDEM_OPTION_VALUE_UNKNOWN',
      message: 'option set "paymentterms": column account.paymenttermscode has no option value 9; use one of 1 (Net 30), 4 (Net 60)',
    });
    // Nothing was stored; a value the column has goes through.
    expect((await db.host.options.list('paymentterms')).map((o) => o.businessValue)).toEqual(['NET30']);
    await db.host.options.set('paymentterms', 'NET60', 4);
    expect((await db.host.options.list('paymentterms')).map((o) => [o.businessValue, o.integrationValue]).sort()).toEqual([['NET30', 1], ['NET60', 4]]);
    // Changing an existing code to a value the column lacks is refused the same way.
    await expect(db.host.options.set('paymentterms', 'NET30', 2)).rejects.toMatchObject({ code: 'TANDEM_OPTION_VALUE_UNKNOWN' });
  });

  it('a removed default option mapping stays removed across host starts on the same file, until reset brings it back', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-options-'));
    const files = { businessFile: join(dir, 'b.sqlite'), integrationFile: join(dir, 'i.sqlite') };
    const codes = async () => (await db!.host.options.list('paymentterms')).map((o) => [o.businessValue, o.integrationValue]).sort();
    db = await twoDatabases([optionPlugin()], files);
    expect(await db.host.options.remove('paymentterms', 'NET60')).toBe(true);
    await db.close();

    db = await twoDatabases([optionPlugin()], files);
    expect(await codes()).toEqual([['NET30', 1]]);
    // The freed value can go to another code; the default is still not seeded (nor would its value collide).
    await db.host.options.set('paymentterms', 'LONG', 4);
    await db.close();

    db = await twoDatabases([optionPlugin()], files);
    expect(await codes()).toEqual([['LONG', 4], ['NET30', 1]]);
    await db.host.options.remove('paymentterms', 'LONG');
    await db.host.options.reset('paymentterms');
    expect(await codes()).toEqual([['NET30', 1], ['NET60', 4]]);
    await db.host.options.remove('paymentterms', 'NET30');
    await db.host.options.set('paymentterms', 'NET30', 1); // set again: no longer a removed default
    await db.close();

    db = await twoDatabases([optionPlugin()], files);
    expect(await codes()).toEqual([['NET30', 1], ['NET60', 4]]);
    expect(await db.host.state.removedOptionDefaults(['paymentterms'])).toEqual([]);
  });

  it('a disabled mapping is left out of runAll and refused by run; a plugin\'s mappings are switched together', async () => {
    db = await twoDatabases([optionPlugin()]);
    await insertCustomers(db.host, [{ name: 'A' }]);
    await db.host.mappings.setEnabled('CUSTOMER', false);
    expect(await db.host.engine.runAll({ full: true })).toEqual([]);
    await expect(db.host.engine.run('CUSTOMER')).rejects.toMatchObject({ code: 'TANDEM_MAPPING_DISABLED', message: expect.stringMatching(/enable it with host.mappings.setEnabled/) });
    await expect(db.host.mappings.setPluginEnabled('NoSuchPlugin', true)).rejects.toThrow(/contributes no mapping/);
    const enabled = await db.host.mappings.setPluginEnabled('TestPlugin', true);
    expect(enabled.map((m) => [m.name, m.enabled])).toEqual([['CUSTOMER', true]]);
    expect(await db.host.engine.runAll({ full: true })).toMatchObject([{ inserted: 1 }]);
  });
});

describe('links to both sides of a record (issue 7, item 9)', () => {
  it('gives the ERP link from the template and, through the coupling, the other side; no template, no link', async () => {
    const integrationOrm = await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] });
    await integrationOrm.schema.updateSchema({ safe: true });
    const host = await createHost({
      plugins: [testPlugin([customerMapping({ direction: 'toIntegration' })])],
      database: { dbName: ':memory:' },
      business: { identity: 'tandem', linkTemplate: 'https://erp.example.com/{table}/{id}?company=CRONUS' },
      integration: new MikroOrmStore(integrationOrm, { name: 'crm' }),
    });
    try {
      await host.orm.em.fork().insert('Customer', { no: 'C 1/2', name: 'A', modifiedOn: new Date() });
      const [job] = await host.engine.fullSync('CUSTOMER');
      expect(job).toMatchObject({ inserted: 1 });
      const [coupling] = await host.state.couplings('CUSTOMER');
      const links = await host.links.of('CUSTOMER', { businessId: 'C 1/2' });
      expect(links).toEqual({ businessId: 'C 1/2', integrationId: coupling!.integrationId, business: 'https://erp.example.com/Customer/C%201%2F2?company=CRONUS' });
      expect(await host.links.of('CUSTOMER', { integrationId: coupling!.integrationId! })).toMatchObject({ businessId: 'C 1/2', business: links.business });
      expect(await host.links.of('CUSTOMER', { businessId: 'uncoupled' })).toEqual({ businessId: 'uncoupled', integrationId: null, business: 'https://erp.example.com/Customer/uncoupled?company=CRONUS' });
    } finally {
      await host.close();
      await integrationOrm.close();
    }
  });
});
