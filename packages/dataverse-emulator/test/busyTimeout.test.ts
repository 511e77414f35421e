import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exited, holdWriteLock } from './writeLockHolder';
import { startTestEmulator } from './helpers';

// Issue 6 item 12: a second process on the same SQLite file makes the emulator wait (busy timeout), not fail.
describe('busy timeout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-emulator-busy-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a write waits while another process holds the lock, then succeeds', async () => {
    const t = await startTestEmulator({ db: join(dir, 'wait.sqlite') });
    try {
      const holder = await holdWriteLock(join(dir, 'wait.sqlite'), 400);
      const started = Date.now();
      const created = await t.json('accounts', { body: { name: 'Waited' } });
      expect(created.status, JSON.stringify(created.body)).toBe(204);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      await exited(holder);
      expect(t.emulator.db.prepare(`SELECT COUNT(*) AS n FROM "account" WHERE "name" = 'Waited'`).get()).toEqual({ n: 1 });
    } finally {
      await t.emulator.close();
    }
  });

  it('past busyTimeoutMs the answer is 503 naming the lock, and the next request works', async () => {
    const t = await startTestEmulator({ db: join(dir, 'timeout.sqlite'), busyTimeoutMs: 100 });
    try {
      const holder = await holdWriteLock(join(dir, 'timeout.sqlite'), 600);
      const refused = await t.json('accounts', { body: { name: 'Refused' } });
      expect(refused.status).toBe(503);
      expect(refused.body.error.code).toBe('0x80040216');
      expect(refused.body.error.message).toBe("The emulator's database is locked by another connection; waited 100 ms. Try again later.");
      await exited(holder);
      expect((await t.json('accounts', { body: { name: 'After' } })).status).toBe(204);
      expect(t.emulator.db.prepare(`SELECT "name" FROM "account" WHERE "name" IN ('Refused', 'After')`).all()).toEqual([{ name: 'After' }]);
    } finally {
      await t.emulator.close();
    }
  });
});
