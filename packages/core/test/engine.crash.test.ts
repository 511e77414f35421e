import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { businessRows, customerMapping, insertAccounts, insertCustomers, integrationRows, testPlugin, twoDatabases, type TwoDatabases } from './fixtures/twoDatabases';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '../../..');
let db: TwoDatabases | undefined;
let dir: string;
afterEach(async () => {
  await db?.close();
  db = undefined;
  rmSync(dir, { recursive: true, force: true });
});

async function crashOnce(businessFile: string, integrationFile: string, direction: string): Promise<number> {
  try {
    await run(process.execPath, [join(root, 'node_modules/tsx/dist/cli.mjs'), 'packages/core/test/fixtures/crashingRun.ts', businessFile, integrationFile, direction], { cwd: root });
    return 0;
  } catch (error) {
    return (error as { code: number }).code;
  }
}

const plugin = () => testPlugin([customerMapping({ direction: 'bidirectional', syncOnlyCoupled: false })], (registry) => {
  registry.hooks.onBeforeInsert.for('CUSTOMER').tap('Key', (ctx) => {
    if (ctx.direction === 'fromIntegration') ctx.values.no = String(ctx.source.values.name);
  });
});

describe('crash safety (8)', () => {
  it('a process killed between the CRM write and its coupling: the rerun neither duplicates nor loses', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
    const files = [join(dir, 'business.sqlite'), join(dir, 'crm.sqlite')] as const;
    db = await twoDatabases([plugin()], { businessFile: files[0], integrationFile: files[1] });
    await insertCustomers(db.host, [{ name: 'A' }, { name: 'B' }, { name: 'C' }]);
    await db.close();
    db = undefined;
    expect(await crashOnce(files[0], files[1], 'toIntegration')).toBe(7);

    db = await twoDatabases([plugin()], { businessFile: files[0], integrationFile: files[1] });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(3); // written before the crash
    expect(await db.host.state.couplings('CUSTOMER')).toHaveLength(0); // coupling never written
    // The dead process's mapping lease (200 ms in the fixture) must expire first: wait for it.
    const [job] = await db.host.engine.run('CUSTOMER', { direction: 'toIntegration', waitMs: 5_000 });
    expect(job).toMatchObject({ inserted: 0, coupled: 3, failed: 0 });
    expect(await integrationRows(db.integrationOrm)).toHaveLength(3);
    expect(await businessRows(db.host)).toHaveLength(3);
    expect((await db.host.state.couplings('CUSTOMER')).filter((c) => c.integrationId)).toHaveLength(3);
  });

  it('a process killed after the ERP write, before its coupling: nothing was committed, the rerun makes it once', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
    const files = [join(dir, 'business.sqlite'), join(dir, 'crm.sqlite')] as const;
    db = await twoDatabases([plugin()], { businessFile: files[0], integrationFile: files[1] });
    await insertAccounts(db.integrationOrm, [{ name: 'X' }, { name: 'Y' }]);
    await db.close();
    db = undefined;
    expect(await crashOnce(files[0], files[1], 'fromIntegration')).toBe(7);

    db = await twoDatabases([plugin()], { businessFile: files[0], integrationFile: files[1] });
    expect(await businessRows(db.host)).toHaveLength(0); // rolled back with the page
    const [job] = await db.host.engine.run('CUSTOMER', { direction: 'fromIntegration', waitMs: 5_000 });
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    expect((await businessRows(db.host)).map((c) => c.no).sort()).toEqual(['X', 'Y']);
    expect(await integrationRows(db.integrationOrm)).toHaveLength(2);
  });
});
