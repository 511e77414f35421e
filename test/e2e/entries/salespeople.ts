import { expect } from 'vitest';
import { SalespersonSchema } from '@tandem/erp';
import { SALESPEOPLE, SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import type { ScenarioEntry } from '../ScenarioEntry';

/** CRM users for the three demo salespeople (coupled by hand, BC's "couple salespeople" step) and one disabled user. */
const USERS = [
  { userId: 'a11ce000-0000-4000-8000-0000000000a1', fullName: 'Alice Abbott', salesperson: 'SP00001' },
  { userId: 'b0b00000-0000-4000-8000-0000000000b0', fullName: 'Bob Baker', salesperson: 'SP00002' },
  { userId: 'ca710000-0000-4000-8000-0000000000c1', fullName: 'Carl Cole', salesperson: 'SP00003' },
];
const DISABLED = { userId: 'd15ab1ed-0000-4000-8000-0000000000d1', fullName: 'Dee Disabled', isDisabled: true };

/** SALESPEOPLE ← systemuser: the coupled salespeople take their user's name; Casey, a user without one, becomes one. */
export const salespeople: ScenarioEntry = {
  plugin: SalespersonUserPlugin,
  mappings: { [SALESPEOPLE]: { fromIntegration: { inserted: 1, modified: USERS.length } } },
  async seed(s) {
    for (const user of [...USERS, DISABLED]) s.pair.emulator.addUser(user);
    for (const user of USERS) await s.host.engine.couple(SALESPEOPLE, user.salesperson, user.userId);
  },
  async checkFirstRun(s) {
    const fromCrm = await s.erp().find(SalespersonSchema, { code: { $like: 'SP NO.%' } });
    expect(fromCrm.map((sp) => sp.name)).toEqual(['Casey CRM']); // not the disabled user, not the integration user
    const coupled = await s.erp().find(SalespersonSchema, { code: { $in: USERS.map((u) => u.salesperson) } }, { orderBy: { code: 'asc' } });
    expect(coupled.map((sp) => sp.name)).toEqual(USERS.map((u) => u.fullName));
  },
};
