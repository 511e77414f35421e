import { MikroORM } from '@mikro-orm/sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { createHost, MikroOrmStore } from '../src/index';
import { AccountSchema, SystemUserSchema } from './fixtures/entities';
import { decimalText } from '../src/engine/decimalText';
import { coerceValue, valuesEqual } from '../src/engine/values';
import { STORED_MESSAGE_LIMIT, STORED_STACK_LIMIT, storedErrorText } from '../src/errors/storedErrorText';
import type { TandemError } from '../src/errors/TandemError';
import type { FieldDefinition, FieldType } from '../src/model/TableDefinition';
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
    const [error] = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error).toMatchObject({ sourceId: ids[600], code: 'TANDEM_WRITE_FAILED' });
    expect(error!.message).toMatch(/field "name": the text contains the control character U\+0000/);
    expect(error!.message).not.toContain('\u0000');
    expect(error!.message.length).toBeLessThan(200);
    expect(`${error!.message}${error!.stack}`).not.toMatch(/insert into|A0599|A0601/i);
    const [stored] = await db.host.state.jobs('CUSTOMER');
    expect(stored!.finishedAt).not.toBeNull();

    // The next run retries only the bad record — the same error again parks it (counted skipped) — and finishes its job.
    const [again] = await db.host.engine.run('CUSTOMER');
    expect(again).toMatchObject({ inserted: 0, failed: 0, skipped: 1 });
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
    const [error] = await db.host.state.errors(job!.mapping, { jobId: job!.id });
    expect(error!.message).toMatch(/UNIQUE constraint failed/);
    expect(error!.message).toContain('[SQL statement left out]');
    for (const text of [error!.message, error!.stack ?? '']) {
      expect(text).not.toMatch(/insert into/i);
      expect(text).not.toContain('Secret city');
    }
    expect(error!.message.length).toBeLessThan(500);
    const [coupling] = (await db.host.state.couplings('CUSTOMER')).filter((c) => c.lastErrorFromIntegration ?? c.lastErrorToIntegration);
    expect(coupling!.lastErrorToIntegration ?? coupling!.lastErrorFromIntegration).toBe(error!.message);
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
    const messages = (await db.host.state.errors(job!.mapping, { jobId: job!.id })).map((e) => [e.code, e.message]);
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

describe('type conversion and comparison, value by value', () => {
  const field = (type: FieldType, extra: Partial<FieldDefinition> = {}): FieldDefinition => ({ name: 'f', type, ...extra });
  const failure = (value: unknown, type: FieldType): TandemError => {
    try {
      coerceValue(value, field(type));
    } catch (error) {
      return error as TandemError;
    }
    throw new Error(`${String(value)} was accepted as ${type}`);
  };

  it('numbers: decimal digits only, whole numbers for whole-number fields, exact texts kept', () => {
    for (const bad of ['   ', '0x1F', '1,5', 'NaN', 'Infinity', '1e', '--1', ' 1', true]) {
      expect(failure(bad, 'decimal')).toMatchObject({ code: 'TANDEM_WRITE_FAILED', message: expect.stringMatching(/^field "f": .* is not a number$/) });
    }
    expect(failure(2.5, 'integer').message).toBe('field "f": "2.5" is not a whole number');
    expect(failure('1.5', 'bigint').message).toBe('field "f": "1.5" is not a whole number');
    expect(failure('x'.repeat(500), 'integer').message).toBe(`field "f": "${'x'.repeat(80)}…" is not a number`);
    expect(coerceValue('12345678901.23', field('decimal'))).toBe('12345678901.23');
    expect(coerceValue(0.1 + 0.2, field('decimal'))).toBe(0.30000000000000004);
    expect(coerceValue('1.0e3', field('integer'))).toBe(1000);
    expect(coerceValue('9007199254740993', field('bigint'))).toBe(9007199254740993n);
    expect(coerceValue('', field('integer'))).toBeNull();
  });

  it('booleans, dates, date-times, times and GUIDs accept only what they are', () => {
    for (const bad of ['yes', 2, 'TRUE', ' 1']) expect(failure(bad, 'boolean').message).toMatch(/is not true or false$/);
    expect(coerceValue('false', field('boolean'))).toBe(false);
    for (const bad of ['2024-02-30', '31.01.2024', 'soon']) expect(failure(bad, 'date').message).toMatch(/is not a date and time$/);
    expect(coerceValue('2024-02-29', field('date'))).toBe('2024-02-29');
    expect(coerceValue(new Date('2024-02-29T10:00:00Z'), field('date'))).toBe('2024-02-29');
    for (const bad of ['1', '2024-13-01T00:00:00Z', 'now']) expect(failure(bad, 'datetime').message).toMatch(/is not a date and time$/);
    expect(coerceValue('2024-02-29T10:00:00Z', field('datetime'))).toEqual(new Date('2024-02-29T10:00:00Z'));
    for (const bad of ['24:00', '7:05', '12:60:00']) expect(failure(bad, 'time').message).toMatch(/is not a time of day$/);
    expect(coerceValue('07:05:00', field('time'))).toBe('07:05:00');
    expect(failure('not-a-guid', 'uuid').message).toMatch(/is not a GUID$/);
    expect(coerceValue('0F8FAD5B-D9CB-469F-A165-70867728950E', field('uuid'))).toBe('0f8fad5b-d9cb-469f-a165-70867728950e');
  });

  it('text: U+0000 fails, a lone surrogate becomes U+FFFD', () => {
    expect(failure('a\u0000b', 'string').message).toBe('field "f": the text contains the control character U+0000, which cannot be stored');
    expect(coerceValue('ab\ud83d', field('string'))).toBe('ab\ufffd');
    expect(valuesEqual('ab\ud83d', 'ab\ufffd')).toBe(true);
  });

  it('compares numbers exactly by decimal value', () => {
    expect(valuesEqual('12345678901.23', 12345678901.23)).toBe(true);
    expect(valuesEqual('0.30', 0.3)).toBe(true);
    expect(valuesEqual(0.1 + 0.2, '0.3')).toBe(false);
    expect(valuesEqual(9007199254740993n, '9007199254740993')).toBe(true);
    expect(valuesEqual(9007199254740993n, 9007199254740992n)).toBe(false);
    expect(valuesEqual('01', '1')).toBe(false);
    expect(valuesEqual('01', '1', 'decimal')).toBe(true);
    expect(decimalText('-0.000')).toBe('0');
    expect(decimalText('+1.50e-3')).toBe('0.0015');
  });
});

describe('bound parameters (issue 6, item 7)', () => {
  it("the host's database binds values: no customer data in the SQL text, and U+0000 or quotes are stored as they are", async () => {
    const statements: string[] = [];
    const host = await createHost({
      plugins: [testPlugin([customerMapping({ direction: 'toIntegration' })])],
      database: { dbName: ':memory:', debug: ['query'], logger: (message: string) => statements.push(message) },
      integration: new MikroOrmStore(await MikroORM.init({ dbName: ':memory:', entities: [AccountSchema, SystemUserSchema] })),
    });
    try {
      const name = "O'Neil ?? \u0000 secret";
      await host.stores.business.write('Customer', [{ kind: 'insert', ref: 'r', id: 'C1', values: { no: 'C1', name, city: 'Köln?' } }]);
      const [row] = await host.stores.business.getByIds('Customer', ['C1']);
      expect(row!.values).toMatchObject({ name, city: 'Köln?' });
      const insert = statements.find((s) => s.includes('insert into `customer`'))!;
      // Each value a parameter (numbered: a value every row of an insert has is bound once, see insertValues.ts).
      expect(insert).toMatch(/values \(\?1, \?2, \?3, \?4\)/);
      expect(statements.join('\n')).not.toContain('secret');
    } finally {
      await host.close();
    }
  });
});
