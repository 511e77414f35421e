import { describe, expect, it } from 'vitest';
import { backoffDelay, DataverseClient, parseRetryAfter, RequestThrottle, ThrottleRegistry, StaticTokenProvider } from '@tandem/dataverse';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('RequestThrottle', () => {
  it('never lets more than maxConcurrent requests run at once, and serves waiters in order', async () => {
    const throttle = new RequestThrottle({ maxConcurrent: 3 });
    let active = 0;
    let peak = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        throttle.run(async () => {
          order.push(i);
          active += 1;
          peak = Math.max(peak, active);
          await sleep(5);
          active -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(throttle.stats.maxActive).toBe(3);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('paces starts to the request budget of the sliding window', async () => {
    const throttle = new RequestThrottle({ maxConcurrent: 50, maxRequestsPerWindow: 5, windowMs: 300 });
    const starts: number[] = [];
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 12 }, () => throttle.run(async () => void starts.push(Date.now() - t0))));
    starts.sort((a, b) => a - b);
    // In any 300 ms, at most 5 starts.
    for (let i = 5; i < starts.length; i += 1) expect(starts[i]! - starts[i - 5]!).toBeGreaterThanOrEqual(295);
    expect(starts[11]!).toBeGreaterThanOrEqual(595);
  });

  it('holds every new request during a pause (a Retry-After for the identity)', async () => {
    const throttle = new RequestThrottle();
    const t0 = Date.now();
    throttle.pauseFor(200);
    await Promise.all([throttle.run(async () => undefined), throttle.run(async () => undefined)]);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(195);
    expect(throttle.stats.pauses).toBe(1);
  });
});

describe('ThrottleRegistry', () => {
  it('shares one throttle per (service, identity) between clients', () => {
    const registry = new ThrottleRegistry();
    const auth = new StaticTokenProvider('token-a');
    const a = new DataverseClient({ url: 'https://org.crm.dynamics.com', auth, throttleRegistry: registry });
    const b = new DataverseClient({ url: 'https://ORG.crm.dynamics.com/api/data/v9.2', auth, throttleRegistry: registry });
    const c = new DataverseClient({ url: 'https://org.crm.dynamics.com', auth: { token: 'token-b' }, throttleRegistry: registry });
    const d = new DataverseClient({ url: 'https://other.crm.dynamics.com', auth, throttleRegistry: registry });
    expect(a.throttle).toBe(b.throttle);
    expect(a.throttle).not.toBe(c.throttle);
    expect(a.throttle).not.toBe(d.throttle);
    expect(a.throttle.options.maxConcurrent).toBe(52);
    expect(a.throttle.options.maxRequestsPerWindow).toBe(6000);
    expect(a.throttle.options.windowMs).toBe(300_000);
    expect(b.apiUrl).toBe('https://org.crm.dynamics.com/api/data/v9.2/');
  });
});

describe('retry helpers', () => {
  it('reads Retry-After in seconds, fractions and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.25')).toBe(250);
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 7_000)).toBe(3000);
  });

  it('backs off exponentially with jitter, capped', () => {
    const policy = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(1, policy, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, () => 1)).toBe(1000);
    expect(backoffDelay(10, policy, () => 0)).toBe(500);
  });
});
