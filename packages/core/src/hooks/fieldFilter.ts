import { HookErrors } from '../errors/hookErrors';
import { HookError } from '../errors/TandemError';
import type { SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { TableMapping } from '../model/TableMapping';
import type { Tap } from './directTaps';
import type { SkipTest } from './guardTaps';
import type { FieldContext } from './SyncContexts';

/** What a `fields` predicate of an `onTransferField` tap is asked about: one field of one mapping in one direction. */
export interface FieldTarget {
  mapping: TableMapping;
  direction: SyncDirection;
  field: FieldMapping;
  /** The field's name on the side being written (`FieldContext.destinationField`). */
  destinationField: string;
}

/**
 * Which fields an `onTransferField` tap listens to: destination field names, or a predicate. The predicate must
 * depend on its argument only: the engine asks it once per mapping, direction and field and keeps the answer.
 */
export type FieldFilter = readonly string[] | ((target: FieldTarget) => boolean);

/** The extra tap option of `onTransferField`: `tap({ name, stage, fields: ['name'] }, fn)`. No `fields`: every field. */
export interface FieldTapOptions {
  fields?: FieldFilter;
}

/** A tap's filter as kept: the names copied at tap time (a caller changing its array later changes nothing). */
interface KeptFilter {
  hookName: string;
  names?: readonly string[];
  predicate?: (target: FieldTarget) => boolean;
  /** The predicate's answers: mapping name → direction → field mapping → listens. */
  answers: Map<string, Partial<Record<SyncDirection, WeakMap<FieldMapping, boolean>>>>;
}

const filters = new WeakMap<object, KeptFilter>();

/**
 * `guardTaps`' skip test for `onTransferField`: checks and keeps each tap's `fields` when it is tapped, and skips a
 * call for a field the tap does not listen to (the path through tapable, `hook.promise`; `callHooks`' field plans
 * leave such taps out themselves).
 */
export function fieldSkipTest(hookName: string): SkipTest {
  return (tap) => {
    if (!keepFieldFilter(hookName, tap)) return undefined;
    return (args) => {
      const context = args[1] as FieldContext;
      return !tapListens(tap, context.mapping, context.direction, context.field, context.destinationField);
    };
  };
}

/**
 * Checks a tap's `fields` option when it is tapped (fail fast: a typo would otherwise silence the tap for good) and
 * keeps it. True when the tap has a filter. Throws `TANDEM_HOOK_OPTION_INVALID` naming the hook and the tap.
 */
function keepFieldFilter(hookName: string, tap: Tap): boolean {
  const fields = (tap as FieldTapOptions).fields;
  if (fields === undefined) return false;
  if (typeof fields === 'function') {
    filters.set(tap, { hookName, predicate: fields as (target: FieldTarget) => boolean, answers: new Map() });
    return true;
  }
  if (!Array.isArray(fields)) throw HookErrors.fieldsInvalid(hookName, tap.name, `got ${describe(fields)}`);
  if (fields.length === 0) throw HookErrors.fieldsInvalid(hookName, tap.name, 'got an empty array, so the tap would never be called');
  const bad = fields.findIndex((name) => typeof name !== 'string' || name === '');
  if (bad >= 0) throw HookErrors.fieldsInvalid(hookName, tap.name, `entry ${bad} is ${describe(fields[bad])}`);
  filters.set(tap, { hookName, names: Object.freeze([...fields]), answers: new Map() });
  return true;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return value === '' ? 'an empty string' : JSON.stringify(value);
  if (value === null || Array.isArray(value)) return value === null ? 'null' : 'an array';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${String(value)}`;
}

/** Whether a tap has a `fields` filter (kept when it was tapped). */
export function hasFieldFilter(tap: Tap): boolean {
  return filters.has(tap);
}

/** Whether a tap listens to one field of a mapping in a direction: no filter, a listed name, or the cached predicate. */
export function tapListens(tap: Tap, mapping: TableMapping, direction: SyncDirection, field: FieldMapping, destinationField: string): boolean {
  const filter = filters.get(tap);
  if (!filter) return true;
  if (filter.names) return filter.names.includes(destinationField);
  let byDirection = filter.answers.get(mapping.name);
  if (!byDirection) filter.answers.set(mapping.name, (byDirection = {}));
  const answers = (byDirection[direction] ??= new WeakMap());
  let answer = answers.get(field);
  if (answer === undefined) {
    try {
      answer = !!filter.predicate!({ mapping, direction, field, destinationField });
    } catch (error) {
      throw new HookError(filter.hookName, tap.name, error);
    }
    answers.set(field, answer);
  }
  return answer;
}
