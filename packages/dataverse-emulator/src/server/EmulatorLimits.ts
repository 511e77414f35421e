/**
 * How much one request may ask of the emulator. Requests over a limit are refused with a `4xx` that says which limit
 * (never a `500` or a dropped connection). The defaults leave room for everything real clients send: a `$batch` of
 * 1 000 operations, a 32 KB query URL, the largest filters the connector and `dynamics-web-api` build.
 */
export interface EmulatorLimits {
  /** Largest request body in bytes; more is `413`. Default 64 MiB. */
  maxBodyBytes: number;
  /** Largest request line plus headers in bytes (Node's `maxHeaderSize`); more is `431`. Default 1 MiB. */
  maxHeaderBytes: number;
  /** Deepest nesting of objects and arrays in a JSON body; deeper is `400`. Default 64. */
  maxJsonDepth: number;
  /** Deepest nesting of parentheses, `not` and function calls in a `$filter`; deeper is `400`. Default 100. */
  maxFilterDepth: number;
  /** Most conditions (comparisons, functions, `in` lists) in one `$filter`; more is `400`. Default 2 000. */
  maxFilterTerms: number;
  /** Most values in one `in (…)` list or `Microsoft.Dynamics.CRM.In`/`NotIn` `PropertyValues`; more is `400`. Default 10 000. */
  maxInValues: number;
}

export const DEFAULT_MAX_BODY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_MAX_HEADER_BYTES = 1024 * 1024;
export const DEFAULT_MAX_JSON_DEPTH = 64;
export const DEFAULT_MAX_FILTER_DEPTH = 100;
export const DEFAULT_MAX_FILTER_TERMS = 2000;
export const DEFAULT_MAX_IN_VALUES = 10_000;

/**
 * Values one SQL statement may bind: SQLite's `SQLITE_MAX_VARIABLE_NUMBER` (32 766) less room for the paging keyset.
 * A `$filter` needing more (many large `in` lists) is refused with `400`; not an option, it is SQLite's ceiling.
 */
export const MAX_SQL_PARAMETERS = 32_000;

export const DEFAULT_LIMITS: Readonly<EmulatorLimits> = Object.freeze({
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  maxHeaderBytes: DEFAULT_MAX_HEADER_BYTES,
  maxJsonDepth: DEFAULT_MAX_JSON_DEPTH,
  maxFilterDepth: DEFAULT_MAX_FILTER_DEPTH,
  maxFilterTerms: DEFAULT_MAX_FILTER_TERMS,
  maxInValues: DEFAULT_MAX_IN_VALUES,
});

/** The defaults with the given overrides; every limit must be a positive integer. */
export function resolveLimits(overrides: Partial<EmulatorLimits> = {}): Readonly<EmulatorLimits> {
  const limits: EmulatorLimits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides) as [keyof EmulatorLimits, number | undefined][]) {
    if (value === undefined) continue;
    if (!(name in DEFAULT_LIMITS)) throw new Error(`Unknown emulator limit '${name}'`);
    if (!Number.isInteger(value) || value < 1) throw new Error(`Emulator limit '${name}' must be a positive integer, got ${String(value)}`);
    limits[name] = value;
  }
  return Object.freeze(limits);
}
