import { didYouMean } from '../util/closestName';

// The keys each part of a mapping definition may have. A misspelt key is not ignored: `directon: 'toIntegration'`
// would leave the mapping bidirectional and import rows the author meant to keep out.

export const TABLE_MAPPING_KEYS = [
  'name', 'businessTable', 'integrationTable', 'fields', 'direction', 'businessFilter', 'integrationFilter',
  'syncOnlyCoupled', 'createNewOnNoMatch', 'updateConflictResolution', 'deletionConflictResolution', 'pageSize',
  'overlapMs', 'schedule', 'dependsOn', 'templates', 'plugin',
] as const;
export const FIELD_MAPPING_KEYS = [
  'business', 'integration', 'direction', 'constant', 'transform', 'transformDirection', 'reference', 'optionSet',
  'clearValueOnFailedSync', 'notNull', 'match', 'enabled',
] as const;
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
