import type { EntityCatalog } from '../metadata/EntityModel';
import type { EmulatorDatabase } from '../storage/EmulatorDatabase';
import type { EmulatorLimits } from './EmulatorLimits';
import type { EmulatorStats } from './EmulatorStats';

/** What the request handlers share: the served tables, their storage, the clock and the counters. */
export interface EmulatorContext {
  catalog: EntityCatalog;
  database: EmulatorDatabase;
  /** Epoch milliseconds; replaceable in tests. */
  now: () => number;
  stats: EmulatorStats;
  businessUnitId: string;
  organizationId: string;
  /** `statecode` new rows start in, per table, when not the first state (products start as Draft, 2). */
  initialStateCodes: Record<string, number>;
  /** The organization's base currency (`transactioncurrencyid`), once seeded; rows without a currency get it. */
  baseCurrencyId?: string;
  /** What one request may ask (body size, JSON and `$filter` depth, terms, list lengths). */
  limits: Readonly<EmulatorLimits>;
}
