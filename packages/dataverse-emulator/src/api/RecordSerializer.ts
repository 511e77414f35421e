import type { DataverseColumn } from '@tandem/dataverse';
import { ServiceError } from '../errors/ServiceError';
import type { EntityModel } from '../metadata/EntityModel';
import { wantsAnnotation, type Preferences } from '../server/Preferences';
import type { StoredRow } from '../storage/TableStorage';
import { fromStorage } from '../storage/ValueCodec';
import { FormattedValues, lookupTarget } from './FormattedValues';
import type { EmulatorContext } from '../server/EmulatorContext';

export const FORMATTED_VALUE = 'OData.Community.Display.V1.FormattedValue';
export const LOOKUP_LOGICAL_NAME = 'Microsoft.Dynamics.CRM.lookuplogicalname';
export const ASSOCIATED_NAVIGATION_PROPERTY = 'Microsoft.Dynamics.CRM.associatednavigationproperty';

/** Which instance annotations a response carries. */
export interface AnnotationChoice {
  formattedValue: boolean;
  lookupLogicalName: boolean;
  associatedNavigationProperty: boolean;
}

export function annotationChoice(preferences: Preferences): AnnotationChoice {
  return {
    formattedValue: wantsAnnotation(preferences, FORMATTED_VALUE),
    lookupLogicalName: wantsAnnotation(preferences, LOOKUP_LOGICAL_NAME),
    associatedNavigationProperty: wantsAnnotation(preferences, ASSOCIATED_NAVIGATION_PROPERTY),
  };
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
  const columns: DataverseColumn[] = [];
  for (const name of select) {
    const column = model.byReadName.get(name);
    if (!column || !column.validForRead) throw ServiceError.unknownProperty(name, model.typeName);
    if (!columns.includes(column)) columns.push(column);
  }
  return columns;
}

/**
 * Turns stored rows into Web API JSON: `@odata.etag` first, then each selected property preceded by its annotations,
 * the primary key last (always returned, as on the real service).
 */
export class RecordSerializer {
  private readonly formatted: FormattedValues;

  constructor(context: EmulatorContext) {
    this.formatted = new FormattedValues(context);
  }

  serialize(model: EntityModel, row: StoredRow, columns: DataverseColumn[], annotations: AnnotationChoice): Record<string, unknown> {
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
      const text = this.formatted.format(column, row);
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
