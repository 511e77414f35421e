import { callFieldWaterfall, fieldPlans, type FieldPlan } from '../hooks/callHooks';
import { isThenable } from '../hooks/guardTaps';
import type { RecordContext } from '../hooks/SyncContexts';
import { allows, destinationSide, sourceSide, type SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { Row } from '../model/Row';
import type { FieldDefinition, TableDefinition } from '../model/TableDefinition';
import type { TableMapping } from '../model/TableMapping';
import type { MissingOptionValue } from '../state/OptionMapping';
import { applyTransformations } from '../transform/TransformationRule';
import { EngineErrors } from '../errors/engineErrors';
import { fieldContext } from './fieldContext';
import type { OptionTranslator } from './OptionTranslator';
import type { ReferenceTranslator } from './ReferenceTranslator';
import type { SyncEnvironment } from './SyncEnvironment';
import { coerceValue, isEmpty, valuesEqual } from './values';

/** The field mappings that write in a direction, each with its source and destination field. */
export interface ActiveField {
  field: FieldMapping;
  sourceField?: string;
  destinationField: string;
  /** Both sides may change it: a candidate for the three-way merge and for update conflicts. */
  bidirectional: boolean;
  /** The destination field's definition (looked up once per pass, not per record). */
  definition: FieldDefinition | undefined;
}

export function activeFields(mapping: TableMapping, direction: SyncDirection, destinationTable: TableDefinition): ActiveField[] {
  const to = destinationSide(direction);
  const from = sourceSide(direction);
  const active: ActiveField[] = [];
  for (const field of mapping.fields) {
    const fieldDirection = field.direction ?? mapping.direction;
    if (field.enabled === false || !allows(fieldDirection, direction)) continue;
    const destinationField = to === 'business' ? field.business : field.integration;
    const sourceField = from === 'business' ? field.business : field.integration;
    if (!destinationField) continue;
    if (field.constant === undefined && !sourceField) continue;
    active.push({
      field,
      destinationField,
      ...(field.constant === undefined ? { sourceField } : {}),
      bidirectional: field.constant === undefined && mapping.direction === 'bidirectional' && fieldDirection === 'bidirectional',
      definition: destinationTable.fields[destinationField],
    });
  }
  return active;
}

export interface TransferInput {
  env: SyncEnvironment;
  mapping: TableMapping;
  direction: SyncDirection;
  fields: readonly ActiveField[];
  source: Row;
  /** Missing for an insert. */
  destination?: Row;
  /** The values both sides had when last in step; the three-way merge's base. */
  synced?: { source: Record<string, unknown>; destination: Record<string, unknown> } | null;
  /** Both sides changed since the last sync (bidirectional mappings only). */
  bothChanged: boolean;
  references: ReferenceTranslator;
  options: OptionTranslator;
  missingOptions: Omit<MissingOptionValue, 'id'>[];
  /** The transform context, which `onTransferField` taps get a copy of; set whenever that hook has taps. */
  context?: RecordContext;
  /** A fresh empty object the changes are written to (the result's `changes`). */
  changes: Record<string, unknown>;
}

export interface TransferResult {
  /** Destination field → value to write: only fields whose value differs (all mapped fields on insert). */
  changes: Record<string, unknown>;
  /** Destination fields changed on the destination side only: left as they are, to flow back on the reverse pass. */
  kept: string[];
  /** Destination fields that both sides changed to different values. */
  conflicts: { destinationField: string; value: unknown }[];
}

/**
 * Field transfer for one record (BC's CU 5336): constants, transformation rules, references through couplings,
 * options, type conversion and `onTransferField`; then, for an existing destination, only values that differ, with
 * the three-way merge when both sides changed. A promise only when an `onTransferField` tap returns one: a plain
 * function, not steps for `stepwise`, so a record whose taps answer at once costs no generator.
 */
export function transferFields(input: TransferInput): TransferResult | Promise<TransferResult> {
  const result: TransferResult = { changes: input.changes, kept: [], conflicts: [] };
  const plans = input.context ? fieldPlans(input.env.hooks.onTransferField, input.mapping, input.direction, input.fields) : undefined;
  const waiting = transferFrom(input, result, plans, 0);
  return waiting ? transferAfter(input, result, plans!, waiting) : result;
}

/** A field whose `onTransferField` answer is a promise: the rest of the record waits for it. */
interface WaitingField {
  at: number;
  answer: PromiseLike<unknown>;
}

/**
 * Transfers the fields from `start` on, up to one whose tap answers with a promise (returned), or to the end. `plans`:
 * per field, the `onTransferField` taps that listen to it (`fieldPlans`); a field no tap listens to gets no context.
 */
function transferFrom(
  input: TransferInput,
  result: TransferResult,
  plans: readonly (FieldPlan | undefined)[] | undefined,
  start: number,
): WaitingField | undefined {
  // Index loops in per-record work: `for … of` allocates an iterator.
  for (let at = start; at < input.fields.length; at++) {
    const active = input.fields[at]!;
    let value = fieldValue(input, active);
    if (value === KEEP_DESTINATION) continue;
    const plan = plans?.[at];
    if (plan) {
      // A fresh context per field (a tap may keep it).
      value = callFieldWaterfall(plan, value, fieldContext(input.context!, active.field, active.destinationField));
      if (isThenable(value)) return { at, answer: value };
    }
    settleField(input, result, active, value);
  }
  return undefined;
}

/**
 * The record's fields after a tap answered with a promise: one loop that awaits each such answer in turn. Not a
 * call per waiting field that returns the next one's promise: each of those nested promises would resolve the one
 * around it, a few more microtask turns per field of every record (ten tapped hooks made that ≈ 10 % of scenario 5).
 */
async function transferAfter(
  input: TransferInput,
  result: TransferResult,
  plans: readonly (FieldPlan | undefined)[],
  first: WaitingField,
): Promise<TransferResult> {
  for (let waiting: WaitingField | undefined = first; waiting; ) {
    settleField(input, result, input.fields[waiting.at]!, await waiting.answer);
    waiting = transferFrom(input, result, plans, waiting.at + 1);
  }
  return result;
}

/** `fieldValue`'s answer for a field left out: the destination keeps a value the source side cannot express. */
const KEEP_DESTINATION = Symbol('keep destination');

/** A field's value as the destination takes it, before `onTransferField`. */
function fieldValue(input: TransferInput, active: ActiveField): unknown {
  const { env, direction, source, destination } = input;
  const { field, sourceField, destinationField } = active;
  let value: unknown = field.constant !== undefined ? field.constant : source.values[sourceField!];
  if (field.transform?.length && (!active.bidirectional || field.transformDirection === direction)) {
    try {
      value = applyTransformations(value, field.transform, env.rules);
    } catch (error) {
      throw EngineErrors.transformFailed(sourceField, error);
    }
  }
  if (field.reference && field.constant === undefined) value = input.references.translate(field, value, sourceField!);
  if (field.optionSet && field.constant === undefined) {
    value = input.options.translate(field, value, direction, input);
    // An empty source never clears a destination value the source side cannot express (an unmapped option).
    if (isEmpty(value) && destination && input.options.isUnmapped(field, destination.values[destinationField], direction)) return KEEP_DESTINATION;
  }
  return coerceValue(value, active.definition);
}

/** Where a field's final value goes: the changes, the destination's own changes kept, or the conflicts. */
function settleField(input: TransferInput, result: TransferResult, active: ActiveField, value: unknown): void {
  const { source, destination } = input;
  const { field, sourceField, destinationField } = active;
  if (field.notNull && isEmpty(value)) return;
  if (!destination) {
    result.changes[destinationField] = value;
    return;
  }
  const type = active.definition?.type;
  const current = destination.values[destinationField];
  if (valuesEqual(value, current, type)) return;
  if (input.bothChanged && active.bidirectional) {
    const base = input.synced;
    const sourceChanged = !base || !valuesEqual(source.values[sourceField!], base.source[sourceField!], type);
    const destinationChanged = !base || !valuesEqual(current, base.destination[destinationField], type);
    if (!sourceChanged && destinationChanged) {
      result.kept.push(destinationField);
      return;
    }
    if (sourceChanged && destinationChanged) {
      result.conflicts.push({ destinationField, value });
      return;
    }
  }
  result.changes[destinationField] = value;
}

/** Per mapping: the mapped (non-constant) field names of each side, in mapping order (mappings never change). */
const sideNames = new WeakMap<TableMapping, { business: string[]; integration: string[] }>();

/** The names `mappedValues` takes from one side, in order. */
export function mappedNames(mapping: TableMapping, side: 'business' | 'integration'): readonly string[] {
  let names = sideNames.get(mapping);
  if (!names) {
    names = { business: [], integration: [] };
    for (const field of mapping.fields) {
      if (field.constant !== undefined) continue;
      if (field.business && !names.business.includes(field.business)) names.business.push(field.business);
      if (field.integration && !names.integration.includes(field.integration)) names.integration.push(field.integration);
    }
    sideNames.set(mapping, names);
  }
  return names[side];
}

/** One value as a coupling remembers it (see `mappedValues`). */
export function mappedValue(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : (value ?? null);
}

/**
 * The values of the mapped fields on one side of a row: what the coupling remembers as last in step. They are stored
 * as JSON, so dates become ISO text and bigints their decimal text (compared by value later); decimal texts stay text.
 */
export function mappedValues(mapping: TableMapping, side: 'business' | 'integration', values: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const name of mappedNames(mapping, side)) result[name] = mappedValue(values[name]);
  return result;
}
