import type { EmulatorUser } from '@tandem/dataverse-emulator';

/** CRM people the demo salespeople are coupled to (BC's "couple salespeople" step), one per salesperson. */
export const BENCH_USERS: EmulatorUser[] = Array.from({ length: 5 }, (_, i) => ({
  userId: `b0000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
  fullName: `Bench Person${i + 1}`,
}));

/**
 * The emulator's own local client registrations (not secrets of anything real): the integration identity, and the
 * person who writes CRM rows in the benchmark — rows written by the integration identity would be skipped as echoes.
 */
export const INTEGRATION_CLIENT = { clientId: 'tandem-local', clientSecret: 'tandem-local-secret' };
export const PERSON_CLIENT = { clientId: 'bench-person', clientSecret: 'bench-person-local-secret' };
BENCH_USERS[0] = { ...BENCH_USERS[0]!, ...PERSON_CLIENT };
