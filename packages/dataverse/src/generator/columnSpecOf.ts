import type { DataverseColumn } from '../tables/DataverseTableDefinition';
import type { ColumnSpec } from '../tables/column';

/** The metadata description a column was built from: the inverse of `column()`, defaults left out. */
export function columnSpecOf(col: DataverseColumn): ColumnSpec {
  const spec: ColumnSpec = { logicalName: col.logicalName, attributeType: col.attributeType };
  if (col.requiredLevel !== 'None') spec.requiredLevel = col.requiredLevel;
  if (!col.validForCreate) spec.validForCreate = false;
  if (!col.validForUpdate) spec.validForUpdate = false;
  if (!col.validForRead) spec.validForRead = false;
  if (col.maxLength !== undefined) spec.maxLength = col.maxLength;
  if (col.precision !== undefined) spec.precision = col.precision;
  if (col.dateTimeFormat !== undefined) spec.dateTimeFormat = col.dateTimeFormat;
  if (col.dateTimeBehavior !== undefined) spec.dateTimeBehavior = col.dateTimeBehavior;
  if (col.options !== undefined) spec.options = col.options.map((option) => ({ ...option }));
  if (col.targets !== undefined) spec.targets = col.targets.map((target) => ({ ...target }));
  return spec;
}
