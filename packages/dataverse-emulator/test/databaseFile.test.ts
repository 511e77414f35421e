import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PAGE_SIZE } from '../src/storage/EmulatorDatabase';
import { startTestEmulator } from './helpers';

// Issue 8: a new database file gets larger pages (a commit costs per page written); a file made before keeps its own.
describe('database file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-emulator-file-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(`a new file has pages of ${PAGE_SIZE} bytes, in WAL mode`, async () => {
    expect(PAGE_SIZE).toBe(8192);
    const t = await startTestEmulator({ db: join(dir, 'new.sqlite') });
    try {
      expect(t.emulator.db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
      expect(t.emulator.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      await t.emulator.close();
    }
  });

  it('a file made with 4 KiB pages keeps them, and its rows, and takes writes', async () => {
    const file = join(dir, 'old.sqlite');
    const first = await startTestEmulator({ db: file });
    const created = await first.json('accounts', { body: { name: 'Kept' }, headers: { Prefer: 'return=representation' } });
    await first.emulator.close();
    // Rewrite the file with 4 KiB pages, as an emulator before the change made it.
    const old = new Database(file);
    old.pragma('journal_mode = DELETE');
    old.pragma('page_size = 4096');
    old.exec('VACUUM');
    expect(old.pragma('page_size', { simple: true })).toBe(4096);
    old.close();

    const again = await startTestEmulator({ db: file });
    try {
      expect(again.emulator.db.pragma('page_size', { simple: true })).toBe(4096);
      const read = await again.json(`accounts(${created.body.accountid})?$select=name`);
      expect(read.body.name).toBe('Kept');
      const next = await again.json('accounts', { body: { name: 'Added' } });
      expect(next.status).toBe(204);
      expect(again.emulator.db.prepare('SELECT COUNT(*) AS n FROM "account"').get()).toEqual({ n: 2 });
    } finally {
      await again.emulator.close();
    }
  });
});
