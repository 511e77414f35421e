import { dataverseTables, referencedOnlyEntitySets } from '@tandem/dataverse';
import { compileCollectionQuery, toTableQuery } from './api/CollectionQuery';
import { readPayload } from './api/PayloadReader';
import {
  DEFAULT_APPLICATION_ID,
  DEFAULT_BASE_CURRENCY_ID,
  DEFAULT_BUSINESS_UNIT_ID,
  DEFAULT_CLIENT_ID,
  DEFAULT_CLIENT_SECRET,
  DEFAULT_ORGANIZATION_ID,
  DEFAULT_TENANT_ID,
  DEFAULT_USER_ID,
  DEFAULT_USER_NAME,
  type EmulatorUser,
} from './auth/EmulatorUser';
import { clientRegistrations, TokenEndpoint } from './auth/TokenEndpoint';
import { TokenIssuer } from './auth/TokenIssuer';
import { ServiceError } from './errors/ServiceError';
import type { BaseCurrency, EmulatorOptions, RunningEmulator } from './EmulatorOptions';
import { SeededRandom } from './faults/SeededRandom';
import { ThrottleGate } from './faults/ThrottleGate';
import { EntityCatalog } from './metadata/EntityModel';
import type { FilterLimits } from './odata/FilterParser';
import { parseQueryOptions } from './odata/QueryOptions';
import { ApiRouter } from './server/ApiRouter';
import type { EmulatorContext } from './server/EmulatorContext';
import { EmulatorServer } from './server/EmulatorServer';
import { resolveLimits } from './server/EmulatorLimits';
import { createStats, resetStats } from './server/EmulatorStats';
import { parseKey, parseResourcePath } from './server/ResourcePath';
import { EmulatorDatabase } from './storage/EmulatorDatabase';
import { isGuid } from './storage/ValueCodec';

/** Starts a Dataverse Web API emulator (see the package README for what it implements). */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const clock = (): number => {
    const value = options.now ? options.now() : Date.now();
    return typeof value === 'number' ? value : value.getTime();
  };
  const identity = normalizeUser(typeof options.identity === 'string' ? { userId: options.identity } : (options.identity ?? { userId: DEFAULT_USER_ID }), DEFAULT_USER_NAME);
  const users: EmulatorUser[] = (options.users ?? []).map((user) => normalizeUser(user, `User ${user.userId.slice(0, 8)}`));
  const clientId = options.clientId ?? DEFAULT_CLIENT_ID;
  const clientSecret = options.clientSecret ?? DEFAULT_CLIENT_SECRET;
  const tenantId = options.tenantId ?? DEFAULT_TENANT_ID;

  const catalog = new EntityCatalog(options.tables ?? Object.values(dataverseTables), referencedOnlyEntitySets);
  const limits = resolveLimits(options.limits);
  const database = new EmulatorDatabase(options.db ?? ':memory:', catalog, options.busyTimeoutMs);
  const stats = createStats();
  const context: EmulatorContext = {
    catalog,
    database,
    now: clock,
    stats,
    businessUnitId: options.businessUnitId ?? DEFAULT_BUSINESS_UNIT_ID,
    organizationId: options.organizationId ?? DEFAULT_ORGANIZATION_ID,
    initialStateCodes: options.initialStateCodes ?? { product: 2 },
    limits,
  };
  const router = new ApiRouter(context);
  // Token expiry follows the real clock: a test that moves the row clock forward keeps its token.
  const issuer = new TokenIssuer(options.tokenLifetimeSeconds ?? 3599, tenantId, Date.now);
  const knobs = options.knobs ?? {};
  const random = new SeededRandom(options.seed);
  const server = new EmulatorServer({
    router,
    issuer,
    tokenEndpoint: new TokenEndpoint(issuer, () => clientRegistrations(clientId, clientSecret, identity, users)),
    knobs,
    stats,
    random,
    throttle: new ThrottleGate(random),
    tenantId,
    limits,
    now: clock,
    ...(options.tls ? { tls: options.tls } : {}),
  });

  // The integration identity is an application user; `users` are licensed people unless they say otherwise.
  const seedUser = (user: EmulatorUser, accessMode: number): void => {
    if (!database.hasTable('systemuser')) return;
    const model = catalog.findByLogicalName('systemuser')!;
    if (database.table('systemuser').exists(user.userId)) return;
    const words = (user.fullName ?? '').trim().split(/\s+/);
    const body: Record<string, unknown> = {};
    if (model.byReadName.has('lastname')) {
      body['lastname'] = words.pop() ?? '';
      if (words.length > 0 && model.byReadName.has('firstname')) body['firstname'] = words.join(' ');
    }
    const isApplication = user === identity;
    const columns: Record<string, unknown> = {
      accessmode: user.accessMode ?? accessMode,
      applicationid: user.applicationId ?? (isApplication ? DEFAULT_APPLICATION_ID : undefined),
      islicensed: user.isLicensed ?? !isApplication,
      isintegrationuser: isApplication,
      internalemailaddress: user.email,
    };
    for (const [name, value] of Object.entries(columns)) if (value !== undefined && model.byReadName.has(name)) body[name] = value;
    const payload = readPayload(model, body, 'create', catalog, database, undefined);
    if (model.byReadName.has('_businessunitid_value')) payload.values['_businessunitid_value'] = context.businessUnitId;
    if (model.byReadName.has('isdisabled')) payload.values['isdisabled'] = user.isDisabled ? 1 : 0;
    router.entities.writer.create(model, { ...payload, id: user.userId }, { userId: identity.userId });
  };
  seedUser(identity, 4);
  for (const user of users) seedUser(user, 0);
  context.baseCurrencyId = seedBaseCurrency(options.baseCurrency, catalog, database, router, identity.userId);
  resetStats(stats);

  const address = await server.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `${server.protocol}://${host}:${address.port}`;
  let closed = false;

  return {
    url,
    apiUrl: `${url}/api/data/v9.2`,
    tokenUrl: `${url}/${tenantId}/oauth2/v2.0/token`,
    authority: `${url}/${tenantId}`,
    scope: `${url}/.default`,
    tenantId,
    clientId,
    clientSecret,
    identity: { userId: identity.userId, fullName: identity.fullName ?? DEFAULT_USER_NAME },
    baseCurrencyId: context.baseCurrencyId,
    stats,
    knobs,
    limits,
    db: database.db,
    issueToken(userId = identity.userId, lifetimeSeconds?: number): string {
      return issuer.issue(userId.toLowerCase(), clientId, url, `${url}/${tenantId}/v2.0`, lifetimeSeconds);
    },
    addUser(user: EmulatorUser): void {
      const normalized = normalizeUser(user, `User ${user.userId.slice(0, 8)}`);
      users.push(normalized);
      seedUser(normalized, 0);
    },
    explainQuery(resource: string): string[] {
      return explain(resource, catalog, database, identity.userId, limits);
    },
    resetStats(): void {
      resetStats(stats);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await server.close();
      database.close();
    },
  };
}

/**
 * Seeds the base currency (exchange rate 1) unless the database already has a currency with its code, which then is
 * the base currency. Returns its id.
 */
function seedBaseCurrency(
  base: BaseCurrency | false | undefined,
  catalog: EntityCatalog,
  database: EmulatorDatabase,
  router: ApiRouter,
  userId: string,
): string | undefined {
  if (base === false || !database.hasTable('transactioncurrency')) return undefined;
  const { isoCurrencyCode, currencyName = isoCurrencyCode, currencySymbol = isoCurrencyCode, currencyPrecision = 2 } =
    base ?? { isoCurrencyCode: 'USD', currencyName: 'US Dollar', currencySymbol: '$' };
  const id = (base?.id ?? DEFAULT_BASE_CURRENCY_ID).toLowerCase();
  if (!isGuid(id)) throw new Error(`Base currency id '${id}' is not a GUID`);
  const storage = database.table('transactioncurrency');
  const existing = storage.select({ where: '"isocurrencycode" = ?', params: [isoCurrencyCode], limit: 1 })[0];
  if (existing) return existing['transactioncurrencyid'] as string;
  if (storage.exists(id)) return id;
  const model = catalog.findByLogicalName('transactioncurrency')!;
  const body = { isocurrencycode: isoCurrencyCode, currencyname: currencyName, currencysymbol: currencySymbol, currencyprecision: currencyPrecision, exchangerate: 1 };
  const payload = readPayload(model, body, 'create', catalog, database, undefined);
  router.entities.writer.create(model, { ...payload, id }, { userId });
  return id;
}

function normalizeUser(user: EmulatorUser, fallbackName: string): EmulatorUser {
  if (!isGuid(user.userId)) throw new Error(`Emulator user id '${user.userId}' is not a GUID`);
  return { ...user, userId: user.userId.toLowerCase(), fullName: user.fullName ?? fallbackName };
}

function explain(resource: string, catalog: EntityCatalog, database: EmulatorDatabase, callerId: string, limits: FilterLimits): string[] {
  const question = resource.indexOf('?');
  const path = question < 0 ? resource : resource.slice(0, question);
  const query = new URLSearchParams(question < 0 ? '' : resource.slice(question + 1));
  const [head] = parseResourcePath(path.replace(/^\//, ''));
  if (!head) throw ServiceError.badQuery(`No resource in '${resource}'`);
  const model = catalog.bySetOrThrow(head.name);
  const storage = database.table(model.logicalName);
  if (head.key !== undefined) {
    const key = parseKey(head.key);
    const id = key.kind === 'single' ? key.value : (key.parts.get(model.primaryId) ?? '');
    return storage.explainGet(id.toLowerCase());
  }
  const compiled = compileCollectionQuery(model, parseQueryOptions(query, limits), undefined, catalog, callerId);
  return storage.explain(toTableQuery(compiled));
}
