// setup, sync-record, couple, uncouple, match, compare, records and open, in-process against one booted host (real
// SQLite, the real emulator): each command's effect on both sides and what it prints.
import type { Row } from '@tandem/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand, type ComparedField } from '../src/commands/compareCommand';
import { coupleCommand } from '../src/commands/coupleCommand';
import { matchCommand } from '../src/commands/matchCommand';
import { openCommand } from '../src/commands/openCommand';
import { recordsCommand, type ListedRecord } from '../src/commands/recordsCommand';
import { setupCommand, type MappingSetup } from '../src/commands/setupCommand';
import { syncCommand } from '../src/commands/syncCommand';
import { syncRecordCommand } from '../src/commands/syncRecordCommand';
import { uncoupleCommand } from '../src/commands/uncoupleCommand';
import { runCli } from '../src/runCli';
import { bootCommandHost, capture, type CommandHost } from './commandHost';

let ctx: CommandHost;
let customers: Row[];
const out = capture();
/** Runs a command and returns what it printed (and its exit code). */
async function run<T>(command: () => Promise<T>): Promise<{ result: T; text: string }> {
  out.clear();
  const result = await command();
  return { result, text: out.text() };
}

beforeAll(async () => {
  ctx = await bootCommandHost({ mappings: { CURRENCY: { pageSize: 50 } } });
  customers = (await ctx.host.stores.business.readChanged('Customer', { limit: 10 })).rows;
  await syncCommand(ctx.host, ['SALESPEOPLE', 'CURRENCY'], { full: true }, capture().output);
}, 120_000);
afterAll(async () => ctx?.close());

describe('tandem setup', () => {
  it('reports the state rows and schedule entries, makes missing ones, and --reset restores the defaults (then the config)', async () => {
    const { host, loaded } = ctx;
    await host.mappings.update('CUSTOMER', { pageSize: 77 });
    await host.orm.em.fork().nativeDelete('ScheduleEntry', { mapping: 'SALESPEOPLE' });
    const first = await run(() => setupCommand(host, loaded, ['CUSTOMER', 'SALESPEOPLE'], { json: true }, out.output));
    const setups = JSON.parse(first.text) as MappingSetup[];
    expect(setups.map((s) => [s.mapping, s.stateRow, s.scheduleEntry, s.customized])).toEqual([
      ['CUSTOMER', 'present', 'present', ['pageSize']],
      ['SALESPEOPLE', 'present', 'created', []],
    ]);
    expect(await host.state.scheduleEntries('SALESPEOPLE')).toHaveLength(1);
    expect(setups[0]!.optionMappings).toBeGreaterThan(0);

    const reset = await run(() => setupCommand(host, loaded, [], { reset: true }, out.output));
    expect(host.mappings.get('CUSTOMER').pageSize).toBe(host.mappings.defaults('CUSTOMER').pageSize);
    expect(host.mappings.get('CURRENCY').pageSize).toBe(50); // the config's override applies again
    const lines = reset.text.trim().split('\n');
    expect(lines[0]).toMatch(/^MAPPING +STATE ROW +SCHEDULE +SETTINGS +OPTION MAPPINGS$/);
    expect(lines).toContainEqual(expect.stringMatching(/^CURRENCY +present +present, every 30 min, hold after \d+ min, ready +reset to defaults; customized: pageSize +\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^CUSTOMER +present +present, every 30 min, hold after 720 min, \w+ +reset to defaults +\d+$/));
    expect(lines.at(-1)).toBe('setup: 3 mapping(s) ready, 0 set up now, settings reset to the plugin defaults (then the config overrides)');
  });
});

describe('record commands', () => {
  let first: string; // the account C00001 gets
  let handAccount: string;

  it('sync-record --send creates the counterpart; without --send/--get it is a usage error', async () => {
    const { host } = ctx;
    const sent = await run(() => syncRecordCommand(host, 'CUSTOMER', customers[0]!.id, { send: true }, out.output));
    expect(sent.result).toBe(0);
    expect(sent.text).toMatch(new RegExp(`^CUSTOMER toIntegration ${customers[0]!.id} → [0-9a-f-]{36}: insert\\n$`));
    first = (await host.state.findCoupling('CUSTOMER', 'business', customers[0]!.id))!.integrationId!;
    expect((await host.stores.integration.getByIds('account', [first]))[0]!.values.name).toBe(customers[0]!.values.name);
    await expect(syncRecordCommand(host, 'CUSTOMER', customers[0]!.id, {}, out.output)).rejects.toMatchObject({ code: 'TANDEM_CLI_USAGE' });
    await expect(syncRecordCommand(host, 'NOPE', 'x', { send: true }, out.output)).rejects.toThrow(/unknown mapping "NOPE"; known: SALESPEOPLE, CURRENCY, CUSTOMER/);
  });

  it('open prints the CRM link (and the ERP link); a record that is not coupled fails', async () => {
    const { host } = ctx;
    const opened = await run(() => openCommand(host, 'CUSTOMER', customers[0]!.id, {}, out.output));
    expect(opened.text).toBe(
      `${host.stores.integration.recordUrl!('account', first)}\nERP: https://erp.example.com/Customer/${customers[0]!.id}\n`,
    );
    expect(opened.text).toMatch(new RegExp(`main\\.aspx\\?pagetype=entityrecord&etn=account&id=${first}`));
    await expect(openCommand(host, 'CUSTOMER', customers[1]!.id, {}, out.output)).rejects.toMatchObject({ code: 'TANDEM_CLI_RECORD_NOT_COUPLED' });
  });

  it('compare shows the mapped fields side by side, option sets and references translated, the difference marked', async () => {
    const { host } = ctx;
    const same = await run(() => compareCommand(host, 'CUSTOMER', customers[0]!.id, undefined, { json: true }, out.output));
    const before = JSON.parse(same.text) as { differing: number; fields: ComparedField[] };
    expect(before.differing).toBe(0);
    // A reference (the local currency is the CRM's base currency) and an empty owner (never written) are not differences.
    expect(before.fields.find((f) => f.businessField === 'currencyCode')).toMatchObject({ via: 'sync', same: true, businessValue: null });
    expect(before.fields.find((f) => f.businessField === 'salespersonCode')).toMatchObject({ via: 'sync', same: true });
    await host.stores.integration.write('account', [{ kind: 'update', ref: 'p', id: first, values: { telephone1: '555-0199' } }]);
    const after = JSON.parse((await run(() => compareCommand(host, 'CUSTOMER', customers[0]!.id, undefined, { json: true }, out.output))).text) as typeof before;
    expect(after.fields.filter((f) => f.same === false)).toEqual([
      expect.objectContaining({ integrationField: 'telephone1', integrationValue: '555-0199', wouldWrite: { toIntegration: customers[0]!.values.phoneNo, fromIntegration: '555-0199' } }),
    ]);
    const text = (await run(() => compareCommand(host, 'CUSTOMER', customers[0]!.id, undefined, {}, out.output))).text.trim().split('\n');
    expect(text[0]).toBe(`CUSTOMER: ERP Customer ${customers[0]!.id}  ⇄  CRM account ${first}`);
    expect(text).toContainEqual(expect.stringMatching(/^≠ +phoneNo +.+ +⇄ +555-0199 +telephone1$/));
    expect(text).toContainEqual(expect.stringMatching(/^= +name +.+ +⇄ +.+ +name$/));
    expect(text.at(-1)).toBe('1 field(s) differ');
    await expect(compareCommand(host, 'CUSTOMER', customers[1]!.id, undefined, {}, out.output)).rejects.toMatchObject({ code: 'TANDEM_CLI_RECORD_NOT_COUPLED' });
  });

  it('couple --sync send couples two records and sends the ERP values; uncouple removes the coupling', async () => {
    const { host } = ctx;
    const [made] = await host.stores.integration.write('account', [{ kind: 'insert', ref: 'h', values: { name: 'Hand Coupled', customertypecode: 3 } }]);
    handAccount = (made as { id: string }).id;
    const coupled = await run(() => coupleCommand(host, 'CUSTOMER', customers[1]!.id, handAccount, { sync: 'send' }, out.output));
    expect(coupled.result).toBe(0);
    expect(coupled.text).toBe(`CUSTOMER: coupled ${customers[1]!.id} ⇄ ${handAccount}\nCUSTOMER toIntegration ${customers[1]!.id} → ${handAccount}: modify\n`);
    expect((await host.stores.integration.getByIds('account', [handAccount]))[0]!.values.name).toBe(customers[1]!.values.name);

    const uncoupled = await run(() => uncoupleCommand(host, 'CUSTOMER', customers[1]!.id, {}, out.output));
    expect(uncoupled.text).toBe(`CUSTOMER: uncoupled ${customers[1]!.id} ⇄ ${handAccount}\n`);
    expect(await host.state.findCoupling('CUSTOMER', 'business', customers[1]!.id)).toBeNull();
    const again = await run(() => uncoupleCommand(host, 'CUSTOMER', customers[1]!.id, {}, out.output));
    expect(again.text).toMatch(/^CUSTOMER: business record C\d+ is not coupled: nothing to uncouple\n$/);
  });

  it('records lists a side with a Coupled column, --uncoupled and paging', async () => {
    const { host } = ctx;
    await host.stores.integration.write('account', [{ kind: 'insert', ref: 'm', values: { name: customers[2]!.values.name, customertypecode: 3 } }]);
    const all = JSON.parse((await run(() => recordsCommand(host, 'CUSTOMER', { json: true }, out.output))).text) as { records: ListedRecord[]; more: boolean };
    expect(all.records.map((r) => [r.id, r.coupled])).toContainEqual([first, true]);
    expect(all.records.filter((r) => !r.coupled)).toHaveLength(2);
    const open = JSON.parse((await run(() => recordsCommand(host, 'CUSTOMER', { uncoupled: true, json: true }, out.output))).text) as typeof all;
    expect(open.records.map((r) => r.values.name).sort()).toEqual([customers[1]!.values.name, customers[2]!.values.name].sort());
    const paged = await run(() => recordsCommand(host, 'CUSTOMER', { uncoupled: true, limit: 1, page: 1 }, out.output));
    const lines = paged.text.trim().split('\n');
    expect(lines[0]).toMatch(/^ID +NAME +ADDRESS1_PRIMARYCONTACTNAME +ADDRESS1_LINE1 +COUPLED +ERP ID$/);
    expect(lines[1]).toMatch(/ No +$/);
    expect(lines.at(-1)).toBe('account: rows 1–1 (uncoupled only); more: --page 2');
    const erp = JSON.parse((await run(() => recordsCommand(host, 'CUSTOMER', { side: 'erp', json: true }, out.output))).text) as typeof all;
    expect(erp.records.map((r) => [r.id, r.counterpartId])).toContainEqual([customers[0]!.id, first]);
  });

  it('match couples by name and reports the rest (exit 1); --create-new creates them', async () => {
    const { host } = ctx;
    const matched = await run(() => matchCommand(host, 'CUSTOMER', {}, out.output));
    expect(matched.result).toBe(1);
    const lines = matched.text.trim().split('\n');
    expect(lines[0]).toBe('CUSTOMER match: 2 coupled, 1 failed');
    expect(lines[1]).toMatch(new RegExp(`^  ${customers[3]!.id}: TANDEM_NO_MATCH: `));
    expect((await host.state.findCoupling('CUSTOMER', 'business', customers[1]!.id))!.integrationId).toBe(handAccount);
    const created = await run(() => matchCommand(host, 'CUSTOMER', { createNew: true }, out.output));
    expect(created).toMatchObject({ result: 0, text: 'CUSTOMER match --create-new: 1 inserted\n' });
  });
});

describe('the commands on the command line', () => {
  async function cli(...args: string[]) {
    const c = capture();
    const code = await runCli(args, c.output, { isTTY: false, write: () => true });
    return { code, stdout: c.text(), stderr: c.errors() };
  }

  it('--help lists them; a missing argument or a bad choice is a usage error (exit 2)', async () => {
    const help = await cli('--help');
    for (const command of ['setup', 'sync-record', 'couple', 'uncouple', 'match', 'compare', 'records', 'open']) {
      expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    }
    expect(await cli('sync-record', 'CUSTOMER')).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'id'") });
    expect(await cli('couple', 'CUSTOMER', 'a', 'b', '--sync', 'sideways')).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are send, get') });
    expect(await cli('records', 'CUSTOMER', '--side', 'left')).toMatchObject({ code: 2 });
    expect(await cli('records', 'CUSTOMER', '--limit', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit takes a whole number of 1 or more, not "0"') });
  });
});
