import { describe, expect, it } from 'vitest';
import { CRM_PERSON, addCrm, businessIdOf, changeCrm, fullSyncOrThrow, getCrm, integrationIdOf, startTestPair, writesAndFailures } from '../src/index';

describe('the shared test helpers', () => {
  it('write and read CRM rows as the CRM person, look up couplings, and sum job counters', async () => {
    const pair = await startTestPair({ plugins: [], crmUsers: [CRM_PERSON] });
    try {
      const id = await addCrm(pair, 'account', { name: 'Helper Inc' });
      await changeCrm(pair, 'account', id, { telephone1: '+1 555' });
      expect((await getCrm(pair, 'account', id)).values).toMatchObject({ name: 'Helper Inc', telephone1: '+1 555', _modifiedby_value: CRM_PERSON.userId });
      await expect(getCrm(pair, 'account', '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/account 0{8}-.* not found/);
      await expect(addCrm(pair, 'account', { nosuchcolumn: 1 })).rejects.toThrow();
      await expect(integrationIdOf(pair, 'CUSTOMER', 'C1')).rejects.toThrow('CUSTOMER C1 is not coupled');
      expect(await businessIdOf(pair, 'CUSTOMER', id)).toBeNull();
      await expect(fullSyncOrThrow(pair, ['NOPE'])).rejects.toThrow(/unknown mapping "NOPE"/);
      expect(writesAndFailures([{ inserted: 1, modified: 2, failed: 3, skipped: 4 }, { inserted: 0, modified: 0, failed: 0, skipped: 0 }])).toBe(10);
    } finally {
      await pair.close();
    }
  });
});
