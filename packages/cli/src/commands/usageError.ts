import type { Host } from '@tandem/core';
import { CliErrorCodes, ConfigError } from '../config/ConfigError';

/** A usage error (exit code 2) with its message. */
export function usageError(message: string): ConfigError {
  return new ConfigError(CliErrorCodes.USAGE, message);
}

/** The named mappings, checked: an unknown name is a usage error listing the known ones. No names: every mapping. */
export function selectMappings(host: Host, names: readonly string[]): string[] {
  const known = host.mappings.all().map((m) => m.name);
  const unknown = names.filter((name) => !known.includes(name));
  if (unknown.length > 0) throw usageError(`unknown mapping ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${known.join(', ')}`);
  return names.length > 0 ? known.filter((name) => names.includes(name)) : known;
}

/** A positive whole number option (`--limit 20`), or a usage error naming the option. */
export function positiveInteger(option: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usageError(`${option} expects a positive whole number, not "${value}"`);
  return n;
}
