import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { createHost, postgresDatabase, type Host, type HostOptions, type Logger, type PluginClass, type TandemPlugin } from '@tandem/core';
import { DataverseClient, DataverseStore, type DataverseAuthOptions } from '@tandem/dataverse';
import { startEmulator, type RunningEmulator } from '@tandem/dataverse-emulator';
import { applyOverrides } from './applyOverrides';
import { CliErrorCodes, ConfigError } from './ConfigError';
import { ENV } from './environment';
import type { LoadedConfig } from './loadConfig';
import type { PluginEntry, TandemConfig } from './TandemConfig';

export const DEFAULT_DATABASE_FILE = '.tandem/erp.sqlite';
export const DEFAULT_EMULATOR_FILE = '.tandem/dataverse-emulator.sqlite';

/** What a config turns into: `createHost` options, the embedded emulator when one was started, and how to stop it. */
export interface HostSetup {
  options: HostOptions;
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

export interface HostSetupOptions {
  logger?: Logger;
  /** Where secrets are read; `process.env` by default. */
  env?: NodeJS.ProcessEnv;
}

/**
 * Builds the `createHost` options of a config: the business/state database (SQLite file or PostgreSQL), the Dataverse store (a real
 * environment with the secret from the environment, or the embedded emulator started in this process on a free
 * port), the plugins, the link template and the logger. Missing secrets are configuration errors.
 */
export async function hostFromConfig(loaded: LoadedConfig, setup: HostSetupOptions = {}): Promise<HostSetup> {
  const { config } = loaded;
  const env = setup.env ?? process.env;
  const database = databaseOptions(config, dirname(loaded.file), env);
  const dataverse = await connectDataverse(loaded, env);
  const logger = setup.logger;
  const options: HostOptions = {
    plugins: config.plugins.map(pluginOf),
    database,
    integration: new DataverseStore({ client: dataverse.client }),
    ...(config.business?.linkTemplate ? { business: { linkTemplate: config.business.linkTemplate } } : {}),
    ...(logger ? { logger } : {}),
    ...(config.database && 'sqlite' in config.database && config.database.readConnection === false ? { sqliteReadConnection: false } : {}),
  };
  return { options, ...(dataverse.emulator ? { emulator: dataverse.emulator } : {}), close: dataverse.close };
}

/** The Dataverse a config names: its client, the embedded emulator when one was started, and how to stop it. */
export interface DataverseConnection {
  client: DataverseClient;
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/**
 * The Dataverse client of a config: a real environment with the secret from the environment, or the embedded
 * emulator started in this process (a free port unless configured). Missing secrets are configuration errors.
 */
export async function connectDataverse(loaded: LoadedConfig, env: NodeJS.ProcessEnv = process.env): Promise<DataverseConnection> {
  const { config } = loaded;
  const baseDir = dirname(loaded.file);
  if (!('emulator' in config.dataverse)) {
    const client = new DataverseClient({ url: config.dataverse.url, auth: dataverseAuth(config.dataverse, env) });
    return { client, close: async () => {} };
  }
  const options = config.dataverse.emulator === true ? {} : config.dataverse.emulator;
  // `:memory:` keeps the CRM side in memory for this process (as `database.sqlite` does); anything else is a file.
  const db = options.db === ':memory:' ? options.db : inside(baseDir, options.db ?? DEFAULT_EMULATOR_FILE);
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  const emulator = await startEmulator({ port: options.port ?? 0, db });
  const client = new DataverseClient({ url: emulator.url, auth: { token: () => emulator.issueToken() } });
  return { client, emulator, close: () => emulator.close() };
}

/** Boots the host of a config and applies its mapping and schedule overrides; `close` stops host and emulator. */
export async function startConfiguredHost(loaded: LoadedConfig, setup: HostSetupOptions = {}): Promise<{ host: Host; setup: HostSetup; close(): Promise<void> }> {
  const prepared = await hostFromConfig(loaded, setup);
  let host: Host;
  try {
    host = await createHost(prepared.options);
  } catch (error) {
    await prepared.close();
    throw error;
  }
  const close = async () => {
    await host.close();
    await prepared.close();
  };
  try {
    await applyOverrides(host, loaded.config);
  } catch (error) {
    await close();
    throw error;
  }
  return { host, setup: prepared, close };
}

function pluginOf(entry: PluginEntry): PluginClass | TandemPlugin {
  if (typeof entry === 'object' && 'plugin' in entry && !('register' in entry)) return entry.plugin.withOptions(entry.options as never);
  return entry as PluginClass | TandemPlugin;
}

/**
 * The business/state database: `TANDEM_DATABASE_URL` (a SQLite path, or a PostgreSQL URL that may carry its password),
 * else `database.postgres` with the password from `TANDEM_DATABASE_PASSWORD`, else the SQLite file.
 */
function databaseOptions(config: TandemConfig, baseDir: string, env: NodeJS.ProcessEnv): HostOptions['database'] {
  const fromEnv = env[ENV.databaseUrl];
  const configured = config.database && 'postgres' in config.database ? config.database : undefined;
  const password = env[ENV.databasePassword] || undefined;
  if (fromEnv && /^postgres(ql)?:/i.test(fromEnv)) {
    return postgresDatabase({ url: fromEnv, ...(password ? { password } : {}), ...(configured?.schema ? { schema: configured.schema } : {}) });
  }
  if (!fromEnv && configured) {
    return postgresDatabase({ url: configured.postgres, ...(password ? { password } : {}), ...(configured.schema ? { schema: configured.schema } : {}) });
  }
  const file = fromEnv || (config.database && 'sqlite' in config.database ? config.database.sqlite : DEFAULT_DATABASE_FILE);
  if (file === ':memory:') return { dbName: file };
  const path = inside(baseDir, file);
  mkdirSync(dirname(path), { recursive: true });
  return { dbName: path };
}

function dataverseAuth(dataverse: Exclude<TandemConfig['dataverse'], { emulator: unknown }>, env: NodeJS.ProcessEnv): DataverseAuthOptions {
  if (dataverse.auth === 'token') {
    const token = env[ENV.token];
    if (!token) throw new ConfigError(CliErrorCodes.SECRET_MISSING, `dataverse.auth is "token": set ${ENV.token} in the environment`);
    return { token };
  }
  const clientSecret = env[ENV.clientSecret];
  if (!clientSecret) {
    throw new ConfigError(CliErrorCodes.SECRET_MISSING, `dataverse.auth is "clientCredentials": set ${ENV.clientSecret} in the environment`);
  }
  const authority = dataverse.authority ?? `https://login.microsoftonline.com/${dataverse.tenantId}`;
  return { clientId: dataverse.clientId, clientSecret, authority };
}

function inside(baseDir: string, path: string): string {
  return isAbsolute(path) ? path : resolve(baseDir, path);
}
