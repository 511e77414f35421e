import { afterEach, describe, expect, it } from 'vitest';
import { CustomerSchema } from '@tandem/erp';
import type { TestPair } from '@tandem/testing';
import { CUSTOMER } from '../src/index';
import { accountOf, addAccount } from './crm';
import { customerValues, SELLER } from './fixtures';
import { startCustomerPair } from './pair';

// Dataverse's service protection counts requests (6 000 per 5 minutes per user): what a page of CUSTOMER costs in the
// CRM must not grow with its rows. With core's default page of 2 000 rows that is 1 + 2 requests.

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

describe('CUSTOMER requests to the CRM', () => {
  it('a full sync to the CRM costs per page one request of name lookups and one $batch of writes, and none for the owner', async () => {
    const p = (pair = await startCustomerPair());
    expect(p.host.mappings.get(CUSTOMER).pageSize).toBe(2000);
    const em = p.erp();
    const nos = Array.from({ length: 60 }, (_, i) => `C${String(i).padStart(3, '0')}`);
    for (const [i, no] of nos.entries()) em.create(CustomerSchema, customerValues(no, i % 2 === 0 ? {} : { currencyCode: 'EUR' }) as never);
    await em.flush();
    const existing = await addAccount(p, { name: 'CUSTOMER C007' });
    await p.host.mappings.update(CUSTOMER, { pageSize: 25 });

    const before = p.emulator.stats.requests;
    const [job] = await p.host.engine.run(CUSTOMER, { direction: 'toIntegration', full: true });
    expect(job!.failed).toBe(0);
    expect(job!.inserted).toBe(59);
    // Three pages (25, 25, 10 customers), each one $batch of name lookups and one $batch of writes.
    expect(p.emulator.stats.requests - before).toBe(6);

    expect((await accountOf(p, 'C007')).id).toBe(existing);
    expect((await accountOf(p, 'C059')).values._ownerid_value).toBe(SELLER.userId);
  });

  it('a full sync matches an older uncoupled account by name, and its lookups never read back the accounts it created', async () => {
    // The CRM's clock runs years ahead of this machine's: the pass's start is translated into it (`ServiceClock`).
    const lookups: number[] = [];
    const watching: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      const url = new URL(String(input));
      if ((init?.method ?? 'GET') === 'GET' && url.pathname.endsWith('/accounts') && /\bname eq /.test(url.searchParams.get('$filter') ?? '')) {
        lookups.push(((await response.clone().json()) as { value: unknown[] }).value.length);
      }
      return response;
    };
    const p = (pair = await startCustomerPair({ emulator: { now: () => Date.now() + 3 * 365 * 86_400_000 + 250 }, integrationFetch: watching }));
    const em = p.erp();
    em.create(CustomerSchema, customerValues('C000', { name: 'Acme Ltd' }) as never);
    // Fifty-nine customers of one name (a chain's branches): page after page, the same candidate.
    for (let i = 1; i < 60; i++) em.create(CustomerSchema, customerValues(`C${String(i).padStart(3, '0')}`, { name: 'Same Name GmbH' }) as never);
    await em.flush();
    const existing = await addAccount(p, { name: 'ACME LTD' });
    await p.host.mappings.update(CUSTOMER, { pageSize: 10 });
    // The pass starts, then waits past the margins of the `createdon` bound (whole seconds of `Date` and `createdon`).
    p.host.hooks.onJobStart.for(CUSTOMER).tapPromise('WaitPastTheMargin', () => new Promise((resolve) => setTimeout(resolve, 3_000)));

    const [job] = await p.host.engine.run(CUSTOMER, { direction: 'toIntegration', full: true });
    expect(job).toMatchObject({ failed: 0, inserted: 59, coupled: 1 });
    expect((await accountOf(p, 'C000')).id).toBe(existing);
    // One lookup per page (6); the only row they returned is the older account. Without the bound, each page read back
    // every "Same Name GmbH" account the pages before it had created: 9 + 19 + 29 + 39 + 49 rows more.
    expect(lookups).toEqual([1, 0, 0, 0, 0, 0]);
  });
});
