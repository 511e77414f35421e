import { z } from 'zod';

const isFunction = (value: unknown): value is (...args: unknown[]) => unknown => typeof value === 'function';
const isPluginClass = (value: unknown) => isFunction(value) && isFunction((value as { prototype?: { register?: unknown } }).prototype?.register);
const isPluginInstance = (value: unknown) =>
  !!value && typeof value === 'object' && typeof (value as { name?: unknown }).name === 'string' && isFunction((value as { register?: unknown }).register);
const hasWithOptions = (value: unknown) => isPluginClass(value) && isFunction((value as { withOptions?: unknown }).withOptions);

const pluginEntry = z.union([
  z.custom((value) => isPluginClass(value) || isPluginInstance(value), {
    message: 'expected a plugin class, a plugin instance (with a name and register), or { plugin, options }',
  }),
  z.strictObject({
    plugin: z.custom((value) => hasWithOptions(value), { message: 'expected a plugin class with a static withOptions(options)' }),
    options: z.unknown(),
  }),
]);

const schedule = z.strictObject({
  intervalSeconds: z.int().positive().optional(),
  inactivityTimeoutSeconds: z.int().nonnegative().optional(),
});

const mappingOverride = z.strictObject({
  enabled: z.boolean().optional(),
  direction: z.enum(['toIntegration', 'fromIntegration', 'bidirectional']).optional(),
  businessFilter: z.unknown().optional(),
  integrationFilter: z.unknown().optional(),
  syncOnlyCoupled: z.boolean().optional(),
  createNewOnNoMatch: z.boolean().optional(),
  updateConflictResolution: z.enum(['none', 'sendUpdateToIntegration', 'getUpdateFromIntegration']).optional(),
  deletionConflictResolution: z.enum(['none', 'restoreRecords', 'removeCoupling']).optional(),
  pageSize: z.int().positive().optional(),
  overlapMs: z.int().nonnegative().optional(),
  schedule: schedule.optional(),
  templates: z.unknown().optional(),
  fieldsEnabled: z.record(z.string(), z.boolean()).optional(),
});

const httpUrl = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://contoso.crm.dynamics.com' });

const dataverse = z.union([
  z.strictObject({
    emulator: z.union([z.literal(true), z.strictObject({ port: z.int().min(0).max(65535).optional(), db: z.string().min(1).optional() })]),
  }),
  z.strictObject({
    url: httpUrl,
    auth: z.literal('clientCredentials'),
    tenantId: z.string().min(1),
    clientId: z.string().min(1),
    authority: httpUrl.optional(),
  }),
  z.strictObject({ url: httpUrl, auth: z.literal('token') }),
]);

const database = z.union([
  z.strictObject({ sqlite: z.string().min(1), readConnection: z.boolean().optional() }),
  z.strictObject({
    postgres: z.url({ protocol: /^postgres(ql)?$/, error: 'expected a postgres:// URL' }),
    schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'expected a schema name (letters, digits and _, at most 63)').optional(),
  }),
]);

/** The runtime check of `tandem.config.ts` (the `TandemConfig` type is what `defineConfig` gives the author). */
export const configSchema = z.strictObject({
  database: database.optional(),
  dataverse,
  plugins: z.array(pluginEntry).min(1, 'expected at least one plugin'),
  mappings: z.record(z.string(), mappingOverride).optional(),
  schedule: schedule.optional(),
  business: z.strictObject({ linkTemplate: z.string().min(1).optional() }).optional(),
  logging: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'silent']).optional(),
      format: z.enum(['pretty', 'json']).optional(),
    })
    .optional(),
});

/** Every problem of a zod result as `path: what was expected`; of a union, the branch that came closest. */
export function describeIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = [], schema: z.ZodType | undefined = configSchema): string[] {
  const problems: string[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      // The closest branch has the fewest issues; on a tie, the one whose issues lie deepest (the value got further).
      const depth = (errors: readonly z.core.$ZodIssue[]) => Math.max(0, ...errors.map((e) => e.path.length));
      const closer = (a: readonly z.core.$ZodIssue[], b: readonly z.core.$ZodIssue[]) => a.length < b.length || (a.length === b.length && depth(a) > depth(b));
      const closest = issue.errors.reduce((best, errors, i) => (closer(errors, issue.errors[best]!) ? i : best), 0);
      const union = schemaAt(schema, issue.path);
      problems.push(...describeIssues(issue.errors[closest]!, path, defOf(union)?.options?.[closest]));
    } else if (issue.code === 'unrecognized_keys') {
      const known = keysOf(schemaAt(schema, issue.path));
      for (const key of issue.keys) problems.push(`${pathText([...path, key])}: unknown key${known.length ? ` (known: ${known.join(', ')})` : ''}`);
    } else {
      problems.push(`${pathText(path)}: ${issue.message}`);
    }
  }
  return problems;
}

interface SchemaDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  valueType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
}

function defOf(schema: z.ZodType | undefined): SchemaDef | undefined {
  let def = (schema as unknown as { _zod?: { def: SchemaDef } } | undefined)?._zod?.def;
  while (def?.type === 'optional' && def.innerType) def = defOf(def.innerType);
  return def;
}

/** The part of a schema at a path (through optionals, records and arrays), to name the keys it knows. */
function schemaAt(schema: z.ZodType | undefined, path: readonly PropertyKey[]): z.ZodType | undefined {
  let current = schema;
  for (const key of path) {
    const def = defOf(current);
    current = def?.shape?.[String(key)] ?? def?.valueType ?? def?.element;
    if (!current) return undefined;
  }
  return current;
}

function keysOf(schema: z.ZodType | undefined): string[] {
  return Object.keys(defOf(schema)?.shape ?? {});
}

export function pathText(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(config)';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : `${i === 0 ? '' : '.'}${String(part)}`)).join('');
}
