import { EntitySchema } from '@mikro-orm/core';

/** One pair of an option set: a business code and the integration option value it stands for. */
export interface OptionMapping {
  id: number;
  optionSet: string;
  businessValue: string;
  integrationValue: number;
  label: string | null;
}

export const OptionMappingSchema = new EntitySchema<OptionMapping>({
  name: 'OptionMapping',
  tableName: 'tandem_option_mapping',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    optionSet: { type: 'string', length: 100 },
    businessValue: { type: 'string', length: 100 },
    integrationValue: { type: 'integer' },
    label: { type: 'string', length: 250, nullable: true },
  },
  uniques: [
    { name: 'tandem_option_business_uq', properties: ['optionSet', 'businessValue'] },
    { name: 'tandem_option_integration_uq', properties: ['optionSet', 'integrationValue'] },
  ],
});

/**
 * A plugin's default option mapping that a user removed (`host.options.remove`). Seeding at the next start skips it,
 * so a removal lasts; `reset` of its option set clears the record and brings the default back.
 */
export interface RemovedOptionDefault {
  id: number;
  optionSet: string;
  businessValue: string;
  removedAt: Date;
}

export const RemovedOptionDefaultSchema = new EntitySchema<RemovedOptionDefault>({
  name: 'RemovedOptionDefault',
  tableName: 'tandem_option_default_removed',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    optionSet: { type: 'string', length: 100 },
    businessValue: { type: 'string', length: 100 },
    removedAt: { type: 'datetime' },
  },
  uniques: [{ name: 'tandem_option_default_removed_uq', properties: ['optionSet', 'businessValue'] }],
});

/**
 * The register of option values that had no counterpart (BC's CDS Failed Option Mapping): one row per option set,
 * side, value, mapping and field — what a user has to map — however many records carry the value.
 */
export interface MissingOptionValue {
  id: number;
  optionSet: string;
  /** The side the value came from. */
  side: 'business' | 'integration';
  value: string;
  mapping: string;
  field: string;
  /** The record the value was last seen on. */
  recordId: string;
  /** How many times a record carried the value since it was first seen (each pass counts each record again). */
  occurrences: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export const MissingOptionValueSchema = new EntitySchema<MissingOptionValue>({
  name: 'MissingOptionValue',
  // Was `tandem_missing_option_value` with a row per record; `migrateState` folds an old table into this one.
  tableName: 'tandem_missing_option',
  properties: {
    id: { type: 'integer', primary: true, autoincrement: true },
    optionSet: { type: 'string', length: 100 },
    side: { type: 'string', length: 12 },
    value: { type: 'string', length: 255 },
    mapping: { type: 'string', length: 100 },
    field: { type: 'string', length: 100 },
    recordId: { type: 'string', length: 255 },
    occurrences: { type: 'integer', default: 1 },
    firstSeenAt: { type: 'datetime' },
    lastSeenAt: { type: 'datetime' },
  },
  uniques: [{ name: 'tandem_missing_option_uq', properties: ['optionSet', 'side', 'value', 'mapping', 'field'] }],
});
