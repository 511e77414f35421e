import { dataverseTables, referencedOnlyEntitySets } from '@tandem/dataverse';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntityCatalog } from '../src/metadata/EntityModel';
import { EmulatorDatabase } from '../src/storage/EmulatorDatabase';
import { postBatch } from './batchHelpers';
import { startTestEmulator, type TestEmulator } from './helpers';

// Issue 8: a `$batch` operation outside a change set opens its savepoint only right before a write that needs one
// (`WriteScope`); what callers see is what they saw when every operation had a savepoint from its start.
describe('WriteScope: lazy savepoints of $batch operations', () => {
  const catalog = new EntityCatalog(Object.values(dataverseTables), referencedOnlyEntitySets);
  const account = (name: string) => ({ accountid: randomUUID(), name, versionnumber: 1 });
  const operation = <T>(database: EmulatorDatabase, work: () => T): T => database.operation((run) => run(), work);

  it('a create is one insert and opens no savepoint; a failure after it deletes that row and keeps the others', () => {
    const database = new EmulatorDatabase(':memory:', catalog);
    const accounts = database.table('account');
    const [kept, failed, later] = [account('kept'), account('failed'), account('later')];
    database.transaction(() => {
      operation(database, () => accounts.insert(kept));
      expect(() =>
        operation(database, () => {
          accounts.insert(failed);
          throw new Error('after the insert');
        }),
      ).toThrow('after the insert');
      operation(database, () => accounts.insert(later));
    });
    expect(database.writes.savepointsOpened).toBe(0);
    expect(accounts.exists(kept.accountid)).toBe(true);
    expect(accounts.exists(failed.accountid)).toBe(false);
    expect(accounts.exists(later.accountid)).toBe(true);
    database.close();
  });

  it('a second write opens the savepoint: a failure undoes every write of its operation, none of the one before', () => {
    const database = new EmulatorDatabase(':memory:', catalog);
    const accounts = database.table('account');
    const [first, second] = [account('first'), account('second')];
    database.transaction(() => {
      operation(database, () => accounts.insert(first));
      expect(() =>
        operation(database, () => {
          accounts.insert(second);
          accounts.update(first.accountid, { name: 'changed by a failed operation' });
          accounts.update(second.accountid, { name: 'second, changed' });
          database.recordDeletion('account', first.accountid, '2024-01-01T00:00:00Z');
          throw new Error('after three writes');
        }),
      ).toThrow('after three writes');
    });
    expect(database.writes.savepointsOpened).toBe(1);
    expect(accounts.get(first.accountid)?.['name']).toBe('first');
    expect(accounts.exists(second.accountid)).toBe(false);
    expect(database.deletedBetween('account', 0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    database.close();
  });

  it('an insert that fails by itself leaves nothing and opens no savepoint; reads open none', () => {
    const database = new EmulatorDatabase(':memory:', catalog);
    const accounts = database.table('account');
    const row = account('once');
    database.transaction(() => {
      operation(database, () => accounts.insert(row));
      expect(() => operation(database, () => accounts.insert({ ...row, name: 'twice' }))).toThrow(/UNIQUE|PRIMARY/);
      expect(operation(database, () => accounts.get(row.accountid)?.['name'])).toBe('once');
    });
    expect(database.writes.savepointsOpened).toBe(0);
    expect(accounts.select({}, ['name'])).toEqual([{ name: 'once' }]);
    database.close();
  });

  it('rows known to exist are forgotten when a delete or a rollback may have removed them', () => {
    const database = new EmulatorDatabase(':memory:', catalog);
    const accounts = database.table('account');
    const [kept, undone, deleted] = [account('kept'), account('undone'), account('deleted')];
    database.transaction(() => {
      operation(database, () => accounts.insert(kept));
      operation(database, () => accounts.insert(deleted));
      expect(accounts.exists(kept.accountid) && accounts.exists(deleted.accountid)).toBe(true);
      expect(() =>
        operation(database, () => {
          accounts.insert(undone);
          expect(accounts.exists(undone.accountid)).toBe(true);
          throw new Error('undo it');
        }),
      ).toThrow('undo it');
      expect(accounts.exists(undone.accountid)).toBe(false);
      operation(database, () => accounts.delete(deleted.accountid));
      expect(accounts.exists(deleted.accountid)).toBe(false);
      expect(accounts.exists(kept.accountid)).toBe(true);
    });
    // Between transactions another connection may delete: the next one asks SQLite again.
    database.db.prepare('DELETE FROM "account" WHERE "accountid" = ?').run(kept.accountid);
    database.transaction(() => expect(accounts.exists(kept.accountid)).toBe(false));
    database.close();
  });

  it('outside a $batch transaction an operation is a transaction of its own, as before', () => {
    const database = new EmulatorDatabase(':memory:', catalog);
    const accounts = database.table('account');
    const row = account('alone');
    expect(() =>
      operation(database, () => {
        accounts.insert(row);
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(database.db.inTransaction).toBe(false);
    expect(accounts.exists(row.accountid)).toBe(false);
    database.close();
  });
});

describe('WriteScope through the API: a failing operation after partial writes rolls back alone', () => {
  let t: TestEmulator;
  const count = (sql: string, ...params: unknown[]): number => (t.emulator.db.prepare(`SELECT COUNT(*) AS n FROM ${sql}`).get(...params) as { n: number }).n;
  const create = async (set: string, body: Record<string, unknown>): Promise<string> => {
    const response = await t.api(set, { method: 'POST', body });
    expect(response.status, await response.clone().text()).toBe(204);
    return /\(([^)]+)\)$/.exec(response.headers.get('OData-EntityId')!)![1]!;
  };

  beforeAll(async () => {
    t = await startTestEmulator();
    // Real failures after a first write, from SQLite itself: the service would answer them with an error too.
    t.emulator.db.exec(`CREATE TRIGGER "ws_fail_uom" BEFORE INSERT ON "uom" WHEN NEW."name" = 'WS-FAIL' BEGIN SELECT RAISE(ABORT, 'uom refused'); END`);
    t.emulator.db.exec(`CREATE TRIGGER "ws_fail_order" BEFORE UPDATE ON "salesorder" WHEN OLD."name" = 'WS-Order' AND NEW."versionnumber" IS NOT OLD."versionnumber" AND (SELECT COUNT(*) FROM "account" WHERE "name" = 'WS-Armed') > 0 BEGIN SELECT RAISE(ABORT, 'order refused'); END`);
    t.emulator.db.exec(`CREATE TRIGGER "ws_fail_contact" BEFORE UPDATE ON "contact" WHEN OLD."lastname" = 'WS-Child' BEGIN SELECT RAISE(ABORT, 'contact refused'); END`);
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('a create whose rules write another row (a unit group and its base unit) is undone whole; the parts around it stay', async () => {
    const [before, after, failing] = [randomUUID(), randomUUID(), randomUUID()];
    const result = await postBatch(
      t,
      [
        { method: 'POST', url: 'accounts', body: { accountid: before, name: 'WS-Before' } },
        { method: 'POST', url: 'uomschedules', body: { uomscheduleid: failing, name: 'WS Group', baseuomname: 'WS-FAIL' } },
        { method: 'POST', url: 'accounts', body: { accountid: after, name: 'WS-After' } },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.parts.map((p) => p.status)).toEqual([204, 500, 204]);
    expect(JSON.parse(result.parts[1]!.body).error.message).toContain('uom refused');
    expect(count('"uomschedule" WHERE "uomscheduleid" = ?', failing)).toBe(0);
    expect(count(`"uom" WHERE "name" = 'WS-FAIL'`)).toBe(0);
    expect(count('"account" WHERE "accountid" IN (?, ?)', before, after)).toBe(2);
  });

  it('a line whose header recalculation fails is undone (create), and so is a line update (update first)', async () => {
    const customer = await create('accounts', { name: 'WS-Customer', customertypecode: 3 });
    const priceList = await create('pricelevels', { name: 'WS Prices' });
    const order = await create('salesorders', { name: 'WS-Order', 'customerid_account@odata.bind': `/accounts(${customer})`, 'pricelevelid@odata.bind': `/pricelevels(${priceList})` });
    const line = await create('salesorderdetails', { 'salesorderid@odata.bind': `/salesorders(${order})`, isproductoverridden: true, productdescription: 'WS line', quantity: 1, priceperunit: 5 });
    const header = async () => (await t.json(`salesorders(${order})?$select=totalamount,versionnumber`)).body;
    const headerBefore = await header();
    const newLine = randomUUID();
    const result = await postBatch(
      t,
      [
        { method: 'POST', url: 'accounts', body: { name: 'WS-Armed' } },
        { method: 'POST', url: 'salesorderdetails', body: { salesorderdetailid: newLine, 'salesorderid@odata.bind': `/salesorders(${order})`, isproductoverridden: true, productdescription: 'WS new', quantity: 2, priceperunit: 7 } },
        { method: 'PATCH', url: `salesorderdetails(${line})`, headers: { 'If-Match': '*' }, body: { quantity: 3 } },
        { method: 'GET', url: `salesorderdetails(${line})?$select=quantity` },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.parts.map((p) => p.status)).toEqual([204, 500, 500, 200]);
    expect(JSON.parse(result.parts[3]!.body).quantity).toBe(1);
    expect(count('"salesorderdetail" WHERE "salesorderdetailid" = ?', newLine)).toBe(0);
    expect(count(`"account" WHERE "name" = 'WS-Armed'`)).toBe(1);
    expect(await header()).toEqual(headerBefore);
  });

  it('a delete whose cascade fails keeps the row, its references and no tombstone', async () => {
    const parent = await create('accounts', { name: 'WS-Parent' });
    const child = await create('contacts', { lastname: 'WS-Child', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` });
    const tombstones = count('"emulator_tombstone"');
    const result = await postBatch(
      t,
      [
        { method: 'DELETE', url: `accounts(${parent})` },
        { method: 'POST', url: 'accounts', body: { name: 'WS-After-Delete' } },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.parts.map((p) => p.status)).toEqual([500, 204]);
    expect(count('"account" WHERE "accountid" = ?', parent)).toBe(1);
    expect((await t.json(`contacts(${child})?$select=_parentcustomerid_value`)).body._parentcustomerid_value).toBe(parent);
    expect(count('"emulator_tombstone"')).toBe(tombstones);
    expect(count(`"account" WHERE "name" = 'WS-After-Delete'`)).toBe(1);
  });

  it('a bind to a row deleted earlier in the same batch is refused, as before', async () => {
    const parent = randomUUID();
    const result = await postBatch(
      t,
      [
        { method: 'POST', url: 'accounts', body: { accountid: parent, name: 'WS-Gone' } },
        { method: 'POST', url: 'contacts', body: { lastname: 'WS-1', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` } },
        { method: 'DELETE', url: `accounts(${parent})` },
        { method: 'POST', url: 'contacts', body: { lastname: 'WS-2', 'parentcustomerid_account@odata.bind': `/accounts(${parent})` } },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.parts.map((p) => p.status)).toEqual([204, 204, 204, 404]);
    expect(count(`"contact" WHERE "lastname" = 'WS-2'`)).toBe(0);
  });

  it('a row read by a write rule (a currency\'s rate) is read again after it was updated in the same batch', async () => {
    const currency = await create('transactioncurrencies', { isocurrencycode: 'WSX', currencyname: 'WS Crown', currencysymbol: 'W', currencyprecision: 2, exchangerate: 2 });
    const [first, second] = [randomUUID(), randomUUID()];
    const bind = `/transactioncurrencies(${currency})`;
    const result = await postBatch(t, [
      { method: 'POST', url: 'accounts', body: { accountid: first, name: 'WS-Rate-1', 'transactioncurrencyid@odata.bind': bind } },
      { method: 'PATCH', url: `transactioncurrencies(${currency})`, headers: { 'If-Match': '*' }, body: { exchangerate: 3 } },
      { method: 'POST', url: 'accounts', body: { accountid: second, name: 'WS-Rate-2', 'transactioncurrencyid@odata.bind': bind } },
    ]);
    expect(result.parts.map((p) => p.status)).toEqual([204, 204, 204]);
    expect((await t.json(`accounts(${first})?$select=exchangerate`)).body.exchangerate).toBe(2);
    expect((await t.json(`accounts(${second})?$select=exchangerate`)).body.exchangerate).toBe(3);
  });

  it('operations refused before any write (duplicate id, bad value, missing row) leave the others intact', async () => {
    const id = randomUUID();
    const result = await postBatch(
      t,
      [
        { method: 'POST', url: 'accounts', body: { accountid: id, name: 'WS-Dup' } },
        { method: 'POST', url: 'accounts', body: { accountid: id, name: 'WS-Dup again' } },
        { method: 'POST', url: 'accounts', body: { name: 'WS-Bad', customertypecode: 999 } },
        { method: 'DELETE', url: `accounts(${randomUUID()})` },
        { method: 'PATCH', url: `accounts(${id})`, headers: { 'If-Match': '*' }, body: { telephone1: '+1 1' } },
      ],
      { Prefer: 'odata.continue-on-error' },
    );
    expect(result.parts.map((p) => p.status)).toEqual([204, 412, 400, 404, 204]);
    expect((await t.json(`accounts(${id})?$select=name,telephone1`)).body).toMatchObject({ name: 'WS-Dup', telephone1: '+1 1' });
    expect(count(`"account" WHERE "name" = 'WS-Bad'`)).toBe(0);
  });
});
