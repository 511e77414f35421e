import { ReferenceKind, type EntityMetadata, type EntityProperty } from '@mikro-orm/core';
import type { FieldDefinition, FieldType, TableDefinition } from '../model/TableDefinition';

/** Where a MikroORM entity keeps its modified-on, modified-by and created-on, when not found by convention. */
export interface EntityStampFields {
  modifiedOn?: string;
  modifiedBy?: string;
  createdOn?: string;
}

const MODIFIED_ON_NAMES = ['modifiedOn', 'modifiedAt', 'updatedAt', 'systemModifiedAt', 'modifiedon'];
const MODIFIED_BY_NAMES = ['modifiedBy', 'updatedBy', 'systemModifiedBy', 'modifiedby'];
const CREATED_ON_NAMES = ['createdOn', 'createdAt', 'systemCreatedAt', 'createdon'];

const DECLARED_TYPES: Record<string, FieldType> = {
  integer: 'integer', int: 'integer', smallint: 'integer', tinyint: 'integer', mediumint: 'integer',
  bigint: 'bigint', decimal: 'decimal', double: 'decimal', float: 'decimal', numeric: 'decimal', real: 'decimal',
  boolean: 'boolean', datetime: 'datetime', timestamp: 'datetime', date: 'date', time: 'time', uuid: 'uuid', json: 'json',
  text: 'text', string: 'string', character: 'string', varchar: 'string', enum: 'string',
};

const RUNTIME_TYPES: Record<string, FieldType> = {
  number: 'decimal', string: 'string', boolean: 'boolean', date: 'datetime', object: 'json', bigint: 'bigint',
};

function fieldType(prop: EntityProperty): FieldType {
  if (prop.kind === ReferenceKind.MANY_TO_ONE || prop.kind === ReferenceKind.ONE_TO_ONE) return 'lookup';
  const declared = String(prop.type ?? '').toLowerCase().replace(/type$/, '');
  return DECLARED_TYPES[declared] ?? RUNTIME_TYPES[String(prop.runtimeType ?? '').toLowerCase()] ?? 'string';
}

/** Describes a MikroORM entity as a store-neutral table definition. */
export function entityTableDefinition(meta: EntityMetadata, stamps: EntityStampFields = {}): TableDefinition {
  if (meta.primaryKeys.length !== 1) {
    throw new Error(`entity "${meta.className}" must have exactly one primary key to be synchronized`);
  }
  const fields: Record<string, FieldDefinition> = {};
  for (const prop of meta.props) {
    if (prop.kind === ReferenceKind.ONE_TO_MANY || prop.kind === ReferenceKind.MANY_TO_MANY || prop.persist === false) continue;
    if (prop.kind === ReferenceKind.EMBEDDED) continue;
    const target = prop.kind === ReferenceKind.SCALAR ? undefined : prop.targetMeta?.className ?? prop.type;
    fields[prop.name] = {
      name: prop.name,
      type: fieldType(prop),
      ...(prop.length ? { maxLength: prop.length } : {}),
      nullable: !!prop.nullable,
      ...(target ? { references: target } : {}),
    };
  }
  const idField = meta.primaryKeys[0]!;
  const modifiedOnField = stamps.modifiedOn ?? MODIFIED_ON_NAMES.find((name) => fields[name]);
  if (!modifiedOnField || !fields[modifiedOnField]) {
    throw new Error(
      `entity "${meta.className}" has no modified-on field: add one named ${MODIFIED_ON_NAMES.join(' / ')} or name it in the store's table options`,
    );
  }
  const modifiedByField = stamps.modifiedBy ?? MODIFIED_BY_NAMES.find((name) => fields[name]);
  // Only a date and time can bound a match lookup: a conventional name of another type is not taken.
  const createdOnField = stamps.createdOn ?? CREATED_ON_NAMES.find((name) => fields[name]?.type === 'datetime');
  if (stamps.createdOn && fields[stamps.createdOn]?.type !== 'datetime') {
    throw new Error(`entity "${meta.className}" has no date-and-time field "${stamps.createdOn}" to use as its created-on`);
  }
  const idProp = meta.properties[idField]!;
  return {
    name: meta.className,
    idField,
    modifiedOnField,
    ...(modifiedByField ? { modifiedByField } : {}),
    ...(createdOnField ? { createdOnField } : {}),
    idGenerated: !!idProp.autoincrement,
    fields,
  };
}
