import type { Filter, MappingSettings, PluginClass, ScheduleSettings, TandemPlugin } from '@tandem/core';

/**
 * The business/state database: a SQLite file (the default, `./.tandem/erp.sqlite`) or PostgreSQL by URL, without
 * the password (that comes from `TANDEM_DATABASE_PASSWORD`), optionally in a schema of its own (default `public`).
 * `readConnection: false` keeps a SQLite file on one connection in its own journal mode (core's `sqliteReadConnection`).
 */
export type DatabaseConfig = { sqlite: string; readConnection?: boolean } | { postgres: string; schema?: string };

/** The Dataverse side: the embedded emulator, or a real environment with client credentials or a static token. */
export type DataverseConfig =
  | { emulator: true | { port?: number; db?: string } }
  | { url: string; auth: 'clientCredentials'; tenantId: string; clientId: string; authority?: string }
  | { url: string; auth: 'token' };

/** A plugin class that makes configured instances (every plugin of `plugins/*` has one). */
export interface ConfigurablePluginClass<O = never> extends PluginClass {
  withOptions(options: O): TandemPlugin;
}

/** A plugin: its class, an instance, or a class with the options its `withOptions` takes. */
export type PluginEntry = PluginClass | TandemPlugin | { plugin: ConfigurablePluginClass<any>; options: unknown };

/** What the config may change of a mapping: the settings `host.mappings.update` takes. */
export type MappingOverride = Partial<Omit<MappingSettings, 'schedule' | 'businessFilter' | 'integrationFilter'>> & {
  businessFilter?: Filter;
  integrationFilter?: Filter;
  schedule?: Partial<ScheduleSettings>;
};

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The content of `tandem.config.ts`. Secrets are never written here: they come from the environment. */
export interface TandemConfig {
  /** Default `{ sqlite: './.tandem/erp.sqlite' }`; relative paths are relative to the config file. */
  database?: DatabaseConfig;
  dataverse: DataverseConfig;
  plugins: PluginEntry[];
  /** Settings per mapping name, applied over the plugins' defaults at start. */
  mappings?: Record<string, MappingOverride>;
  /** Schedule defaults for every mapping (a mapping's own `schedule` override wins). */
  schedule?: Partial<ScheduleSettings>;
  business?: { /** ERP record links: `{table}` and `{id}` are replaced. */ linkTemplate?: string };
  logging?: { level?: LogLevel; format?: 'pretty' | 'json' };
}

/** Types a `tandem.config.ts`; it returns the config as it is (validation happens when the CLI loads it). */
export function defineConfig(config: TandemConfig): TandemConfig {
  return config;
}
