import { afterEach, describe, expect, it } from 'vitest';
import { STORED_MESSAGE_LIMIT, STORED_STACK_LIMIT, storedErrorText } from '../src/errors/storedErrorText';
import {
  businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases,
} from './fixtures/twoDatabases';

let db: TwoDatabases;
afterEach(async () => db?.close());

/** CRM → ERP, creating customers keyed by the account's name. */
function fromCrm() {
  const fields = [{ business: 'name', integration: 'name' }, { business: 'city', integration: 'address1_city' }];
  return testPlugin([customerMapping({ direction: 'fromIntegration', syncOnlyCoupled: false, fields })], (registry) => {
    registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => {
      ctx.values.no = String(ctx.source.values.name).slice(0, 20);
    });
  });
}

describe('a bad value fails only its record (issue 6, item 7)', () => {
  it('U+0000 in one of 1 200 rows: 1 199 arrive, one fails naming the field, the job finishes, the stored error is short', async () => {
    db = await twoDatabases([fromCrm()]);
    const ids = await insertAccounts(db.integrationOrm, Array.from({ length: 1200 }, (_, i) => ({ name: `A${String(i).padStart(4, '0')}` })));
    // MikroORM inlines values into its SQL, and SQLite cuts a statement at U+0000: bind the bad value directly.
    await db.integrationOrm.em.getConnection().getKnex().raw('update account set name = ? where accountid = ?', [`Bad\u0000${'x'.repeat(50)}`, ids[600]]);

    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1199, failed: 1 });
    expect(job!.finishedAt).toBeInstanceOf(Date);
    expect(await businessRows(db.host)).toHaveLength(1199);
    const [error] = await db.host.state.jobErrors(job!.id);
    expect(error).toMatchObject({ sourceId: ids[600], code: 'TANDEM_WRITE_FAILED' });
    expect(error!.message).toMatch(/field "name": the text contains the control character U\+0000/);
    expect(error!.message).not.toContain('\u0000');
    const [stored] = await db.host.state.jobs('CUSTOMER');
    expect(stored!.finishedAt).not.toBeNull();

    // The next run retries only the bad record, and still finishes its job.
    const [again] = await db.host.engine.run('CUSTOMER');
    expect(again).toMatchObject({ inserted: 0, failed: 1 });
    expect((await db.host.state.jobs('CUSTOMER')).every((j) => j.finishedAt !== null)).toBe(true);
  }, 30_000);

  it('a database error is stored as the driver reason, without the SQL statement or other rows', async () => {
    db = await twoDatabases([fromCrm()]);
    await insertCustomers(db.host, [{ no: 'TAKEN', name: 'Existing' }]);
    await insertAccounts(db.integrationOrm, [
      ...Array.from({ length: 300 }, (_, i) => ({ name: `Customer number ${i} with a long name`, address1_city: `Secret city ${i}` })),
      { name: 'TAKEN' },
    ]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 300, failed: 1 });
    const [error] = await db.host.state.jobErrors(job!.id);
    expect(error!.message).toMatch(/UNIQUE constraint failed/);
    expect(error!.message).toContain('[SQL statement left out]');
    for (const text of [error!.message, error!.stack ?? '']) {
      expect(text).not.toMatch(/insert into/i);
      expect(text).not.toContain('Secret city');
    }
    expect(error!.message.length).toBeLessThan(500);
    const [coupling] = (await db.host.state.listCouplings('CUSTOMER')).filter((c) => c.lastError);
    expect(coupling!.lastError).toBe(error!.message);
  });

  it('a job stopped by a huge error keeps a capped message and is finished', async () => {
    db = await twoDatabases([testPlugin([customerMapping({ direction: 'toIntegration' })], (registry) => {
      registry.hooks.onJobStart.for('CUSTOMER').tap('Loud', () => {
        throw new Error(`boom\u0000 insert into \`customer\` (\`no\`) values ('${'secret '.repeat(40_000)}') - SQLITE_ERROR: no`);
      });
    })]);
    await expect(db.host.engine.run('CUSTOMER')).rejects.toThrow(/boom/);
    const [job] = await db.host.state.jobs('CUSTOMER');
    expect(job!.finishedAt).not.toBeNull();
    expect(job!.message).toBe('the job stopped: Hook onJobStart, tap "Loud" failed: boom\\u0000 [SQL statement left out]: SQLITE_ERROR: no');
  });
});

describe('storedErrorText', () => {
  it('caps, escapes control characters, leaves out SQL, and is stable when applied twice', () => {
    const long = storedErrorText('x'.repeat(100_000));
    expect(long.length).toBe(STORED_MESSAGE_LIMIT);
    expect(long).toMatch(/\[cut, 100000 characters\]$/);
    expect(storedErrorText(long)).toBe(long);
    expect(storedErrorText('a\u0001b\tc\ud800')).toBe('a\\u0001b\tc\ufffd');
    expect(storedErrorText('update `account` set `name` = \'Ann\' where `id` = 1 - SQLITE_BUSY: locked')).toBe('[SQL statement left out]: SQLITE_BUSY: locked');
    expect(storedErrorText('please select a value from the list')).toBe('please select a value from the list');
    expect(storedErrorText('x'.repeat(20_000), STORED_STACK_LIMIT)).toHaveLength(STORED_STACK_LIMIT);
  });
});

describe('no silent coercion (issue 6, item 8)', () => {
  it("'   ' and '0x1F' do not land in number columns; the record fails naming field and value", async () => {
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration', syncOnlyCoupled: false,
      fields: [{ business: 'name', integration: 'name' }, { business: 'phone', integration: 'customertypecode' }, { business: 'city', integration: 'paymenttermscode' }],
    })])]);
    await insertCustomers(db.host, [
      { name: 'Blank', phone: '   ' }, { name: 'Hex', phone: '0x1F' }, { name: 'Fraction', phone: '2.5' },
      { name: 'Long', phone: '9'.repeat(20) + 'x'.repeat(5) }, { name: 'Fine', phone: '12', city: '+1.0e1' },
    ]);
    const [job] = await db.host.engine.run('CUSTOMER');
    expect(job).toMatchObject({ inserted: 1, failed: 4 });
    const messages = (await db.host.state.jobErrors(job!.id)).map((e) => [e.code, e.message]);
    expect(messages).toEqual([
      ['TANDEM_WRITE_FAILED', 'field "customertypecode": "   " is not a number'],
      ['TANDEM_WRITE_FAILED', 'field "customertypecode": "0x1F" is not a number'],
      ['TANDEM_WRITE_FAILED', 'field "customertypecode": "2.5" is not a whole number'],
      ['TANDEM_WRITE_FAILED', `field "customertypecode": "${'9'.repeat(20)}xxxxx" is not a number`],
    ]);
    expect(await integrationRows(db.integrationOrm)).toMatchObject([{ name: 'Fine', customertypecode: 12, paymenttermscode: 10 }]);
  });

  it('a lone surrogate is stored as U+FFFD on both sides, so the pair compares equal afterwards', async () => {
    // A substring cuts the emoji in two: its first half is a lone surrogate, which UTF-8 stores cannot hold.
    db = await twoDatabases([testPlugin([customerMapping({
      direction: 'toIntegration', syncOnlyCoupled: false,
      fields: [{ business: 'name', integration: 'name', transform: [{ rule: 'substring', start: 1, length: 7 }] }],
    })])]);
    await insertCustomers(db.host, [{ name: 'Smile \u{1F600}!' }]);
    const [first] = await db.host.engine.fullSync('CUSTOMER');
    expect(first).toMatchObject({ inserted: 1, failed: 0 });
    expect((await integrationRows(db.integrationOrm))[0]!.name).toBe('Smile \ufffd');
    const [second] = await db.host.engine.fullSync('CUSTOMER');
    expect(second).toMatchObject({ unchanged: 1, modified: 0, failed: 0 });
  });
});
