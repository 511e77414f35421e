import { describe, expect, it } from 'vitest';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '../src/index';

describe('DataverseStore.recordUrl (issue 7, item 9)', () => {
  it('is the web client deep link of the row, under the organization URL', () => {
    const client = new DataverseClient({ url: 'https://contoso.crm4.dynamics.com/', auth: { token: 'not-used' }, throttleRegistry: new ThrottleRegistry() });
    const store = new DataverseStore({ client });
    expect(store.recordUrl('account', '6f3e1c52-8d2b-4f4e-9a55-0d6b7a1c2e33')).toBe(
      'https://contoso.crm4.dynamics.com/main.aspx?pagetype=entityrecord&etn=account&id=6f3e1c52-8d2b-4f4e-9a55-0d6b7a1c2e33',
    );
  });
});
