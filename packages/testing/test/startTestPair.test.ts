import { describe, expect, it } from 'vitest';
import { nextSecond, startTestPair } from '../src/index';

describe('startTestPair', () => {
  it('boots the ERP plugin on a fresh file against the emulator; the CRM store writes as a person, not as the integration identity', async () => {
    const pair = await startTestPair({ plugins: [] });
    try {
      expect(pair.host.plugins.map((p) => p.name)).toEqual(['ErpPlugin']);
      const integration = await pair.host.stores.integration.identity();
      expect(await pair.crm.identity()).toBe(pair.crmUserId);
      expect(integration).not.toBe(pair.crmUserId);
      expect(await pair.erp().count('Customer', {})).toBe(0);
      await pair.restart();
      expect(pair.host.plugins.map((p) => p.name)).toEqual(['ErpPlugin']);
      const before = Math.floor(Date.now() / 1000);
      await nextSecond();
      expect(Math.floor(Date.now() / 1000)).toBeGreaterThan(before);
    } finally {
      await pair.close();
    }
  });
});
