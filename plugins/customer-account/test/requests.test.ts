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
});
