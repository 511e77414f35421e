import { didYouMean } from '../util/closestName';
import type { FieldMapping } from './FieldMapping';
import type { TableMappingDefinition } from './TableMapping';

// The keys each part of a mapping definition may have. A misspelt key is not ignored: `directon: 'toIntegration'`
// would leave the mapping bidirectional and import rows the author meant to keep out.

// Built from objects typed against the interfaces, so a key added to an interface must be added here too.
const tableMappingKeys: Record<keyof TableMappingDefinition | 'plugin', true> = {
  name: true, businessTable: true, integrationTable: true, fields: true, direction: true, businessFilter: true,
  integrationFilter: true, syncOnlyCoupled: true, createNewOnNoMatch: true, updateConflictResolution: true,
  deletionConflictResolution: true, pageSize: true, overlapMs: true, schedule: true, dependsOn: true, templates: true, enabled: true, plugin: true,
  fieldsEnabled: true, overlapPages: true,
};
const fieldMappingKeys: Record<keyof FieldMapping, true> = {
  business: true, integration: true, direction: true, constant: true, transform: true, transformDirection: true,
  reference: true, optionSet: true, clearValueOnFailedSync: true, failOnMissingOption: true, notNull: true, match: true, enabled: true,
};
export const TABLE_MAPPING_KEYS = Object.keys(tableMappingKeys) as readonly string[];
export const FIELD_MAPPING_KEYS = Object.keys(fieldMappingKeys) as readonly string[];
export const TEMPLATES_KEYS = ['business', 'integration'] as const;
export const TEMPLATE_KEYS = ['name', 'priority', 'filter', 'values'] as const;
export const MATCH_KEYS = ['priority', 'caseSensitive'] as const;
export const REFERENCE_KEYS = ['mapping'] as const;
export const SCHEDULE_KEYS = ['intervalSeconds', 'inactivityTimeoutSeconds'] as const;

/** One problem per key of `value` that is not in `known`, with the closest known key as a hint. */
export function unknownKeyProblems(value: unknown, known: readonly string[], where: string): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [];
  return Object.keys(value)
    .filter((key) => !known.includes(key))
    .map((key) => `${where}: unknown key "${key}"${didYouMean(key, known)}; known keys: ${known.join(', ')}`);
}
