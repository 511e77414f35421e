import { configSchema, describeIssues } from './configSchema';
import { CliErrorCodes, ConfigError } from './ConfigError';
import { secretsInConfig } from './secretsInConfig';
import type { TandemConfig } from './TandemConfig';

/**
 * Checks a loaded config: first for secrets written in it (refused, naming the variable to use), then against the
 * schema. Throws a `ConfigError` listing every bad key; returns the config otherwise.
 */
export function validateConfig(config: unknown, source = 'tandem.config.ts'): TandemConfig {
  const secrets = secretsInConfig(config);
  if (secrets.length > 0) throw new ConfigError(CliErrorCodes.CONFIG_SECRET_IN_FILE, `${source} holds secrets`, secrets);
  const result = configSchema.safeParse(config);
  if (!result.success) throw new ConfigError(CliErrorCodes.CONFIG_INVALID, `${source} is invalid`, describeIssues(result.error.issues));
  return config as TandemConfig;
}
