import { fieldKey, SETTING_KEYS, settingsOf, type FieldMapping, type Host, type MappingSettings } from '@tandem/core';

/** One setting of a mapping: the value in force, the plugin's default, whether they differ. */
export interface SettingRow {
  key: keyof MappingSettings;
  value: unknown;
  default: unknown;
  changed: boolean;
}

/** One field mapping as `mappings show` lists it. */
export interface FieldRow {
  key: string;
  business: string | null;
  integration: string | null;
  direction: string;
  enabled: boolean;
  notes: string[];
}

export interface MappingDetails {
  name: string;
  plugin: string | null;
  businessTable: string;
  integrationTable: string;
  dependsOn: string[];
  settings: SettingRow[];
  fields: FieldRow[];
}

/** The settings in force against the plugin's defaults, and the fields with their directions. */
export function mappingDetails(host: Host, name: string): MappingDetails {
  const mapping = host.mappings.get(name);
  const current = settingsOf(mapping);
  const defaults = host.mappings.defaults(name);
  return {
    name, plugin: mapping.plugin ?? null, businessTable: mapping.businessTable, integrationTable: mapping.integrationTable, dependsOn: mapping.dependsOn,
    settings: SETTING_KEYS.map((key) => ({
      key, value: current[key] ?? null, default: defaults[key] ?? null, changed: JSON.stringify(current[key] ?? null) !== JSON.stringify(defaults[key] ?? null),
    })),
    fields: mapping.fields.map((field) => ({
      key: fieldKey(field), business: field.business ?? null, integration: field.integration ?? null,
      direction: field.direction ?? mapping.direction, enabled: field.enabled !== false, notes: fieldNotes(field),
    })),
  };
}

function fieldNotes(field: FieldMapping): string[] {
  const notes: string[] = [];
  if (field.constant !== undefined) notes.push(`constant ${JSON.stringify(field.constant)}`);
  if (field.reference) notes.push(`reference${field.reference.mapping ? ` via ${field.reference.mapping}` : ''}`);
  if (field.optionSet) notes.push(`option set ${field.optionSet}`);
  if (field.match) notes.push(`match${field.match.priority !== undefined ? ` priority ${field.match.priority}` : ''}`);
  if (field.transform?.length) notes.push(`transform ${field.transform.map((t) => t.rule).join(' → ')}`);
  if (field.notNull) notes.push('not null');
  return notes;
}

/** A setting's value in one short cell. */
export function settingText(value: unknown): string {
  if (value === null || value === undefined) return '-';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
