import { didYouMean } from '../util/closestName';
import type { FieldMapping } from './FieldMapping';
import type { TableMapping } from './TableMapping';

/**
 * The key of a field mapping in a mapping's `fieldsEnabled` setting: `<business field>/<integration field>`, an absent
 * side (a constant) left empty — `Name/name`, `/customertypecode`. Lookups use the field the rows carry
 * (`_ownerid_value`).
 */
export function fieldKey(field: FieldMapping): string {
  return `${field.business ?? ''}/${field.integration ?? ''}`;
}

/**
 * A mapping whose field mappings carry the `fieldsEnabled` overrides over `fields` (the plugin's list): a key set to
 * `false` disables every field mapping with that key, `true` enables it; fields without a key keep their `enabled`.
 */
export function withFieldsEnabled(mapping: TableMapping, fields: readonly FieldMapping[] = mapping.fields): TableMapping {
  const overrides = mapping.fieldsEnabled;
  if (!overrides || Object.keys(overrides).length === 0) return fields === mapping.fields ? mapping : { ...mapping, fields: [...fields] };
  return {
    ...mapping,
    fields: fields.map((field) => {
      const enabled = overrides[fieldKey(field)];
      return typeof enabled === 'boolean' ? { ...field, enabled } : field;
    }),
  };
}

/**
 * The field mappings a name points at: a key (`Name/name`), or the field name of either side when exactly those
 * field mappings use it (case-insensitive when no exact name matches).
 */
export function findFieldMappings(fields: readonly FieldMapping[], name: string): FieldMapping[] {
  const byKey = fields.filter((field) => fieldKey(field) === name);
  if (byKey.length > 0) return byKey;
  const exact = fields.filter((field) => field.business === name || field.integration === name);
  if (exact.length > 0) return exact;
  const lower = name.toLowerCase();
  return fields.filter((field) => field.business?.toLowerCase() === lower || field.integration?.toLowerCase() === lower);
}

/** Problems with a mapping's `fieldsEnabled`: keys that name no field mapping, values that are not booleans. */
export function fieldsEnabledProblems(mapping: TableMapping, at: string): string[] {
  const overrides = mapping.fieldsEnabled;
  if (overrides === undefined || overrides === null) return [];
  if (typeof overrides !== 'object' || Array.isArray(overrides)) return [`${at}: fieldsEnabled must be an object of field keys to true/false`];
  const keys = (mapping.fields ?? []).map(fieldKey);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(overrides)) {
    if (!keys.includes(key)) problems.push(`${at} fieldsEnabled: no field mapping "${key}"${didYouMean(key, keys)} (keys are "<business>/<integration>")`);
    if (typeof value !== 'boolean') problems.push(`${at} fieldsEnabled "${key}": expected true or false, not ${JSON.stringify(value)}`);
  }
  return problems;
}
