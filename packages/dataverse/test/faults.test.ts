import { afterEach, describe, expect, it } from 'vitest';
import type { WriteOperation } from '@tandem/core';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { DataverseClient, DataverseStore, deterministicId, ThrottleRegistry } from '@tandem/dataverse';

const running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((emulator) => emulator.close()));
});

const ROWS = 5000;
const CAP = 8;

describe('faults: writing through DataverseStore under throttling and injected server errors', () => {
  it(`writes ${ROWS} rows exactly once with ~20% 429s and 5% 5xx, never above ${CAP} concurrent requests`, async () => {
    const emulator = await startEmulator({
      port: 0,
      db: ':memory:',
      seed: 2024,
      knobs: {
        // ~20% of requests refused with Retry-After: 1, plus the service's concurrency limit at the cap.
        throttle: { rate: 0.2, retryAfterSeconds: 1, maxConcurrent: CAP },
        // 5% answered 503 *after* the batch was applied: the hard case for exactly-once.
        faultRate: 0.05,
        faultStatus: 503,
        faultPhase: 'afterApply',
        latencyMs: { min: 2, max: 15 },
      },
    });
    running.push(emulator);
    const client = new DataverseClient({
      url: emulator.url,
      auth: { token: emulator.issueToken() },
      throttleRegistry: new ThrottleRegistry(),
      throttleOptions: { maxConcurrent: CAP },
      retry: { baseDelayMs: 50, maxDelayMs: 1000, maxAttempts: 8, maxThrottledAttempts: 20 },
    });
    const store = new DataverseStore({ client, writeBatchSize: 50, writeConcurrency: 16 });

    const operations: WriteOperation[] = Array.from({ length: ROWS }, (_, i) => ({
      kind: 'insert',
      ref: `C${i}`,
      id: deterministicId('customer-account', `C${i}`),
      values: { name: `Customer ${i}`, accountnumber: `C${i}` },
    }));
    const started = Date.now();
    const results = await store.write('account', operations);
    const elapsedMs = Date.now() - started;

    const failures = results.filter((r) => !r.ok);
    expect(failures).toEqual([]);
    expect(results.map((r) => r.ref)).toEqual(operations.map((o) => o.ref));
    expect(results.every((r, i) => r.ok && r.id === operations[i]!.id)).toBe(true);

    // Exactly once: 5 000 creates, no second row for any business id.
    expect(emulator.stats.rowsCreated).toBe(ROWS);
    const rows = await client.listAll<{ accountnumber: string }>('accounts', { select: ['accountnumber'] }, { pageSize: 5000 });
    expect(rows).toHaveLength(ROWS);
    expect(new Set(rows.map((r) => r.accountnumber)).size).toBe(ROWS);

    // The faults really happened, and the cap held.
    expect(emulator.stats.throttled).toBeGreaterThan(0);
    expect(emulator.stats.faultsAfterApply).toBeGreaterThan(0);
    expect(emulator.stats.maxConcurrent).toBeLessThanOrEqual(CAP);
    expect(client.throttle.stats.maxActive).toBeLessThanOrEqual(CAP);
    expect(emulator.stats.byStatus[429] ?? 0).toBe(emulator.stats.throttled);

    console.log(
      `[faults] ${ROWS} rows in ${elapsedMs} ms; HTTP requests ${client.stats.requests}, retries ${client.stats.retries} ` +
        `(429: ${client.stats.throttled}, 5xx/reset: ${client.stats.transientFailures}); emulator: throttled ${emulator.stats.throttled}, ` +
        `faults after apply ${emulator.stats.faultsAfterApply}, rows updated (creates met again) ${emulator.stats.rowsUpdated}, ` +
        `max concurrent ${emulator.stats.maxConcurrent} (cap ${CAP})`,
    );
    expect(elapsedMs).toBeLessThan(60_000);

    // Then 1 000 updates with If-Match under the same faults: each applied exactly once (a retried update whose
    // first attempt was applied meets a changed etag, is verified by reading the row back, and is not written again).
    const updatedBefore = emulator.stats.rowsUpdated;
    const faultsBefore = emulator.stats.faultsAfterApply;
    const updates: WriteOperation[] = results.slice(0, 1000).map((r, i) => ({
      kind: 'update',
      ref: `U${i}`,
      id: r.ok ? r.id : '',
      etag: r.ok ? r.etag : undefined,
      values: { name: `Customer ${i} v2` },
    }));
    const updateStarted = Date.now();
    const updated = await store.write('account', updates);
    expect(updated.filter((r) => !r.ok)).toEqual([]);
    expect(emulator.stats.rowsUpdated - updatedBefore).toBe(1000);
    const names = await client.listAll<{ name: string }>('accounts', { select: ['name'], filter: "endswith(name,' v2')" }, { pageSize: 5000 });
    expect(names).toHaveLength(1000);
    console.log(
      `[faults] 1000 updates with If-Match in ${Date.now() - updateStarted} ms; faults after apply ${emulator.stats.faultsAfterApply - faultsBefore}; ` +
        `max concurrent ${emulator.stats.maxConcurrent}`,
    );
    expect(emulator.stats.maxConcurrent).toBeLessThanOrEqual(CAP);
  }, 90_000);
});
