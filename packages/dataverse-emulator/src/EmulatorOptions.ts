import type { DataverseTableDefinition } from '@tandem/dataverse';
import type Database from 'better-sqlite3';
import type { EmulatorUser } from './auth/EmulatorUser';
import type { EmulatorKnobs } from './faults/Knobs';
import type { EmulatorLimits } from './server/EmulatorLimits';
import type { EmulatorStats } from './server/EmulatorStats';

/** The organization's base currency, seeded as a `transactioncurrency` row with exchange rate 1. */
export interface BaseCurrency {
  /** ISO 4217 code, e.g. `EUR`. */
  isoCurrencyCode: string;
  /** Default: the code. */
  currencyName?: string;
  /** Default: the code. */
  currencySymbol?: string;
  /** Default 2. */
  currencyPrecision?: number;
  /** `transactioncurrencyid`; default `DEFAULT_BASE_CURRENCY_ID`. */
  id?: string;
}

export interface EmulatorOptions {
  /** TCP port; `0` (default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** SQLite file, or `:memory:` (default). The CLI defaults to `./.tandem/dataverse-emulator.sqlite`. */
  db?: string;
  /** Client credentials the token endpoint accepts for the integration identity; default `tandem-local`. */
  clientId?: string;
  /** Default `tandem-local-secret`. */
  clientSecret?: string;
  /** Tenant id in token issuer and OpenID metadata; any tenant segment in a URL is accepted. */
  tenantId?: string;
  /** The integration user tokens of `clientId` map to (a systemuserid, or a full user). */
  identity?: string | EmulatorUser;
  /** More users: each becomes a `systemuser` row; with `clientId`/`clientSecret` it can get tokens too. */
  users?: EmulatorUser[];
  /** Serve HTTPS with this key and certificate (PEM). Needed for `@azure/msal-node`, which only accepts https authorities. */
  tls?: { key: string | Buffer; cert: string | Buffer };
  /** Initial knobs; all off by default. Mutable later through `emulator.knobs`. */
  knobs?: EmulatorKnobs;
  /** Seed of the random source of the throttle and fault knobs, for repeatable runs. */
  seed?: number;
  /** Served tables; default every table of `@tandem/dataverse` (`dataverseTables`). */
  tables?: DataverseTableDefinition[];
  /** Clock for `createdon`/`modifiedon` (token expiry always uses the real clock); default `Date.now`. */
  now?: () => number | Date;
  /** Lifetime of issued tokens; default 3599 seconds. */
  tokenLifetimeSeconds?: number;
  /** `statecode` new rows start in, per table; default `{ product: 2 }` (Draft), like a fresh Sales org. */
  initialStateCodes?: Record<string, number>;
  businessUnitId?: string;
  organizationId?: string;
  /**
   * The organization's base currency; default US Dollar (`USD`, `$`, precision 2). `false` seeds none (then rows
   * without a currency keep none).
   */
  baseCurrency?: BaseCurrency | false;
  /**
   * What one request may ask; each limit defaults to the value in `EmulatorLimits` (64 MiB bodies, 1 MiB headers,
   * JSON depth 64, `$filter` depth 100, 2 000 conditions, 10 000 values per list). Over a limit is a `4xx` naming it.
   */
  limits?: Partial<EmulatorLimits>;
  /** How long a statement waits for a lock another process holds on the SQLite file; default 5 000 ms, then `503`. */
  busyTimeoutMs?: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` (https with `tls`). */
  url: string;
  /** `<url>/api/data/v9.2`. */
  apiUrl: string;
  /** `<url>/<tenantId>/oauth2/v2.0/token` (also served at `<url>/oauth2/v2.0/token`). */
  tokenUrl: string;
  /** `<url>/<tenantId>`: the msal-node authority (with `knownAuthorities: [new URL(url).host]`). */
  authority: string;
  /** A scope for client credentials: `<url>/.default`. */
  scope: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  /** The integration user. */
  identity: Required<Pick<EmulatorUser, 'userId' | 'fullName'>>;
  /** `transactioncurrencyid` of the base currency (undefined with `baseCurrency: false`). */
  baseCurrencyId: string | undefined;
  /** Counters; `stats.maxConcurrent` is the most Web API requests seen in flight at once. */
  stats: EmulatorStats;
  /** Run-time knobs; change any field at any time. */
  knobs: EmulatorKnobs;
  /** The limits in force (the defaults with `options.limits` applied). */
  limits: Readonly<EmulatorLimits>;
  /** The SQLite database (better-sqlite3), for assertions. */
  db: Database.Database;
  /** A valid access token for a user (default: the integration identity). */
  issueToken(userId?: string, lifetimeSeconds?: number): string;
  /** Adds a user (a `systemuser` row; with credentials, a client of the token endpoint). */
  addUser(user: EmulatorUser): void;
  /** The SQLite query plan for a read: `accounts(<id>)` or `accounts?$filter=…&$orderby=…`. */
  explainQuery(resource: string): string[];
  /** Zeroes the counters. */
  resetStats(): void;
  close(): Promise<void>;
}
