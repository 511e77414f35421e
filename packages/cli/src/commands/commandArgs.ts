import type { Host, SyncDirection, TableMapping } from '@tandem/core';
import { CliErrorCodes, ConfigError } from '../config/ConfigError';

/** A usage error (exit code 2) with a message saying what to pass instead. */
export function usage(message: string): ConfigError {
  return new ConfigError(CliErrorCodes.USAGE, message);
}

/** The mapping a command names; an unknown name is a usage error listing the known ones. */
export function mappingArg(host: Host, name: string): TableMapping {
  const known = host.mappings.all();
  const mapping = known.find((m) => m.name === name);
  if (!mapping) throw usage(`unknown mapping "${name}"; known: ${known.map((m) => m.name).join(', ')}`);
  return mapping;
}

/** `send` / `get` (BC's words) as the engine's direction. */
export function directionOfVerb(verb: 'send' | 'get'): SyncDirection {
  return verb === 'send' ? 'toIntegration' : 'fromIntegration';
}

/** A positive whole number option (`--limit 20`), or a usage error naming the option. */
export function positiveInt(option: string): (value: string) => number {
  return (value: string) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < 1) throw usage(`${option} takes a whole number of 1 or more, not "${value}"`);
    return parsed;
  };
}
