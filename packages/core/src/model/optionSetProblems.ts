import type { FieldMapping } from './FieldMapping';
import { findField, type TableDefinition } from './TableDefinition';

/** An option mapping as validation sees it: registered by a plugin or already stored. */
export interface KnownOptionMapping {
  optionSet: string;
  businessValue: string;
  integrationValue: number;
}

/**
 * Option-set problems of one field: an option set with no option mappings at all (a misspelt name fails every
 * record), and option mappings to integration values the integration column does not have (when its table
 * definition lists the column's options).
 */
export function optionSetProblems(
  field: FieldMapping,
  at: string,
  integration: TableDefinition | undefined,
  optionMappings: readonly KnownOptionMapping[],
): string[] {
  const set = field.optionSet;
  if (set === undefined) return [];
  if (typeof set !== 'string' || set === '') return [`${at}: optionSet must be the name of an option set`];
  const entries = optionMappings.filter((m) => m.optionSet === set);
  if (entries.length === 0) {
    const known = [...new Set(optionMappings.map((m) => m.optionSet))];
    return [
      `${at}: option set "${set}" has no option mappings; register them with registry.addOptionMappings("${set}", …) or name a known option set${known.length ? ` (${known.map((k) => `"${k}"`).join(', ')})` : ''}`,
    ];
  }
  const column = field.integration && integration ? findField(integration, field.integration) : undefined;
  if (!column?.options?.length) return [];
  const allowed = new Set(column.options.map((o) => o.value));
  const problems: string[] = [];
  for (const entry of entries) {
    if (!allowed.has(Number(entry.integrationValue))) {
      problems.push(
        `${at}: option set "${set}" maps business value "${entry.businessValue}" to ${entry.integrationValue}, which column "${column.name}" of table "${integration!.name}" does not have; use one of ${column.options.map((o) => `${o.value} (${o.label})`).join(', ')}`,
      );
    }
  }
  return problems;
}
