import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { EmulatorOptions } from '../src/index';
import { startTestEmulator, type TestEmulator } from './helpers';

const running: TestEmulator[] = [];
async function start(options: EmulatorOptions = {}): Promise<TestEmulator> {
  const t = await startTestEmulator(options);
  running.push(t);
  return t;
}
afterEach(async () => {
  await Promise.all(running.splice(0).map((t) => t.emulator.close()));
});

const count = async (t: TestEmulator): Promise<number> => Number((t.emulator.db.prepare('SELECT COUNT(*) AS n FROM "account"').get() as { n: number }).n);

describe('knobs', () => {
  it('are all off by default', async () => {
    const t = await start();
    expect(t.emulator.knobs).toEqual({});
    const results = await Promise.all(Array.from({ length: 50 }, () => t.api('WhoAmI')));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(t.emulator.stats).toMatchObject({ throttled: 0, faultsBeforeApply: 0, faultsAfterApply: 0, dropsBeforeApply: 0, dropsAfterApply: 0 });
  });

  it('throttles per user over a sliding window with 429, Retry-After and the request-count code', async () => {
    const other = 'e1e1e1e1-0000-4000-8000-000000000009';
    const t = await start({ knobs: { throttle: { maxRequests: 3, windowMs: 60_000 } }, users: [{ userId: other }] });
    for (let i = 0; i < 3; i++) expect((await t.api('WhoAmI')).status).toBe(200);
    const throttled = await t.json('accounts', { body: { name: 'Too many' } });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(throttled.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(throttled.body.error).toEqual({ code: '0x80072322', message: 'Number of requests exceeded the limit of 3 over time window of 60 seconds.' });
    expect(await count(t)).toBe(0);
    // Another user has its own window.
    expect((await t.api('WhoAmI', { token: t.emulator.issueToken(other) })).status).toBe(200);
    expect(t.emulator.stats.throttled).toBe(1);
    // Knobs change at run time.
    t.emulator.knobs.throttle = undefined;
    expect((await t.api('WhoAmI')).status).toBe(200);
  });

  it('frees the window after windowMs and honours a configured Retry-After', async () => {
    const t = await start({ knobs: { throttle: { maxRequests: 2, windowMs: 200, retryAfterSeconds: 0 } } });
    await t.api('WhoAmI');
    await t.api('WhoAmI');
    const throttled = await t.api('WhoAmI');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('0');
    expect(throttled.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 250));
    const ok = await t.api('WhoAmI');
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-ms-ratelimit-burst-remaining-xrm-requests')).toBe('1');
  });

  it('throttles a random fraction of requests in rate mode, repeatably for a seed', async () => {
    const run = async (): Promise<number[]> => {
      const t = await start({ seed: 7, knobs: { throttle: { rate: 0.2, retryAfterSeconds: 0 } } });
      const statuses: number[] = [];
      for (let i = 0; i < 400; i++) statuses.push((await t.api('WhoAmI')).status);
      return statuses;
    };
    const first = await run();
    const throttled = first.filter((s) => s === 429).length;
    expect(throttled).toBeGreaterThan(50);
    expect(throttled).toBeLessThan(110);
    expect(await run()).toEqual(first);
  });

  it('answers 429 with the concurrency code when more requests than maxConcurrent are in flight', async () => {
    const t = await start({ knobs: { latencyMs: 150, throttle: { rate: 0, maxConcurrent: 2, retryAfterSeconds: 0 } } });
    const results = await Promise.all(Array.from({ length: 6 }, () => t.json('WhoAmI')));
    const throttled = results.filter((r) => r.status === 429);
    expect(throttled.length).toBeGreaterThanOrEqual(1);
    expect(throttled[0]!.body.error.code).toBe('0x80072326');
    expect(results.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(2);
  });

  it('adds latency', async () => {
    const t = await start({ knobs: { latencyMs: { min: 120, max: 140 } } });
    const started = Date.now();
    await t.api('WhoAmI');
    expect(Date.now() - started).toBeGreaterThanOrEqual(115);
  });

  it('injects 5xx before the request is applied by default', async () => {
    const t = await start({ knobs: { faultRate: 1 } });
    const id = randomUUID();
    const failed = await t.json('accounts', { body: { accountid: id, name: 'Faulted' } });
    expect(failed.status).toBe(503);
    expect(failed.body.error.code).toBe('0x80040216');
    expect(await count(t)).toBe(0);
    expect(t.emulator.stats.faultsBeforeApply).toBe(1);
    t.emulator.knobs.faultRate = 0;
    expect((await t.api('accounts', { body: { accountid: id, name: 'Retried' } })).status).toBe(204);
    expect(await count(t)).toBe(1);
  });

  it('can inject the 5xx after applying, so a retried create meets the duplicate error', async () => {
    const t = await start({ knobs: { faultRate: 1, faultPhase: 'afterApply', faultStatus: 500 } });
    const id = randomUUID();
    expect((await t.api('accounts', { body: { accountid: id, name: 'Applied' } })).status).toBe(500);
    expect(await count(t)).toBe(1);
    expect(t.emulator.stats.faultsAfterApply).toBe(1);
    t.emulator.knobs.faultRate = 0;
    const retry = await t.json('accounts', { body: { accountid: id, name: 'Applied' } });
    expect(retry.status).toBe(412);
    expect(retry.body.error.code).toBe('0x80040237');
    const upsertRetry = await t.api(`accounts(${id})`, { method: 'PATCH', body: { name: 'Applied' }, headers: { 'If-None-Match': '*' } });
    expect(upsertRetry.status).toBe(412);
    expect(await count(t)).toBe(1);
  });

  it('drops connections before (or after) applying the request', async () => {
    const t = await start({ knobs: { dropRate: 1 } });
    await expect(t.api('accounts', { body: { name: 'Dropped' } })).rejects.toThrow();
    expect(await count(t)).toBe(0);
    expect(t.emulator.stats.dropsBeforeApply).toBe(1);
    t.emulator.knobs.dropPhase = 'afterApply';
    await expect(t.api('accounts', { body: { name: 'Dropped after' } })).rejects.toThrow();
    expect(await count(t)).toBe(1);
    expect(t.emulator.stats.dropsAfterApply).toBe(1);
  });

  it('leaves the token endpoint alone', async () => {
    const t = await start({ knobs: { faultRate: 1, throttle: { rate: 1 } } });
    const response = await fetch(t.emulator.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: t.emulator.clientId, client_secret: t.emulator.clientSecret, scope: t.emulator.scope }),
    });
    expect(response.status).toBe(200);
    expect(t.emulator.stats.tokenRequests).toBe(1);
    expect(t.emulator.stats.requests).toBe(0);
  });

  it('records the most concurrent requests and sends x-ms-dop-hint when set', async () => {
    const t = await start({ knobs: { latencyMs: 80, dopHint: 4 } });
    const responses = await Promise.all(Array.from({ length: 6 }, () => t.api('WhoAmI')));
    expect(responses[0]!.headers.get('x-ms-dop-hint')).toBe('4');
    expect(t.emulator.stats.maxConcurrent).toBe(6);
    expect(t.emulator.stats.inFlight).toBe(0);
    t.emulator.resetStats();
    await t.api('WhoAmI');
    expect(t.emulator.stats.maxConcurrent).toBe(1);
    expect(t.emulator.stats.requests).toBe(1);
  });
});

/**
 * Item 9 (emulator half): a small well-behaved client — a cap on concurrent requests, Retry-After on 429, retries on
 * 5xx, client-chosen ids so a retried create is idempotent — writes 5 000 rows through 20% throttling and 5% injected
 * faults; every row lands exactly once and the emulator's max-concurrency counter proves the cap.
 */
describe('exactly-once writes under throttling and faults', () => {
  async function writeAll(t: TestEmulator, ids: string[], cap: number): Promise<{ attempts: number; duplicates: number }> {
    let next = 0;
    let attempts = 0;
    let duplicates = 0;
    const worker = async (): Promise<void> => {
      while (next < ids.length) {
        const id = ids[next++]!;
        for (;;) {
          attempts++;
          let response: Response;
          try {
            response = await t.api('accounts', { body: { accountid: id, name: `Bulk ${id.slice(0, 8)}` } });
          } catch {
            continue;
          }
          await response.arrayBuffer();
          if (response.status === 204) break;
          if (response.status === 412) {
            duplicates++;
            break;
          }
          if (response.status === 429) {
            await new Promise((resolve) => setTimeout(resolve, Number(response.headers.get('retry-after') ?? '0') * 1000));
            continue;
          }
          if (response.status >= 500) continue;
          throw new Error(`unexpected ${response.status}`);
        }
      }
    };
    await Promise.all(Array.from({ length: cap }, () => worker()));
    return { attempts, duplicates };
  }

  it('writes 5 000 rows exactly once with ~20% 429 and 5% injected 5xx, and reports the client cap', async () => {
    // A little latency makes requests overlap on the server, so the concurrency counter has something to see.
    const t = await start({ seed: 2024, knobs: { throttle: { rate: 0.2, retryAfterSeconds: 0 }, faultRate: 0.05, latencyMs: { min: 0, max: 2 } } });
    const ids = Array.from({ length: 5000 }, () => randomUUID());
    const { attempts, duplicates } = await writeAll(t, ids, 8);
    const stats = t.emulator.stats;
    expect(await count(t)).toBe(5000);
    const stored = t.emulator.db.prepare('SELECT "accountid" AS id FROM "account"').all() as { id: string }[];
    expect(new Set(stored.map((row) => row.id))).toEqual(new Set(ids));
    expect(duplicates).toBe(0);
    expect(stats.throttled / stats.requests).toBeGreaterThan(0.15);
    expect(stats.throttled / stats.requests).toBeLessThan(0.25);
    expect(stats.faultsBeforeApply).toBeGreaterThan(100);
    expect(stats.rowsCreated).toBe(5000);
    expect(attempts).toBe(stats.requests);
    expect(stats.maxConcurrent).toBeLessThanOrEqual(8);
    expect(stats.maxConcurrent).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('stays exactly-once when faults hit after the write: the retried create is detected as a duplicate', async () => {
    const t = await start({ seed: 99, knobs: { faultRate: 0.1, faultPhase: 'afterApply', throttle: { rate: 0.1, retryAfterSeconds: 0 } } });
    const ids = Array.from({ length: 400 }, () => randomUUID());
    const { duplicates } = await writeAll(t, ids, 4);
    expect(await count(t)).toBe(400);
    // Every create answered with an injected fault had been applied; its retry found the row (412). A retry can itself
    // be faulted, so there are at most as many duplicates as after-apply faults.
    expect(duplicates).toBeGreaterThan(10);
    expect(duplicates).toBeLessThanOrEqual(t.emulator.stats.faultsAfterApply);
    expect(t.emulator.stats.rowsCreated).toBe(400);
  });
});
