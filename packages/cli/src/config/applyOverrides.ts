import { errorMessage, MappingValidationError, type Host, type MappingSettings } from '@tandem/core';
import { CliErrorCodes, ConfigError } from './ConfigError';
import type { TandemConfig } from './TandemConfig';

/**
 * Applies the config's `mappings` and `schedule` over the plugins' defaults through `host.mappings.update` (persisted,
 * like any settings change); only what differs from the settings in force is written. Every problem is reported.
 */
export async function applyOverrides(host: Host, config: TandemConfig): Promise<void> {
  const problems: string[] = [];
  const known = host.mappings.all().map((m) => m.name);
  for (const name of Object.keys(config.mappings ?? {})) {
    if (!known.includes(name)) problems.push(`mappings.${name}: no such mapping; the plugins contribute ${known.join(', ')}`);
  }
  for (const name of known) {
    const override = config.mappings?.[name] ?? {};
    if (!config.schedule && Object.keys(override).length === 0) continue;
    const current = host.mappings.get(name);
    const patch: Partial<MappingSettings> = { ...(override as Partial<MappingSettings>) };
    if (config.schedule || override.schedule) patch.schedule = { ...current.schedule, ...config.schedule, ...override.schedule };
    const changed = Object.fromEntries(
      Object.entries(patch).filter(([key, value]) => JSON.stringify(value) !== JSON.stringify(current[key as keyof MappingSettings])),
    );
    if (Object.keys(changed).length === 0) continue;
    try {
      await host.mappings.update(name, changed);
    } catch (error) {
      if (error instanceof MappingValidationError) problems.push(...error.problems.map((problem) => `mappings.${name}: ${problem}`));
      else problems.push(`mappings.${name}: ${errorMessage(error)}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(CliErrorCodes.CONFIG_INVALID, 'the mapping overrides of the config are invalid', problems);
}
