import type { DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import { wantsAnnotation, type Preferences } from '../server/Preferences';
import type { StoredRow } from '../storage/TableStorage';
import { fromStorage, type SqlValue } from '../storage/ValueCodec';
import { FormattedValues, lookupTarget } from './FormattedValues';
import type { EmulatorContext } from '../server/EmulatorContext';
import { TextCache } from '../server/TextCache';

export const FORMATTED_VALUE = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const ASSOCIATED_NAVIGATION_PROPERTY = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

/** Which instance annotations a response carries. */
export interface AnnotationChoice {
  formattedValue: boolean;
  lookupLogicalName: boolean;
  associatedNavigationProperty: boolean;
}

/** Choices by the parsed `Prefer` header they come from (shared per header text): each part of a batch asks. */
const CHOICES = new WeakMap<Preferences, Readonly<AnnotationChoice>>();

/** The annotations a `Prefer` header asks for; the answer is shared, and frozen. */
export function annotationChoice(preferences: Preferences): Readonly<AnnotationChoice> {
  let choice = CHOICES.get(preferences);
  if (choice === undefined) {
    choice = Object.freeze({
      formattedValue: wantsAnnotation(preferences, FORMATTED_VALUE),
      lookupLogicalName: wantsAnnotation(preferences, LOOKUP_LOGICAL_NAME),
      associatedNavigationProperty: wantsAnnotation(preferences, ASSOCIATED_NAVIGATION_PROPERTY),
    });
    CHOICES.set(preferences, choice);
  }
  return choice;
}

export function anyAnnotation(choice: AnnotationChoice): boolean {
  return choice.formattedValue || choice.lookupLogicalName || choice.associatedNavigationProperty;
}

/** The `W/"<versionnumber>"` ETag of a row. */
export function etagOf(row: StoredRow): string | undefined {
  const version = row['versionnumber'];
  return version === undefined || version === null ? undefined : `W/"${version}"`;
}

/** The readable columns of each table, computed once (every read and write asks for them). Callers never change it. */
const READABLE = new WeakMap<EntityModel, DataverseColumn[]>();

/** Checks `$select` names against a table: readable columns by their wire name, and `*`. */
export function resolveSelect(model: EntityModel, select: string[] | undefined): DataverseColumn[] {
  let readable = READABLE.get(model);
  if (!readable) {
    readable = model.columns.filter((column) => column.validForRead);
    READABLE.set(model, readable);
  }
  if (!select || select.includes('*')) return readable;
  // Parsed query options are shared by the requests that repeat a query (`EntitySetHandler`), and so is this answer.
  const known = SELECTED.get(select);
  if (known !== undefined && known.model === model) return known.columns;
  const columns: DataverseColumn[] = [];
  for (const name of select) {
    const column = model.byReadName.get(name);
    if (!column || !column.validForRead) throw ServiceError.unknownProperty(name, model.typeName);
    if (!columns.includes(column)) columns.push(column);
  }
  SELECTED.set(select, { model, columns });
  return columns;
}

const SELECTED = new WeakMap<string[], { model: EntityModel; columns: DataverseColumn[] }>();

/**
 * Turns stored rows into Web API JSON: `@odata.etag` first, then each selected property preceded by its annotations,
 * the primary key last (always returned, as on the real service).
 */
export class RecordSerializer {
  /** Made on first use: most answers ask for no formatted value, and a serializer is made per request. */
  private formatted?: FormattedValues;

  constructor(private readonly context: EmulatorContext) {}

  serialize(model: EntityModel, row: StoredRow, columns: DataverseColumn[], annotations: AnnotationChoice): Record<string, unknown> {
    if (!anyAnnotation(annotations)) {
      const version = row['versionnumber'];
      const build = version === undefined || version === null ? undefined : plainRecordOf(model, columns);
      if (build) return build(row, `W/"${version}"`);
    }
    const record: Record<string, unknown> = {};
    const etag = etagOf(row);
    if (etag) record['@odata.etag'] = etag;
    for (const column of columns) {
      if (column.name === model.primaryId) continue;
      this.writeProperty(column, row, annotations, record);
    }
    record[model.primaryId] = row[model.primaryId];
    return record;
  }

  private writeProperty(
    column: DataverseColumn,
    row: StoredRow,
    annotations: AnnotationChoice,
    record: Record<string, unknown>,
  ): void {
    const raw = row[column.name] ?? null;
    if (annotations.formattedValue) {
      const text = (this.formatted ??= new FormattedValues(this.context)).format(column, row);
      if (text !== undefined) record[`${column.name}@${FORMATTED_VALUE}`] = text;
    }
    if (column.targets && raw !== null) {
      const table = lookupTarget(column, row);
      if (annotations.associatedNavigationProperty) {
        const navigation = column.targets.find((target) => target.table === table)?.navigationProperty ?? column.logicalName;
        record[`${column.name}@${ASSOCIATED_NAVIGATION_PROPERTY}`] = navigation;
      }
      if (annotations.lookupLogicalName && table) record[`${column.name}@${LOOKUP_LOGICAL_NAME}`] = table;
    }
    record[column.name] = fromStorage(column, raw);
  }
}

type PlainRecord = (row: StoredRow, etag: string, toBoolean: (raw: SqlValue | undefined) => boolean | null) => Record<string, unknown>;

type PlainBuilder = (row: StoredRow, etag: string) => Record<string, unknown>;

const PLAIN_RECORDS = new TextCache<PlainBuilder>(1000);
const BY_LIST = new WeakMap<DataverseColumn[], { model: EntityModel; build: PlainBuilder | undefined }>();

/**
 * What `serialize` makes of a row with an ETag when no annotation is asked for — the same keys in the same order with
 * the same values — as one function per table and column list that returns an object literal. V8 builds such objects
 * with one hidden class, which `JSON.stringify` then writes more than twice as fast as objects filled key by key (the
 * two were most of a page read's time). Undefined when a column name would not work as a literal key.
 */
function plainRecordOf(model: EntityModel, columns: DataverseColumn[]): PlainBuilder | undefined {
  // A read serializes all its rows with one column list: found by the list itself after the first row.
  const known = BY_LIST.get(columns);
  if (known !== undefined && known.model === model) return known.build;
  const build = plainRecordByNames(model, columns);
  BY_LIST.set(columns, { model, build });
  return build;
}

function plainRecordByNames(model: EntityModel, columns: DataverseColumn[]): PlainBuilder | undefined {
  const names = columns.map((column) => column.name);
  const key = `${model.logicalName}\u0000${names.join('\u0000')}`;
  if (names.includes('__proto__') || model.primaryId === '__proto__') return undefined;
  return PLAIN_RECORDS.get(key, () => compilePlainRecord(model, columns));
}

function compilePlainRecord(model: EntityModel, columns: DataverseColumn[]): PlainBuilder {
  const properties = ['"@odata.etag": etag'];
  for (const column of columns) {
    if (column.name === model.primaryId) continue;
    const name = JSON.stringify(column.name);
    properties.push(column.attributeType === 'Boolean' ? `${name}: toBoolean(row[${name}])` : `${name}: row[${name}] ?? null`);
  }
  const primaryId = JSON.stringify(model.primaryId);
  properties.push(`${primaryId}: row[${primaryId}]`);
  // Names are written as JSON string literals: whatever a definition calls a column, it stays a key.
  const make = new Function('row', 'etag', 'toBoolean', `return {${properties.join(', ')}};`) as PlainRecord;
  return (row, etag) => make(row, etag, toBoolean);
}

/** A two-option column as `fromStorage` sees one (it reads only the type). */
const BOOLEAN_COLUMN = { attributeType: 'Boolean' } as DataverseColumn;

function toBoolean(raw: SqlValue | undefined): boolean | null {
  return fromStorage(BOOLEAN_COLUMN, raw ?? null) as boolean | null;
}
