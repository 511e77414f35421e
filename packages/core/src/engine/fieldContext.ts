import type { FieldContext, RecordContext } from '../hooks/SyncContexts';
import type { FieldMapping } from '../model/FieldMapping';
import { plainObjects } from './plainObjects';

/** The objects `onTransferField` contexts are made of: a copy has 9 to 11 properties, past a `{}`'s room. */
const FieldContextObject = plainObjects();

/**
 * A fresh copy of the transform context with the field (a tap may keep it): every own enumerable property copied as
 * `Object.assign` copies them, then `field` and `destinationField`. Not `{ ...context, … }`: see `PassScope.context`.
 */
export function fieldContext(context: RecordContext, field: FieldMapping, destinationField: string): FieldContext {
  const copy = Object.assign(new FieldContextObject(), context) as FieldContext;
  copy.field = field;
  copy.destinationField = destinationField;
  return copy;
}
