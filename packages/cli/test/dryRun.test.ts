// `tandem sync --dry-run`: the plan lists what a run would insert, modify, couple, fail and meet in conflict, and
// writes nothing — both databases are byte for byte the same afterwards — and the real run then does what was planned.
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import type { PassPlan } from '@tandem/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncCommand } from '../src/commands/syncCommand';
import { bootCommandHost, capture, type CommandHost } from './commandHost';

let ctx: CommandHost;
beforeAll(async () => {
  ctx = await bootCommandHost();
}, 60_000);
afterAll(async () => ctx?.close());

/** The bytes of the database files (the WAL too: reads leave it alone; the -shm index is not data). */
function snapshot(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const file of [ctx.files.erp, ctx.files.emulator]) {
    for (const path of [file, `${file}-wal`, `${file}-journal`]) if (existsSync(path)) files[path] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return files;
}

describe('sync --dry-run', () => {
  it('plans inserts, modifications, couplings, conflicts and failures without writing anything', async () => {
    const { host } = ctx;
    const out = capture();
    expect(await syncCommand(host, ['CURRENCY', 'CUSTOMER'], { full: true }, out.output)).toBe(0);
    await host.mappings.update('CUSTOMER', { syncOnlyCoupled: false });

    const { rows: customers } = await host.stores.business.readChanged('Customer', { limit: 10 });
    const [a, b] = customers;
    const aAccount = (await host.state.findCoupling('CUSTOMER', 'business', a!.id))!.integrationId!;
    const bAccount = (await host.state.findCoupling('CUSTOMER', 'business', b!.id))!.integrationId!;
    // A: renamed on both sides (an update conflict); B: a new phone number in the ERP (a modification).
    const erpWritten = await host.stores.business.write('Customer', [
      { kind: 'update', ref: 'a', id: a!.id, values: { name: 'Renamed in the ERP' } },
      { kind: 'update', ref: 'b', id: b!.id, values: { phoneNo: '555-0100' } },
      // New customers: one with no account (an insert), one with one account of its name (coupled), one with two (fails).
      { kind: 'insert', ref: 'n1', values: { no: 'N1', name: 'Fresh Customer', blocked: '', systemId: randomUUID() } },
      { kind: 'insert', ref: 'n2', values: { no: 'N2', name: 'Known Account', blocked: '', systemId: randomUUID() } },
      { kind: 'insert', ref: 'n3', values: { no: 'N3', name: 'Twin', blocked: '', systemId: randomUUID() } },
    ]);
    expect(erpWritten.filter((w) => !w.ok)).toEqual([]);
    const written = await host.stores.integration.write('account', [
      { kind: 'update', ref: 'a', id: aAccount, values: { name: 'Renamed in the CRM' } },
      { kind: 'insert', ref: 'known', values: { name: 'Known Account', customertypecode: 3 } },
      { kind: 'insert', ref: 'twin1', values: { name: 'Twin', customertypecode: 3 } },
      { kind: 'insert', ref: 'twin2', values: { name: 'Twin', customertypecode: 3 } },
    ]);
    expect(written.filter((w) => !w.ok)).toEqual([]);
    const known = written.find((w) => w.ref === 'known') as { id: string };

    const jobsBefore = (await host.state.jobs()).length;
    const stateBefore = await host.state.mappingState('CUSTOMER');
    const before = snapshot();
    out.clear();
    expect(await syncCommand(host, ['CUSTOMER'], { dryRun: true, json: true, direction: 'to' }, out.output)).toBe(0);
    const plans = JSON.parse(out.text()) as PassPlan[];

    expect(snapshot()).toEqual(before);
    expect((await host.state.jobs()).length).toBe(jobsBefore);
    expect(await host.state.mappingState('CUSTOMER')).toEqual(stateBefore);

    expect(plans).toHaveLength(1);
    const plan = plans[0]!;
    expect(plan).toMatchObject({ mapping: 'CUSTOMER', direction: 'toIntegration', full: false });
    expect(plan.counters).toMatchObject({ inserted: 1, coupled: 1, conflicts: 1, failed: 2 });
    const record = (id: string) => plan.records.find((r) => r.sourceId === id);
    expect(record(a!.id)).toMatchObject({ action: 'fail', conflict: 'update', destinationId: aAccount, error: { code: 'TANDEM_UPDATE_CONFLICT' } });
    expect(record(b!.id)).toMatchObject({ action: 'modify', destinationId: bAccount, fields: ['telephone1'] });
    expect(record('N1')).toMatchObject({ action: 'insert', coupled: false });
    expect(record('N1')!.fields).toContain('name');
    expect(record('N2')).toMatchObject({ coupled: true, destinationId: known.id });
    expect(record('N3')).toMatchObject({ action: 'fail', error: { code: 'TANDEM_AMBIGUOUS_MATCH' } });

    // The text form says the same, and that nothing was written.
    out.clear();
    await syncCommand(host, ['CUSTOMER'], { dryRun: true, direction: 'to' }, out.output);
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toMatch(/^CUSTOMER toIntegration: would insert 1, modify \d+, couple 1, uncouple 0; \d+ unchanged, 0 skipped, 1 in conflict, 2 failing$/);
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^  fail +${a!.id} → ${aAccount} \\[update conflict\\].*TANDEM_UPDATE_CONFLICT`)));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}insert +N1 → \(new\) fields: .*name/));
    expect(lines.at(-1)).toBe('dry run: 1 pass(es) planned, 1 conflict(s); nothing was written');
    expect(snapshot()).toEqual(before);

    // The real run does what the plan said.
    const [job] = await host.engine.run('CUSTOMER', { direction: 'toIntegration' });
    expect(job).toMatchObject({ inserted: 1, coupled: 1, failed: 2, modified: plan.counters.modified });
    // …and the snapshot sees writes: the check above could fail.
    expect(snapshot()).not.toEqual(before);
  }, 240_000);
});
