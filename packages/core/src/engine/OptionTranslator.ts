import { EngineErrors } from '../errors/engineErrors';
import type { Side, SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { MissingOptionValue, OptionMapping } from '../state/OptionMapping';
import type { StateStore } from '../state/StateStore';
import { isEmpty } from './values';

/** Option values travel through option mappings: a business code ↔ an integration option value. */
export class OptionTranslator {
  /**
   * Per option set: business code (upper case) → integration value, and back. A map per set, not one map keyed by
   * `set + value`: a lookup builds no key string (it runs for every option field of every record).
   */
  readonly #toIntegration = new Map<string, Map<string, number>>();
  readonly #fromIntegration = new Map<string, Map<string, string>>();

  private constructor(entries: readonly OptionMapping[]) {
    for (const entry of entries) {
      setOf(this.#toIntegration, entry.optionSet).set(entry.businessValue.toUpperCase(), entry.integrationValue);
      setOf(this.#fromIntegration, entry.optionSet).set(String(entry.integrationValue), entry.businessValue);
    }
  }

  /** Loads the option mappings of every option set the fields use (one query). */
  static async load(state: StateStore, fields: readonly FieldMapping[]): Promise<OptionTranslator> {
    const sets = [...new Set(fields.map((f) => f.optionSet).filter((s): s is string => !!s))];
    return new OptionTranslator(await state.optionMappings(sets));
  }

  /**
   * Whether a destination value is one the other side cannot express: not empty, and without an option mapping from
   * the destination's side. Such a value is kept when the source is empty, since the source's empty is then only the
   * trace of an unmapped value written empty before — never a choice to clear it.
   */
  isUnmapped(field: FieldMapping, destinationValue: unknown, direction: SyncDirection): boolean {
    if (isEmpty(destinationValue)) return false;
    const set = field.optionSet!;
    return direction === 'toIntegration'
      ? !this.#fromIntegration.get(set)?.has(String(destinationValue))
      : !this.#toIntegration.get(set)?.has(upperCase(String(destinationValue)));
  }

  /**
   * Translates a value. One with no counterpart is recorded in the origin's `missingOptions` for manual handling
   * later, and written empty (the seed's rule); with `failOnMissingOption` the record fails instead. The origin is
   * the record's transfer input as it is (no object built per option field of every record).
   */
  translate(field: FieldMapping, value: unknown, direction: SyncDirection, origin: OptionOrigin): unknown {
    if (isEmpty(value)) return null;
    const set = field.optionSet!;
    const translated =
      direction === 'toIntegration'
        ? this.#toIntegration.get(set)?.get(upperCase(String(value)))
        : this.#fromIntegration.get(set)?.get(String(value));
    if (translated !== undefined) return translated;
    const side: Side = direction === 'toIntegration' ? 'business' : 'integration';
    // The source side's field: the one the value was read from.
    const fieldName = (side === 'business' ? field.business : field.integration)!;
    sighted(origin, set, side, String(value), fieldName);
    if (!field.failOnMissingOption) return null;
    throw EngineErrors.optionNotMapped(fieldName, side, value, set);
  }
}

/** The record an option value comes from, for the register of missing options. */
export interface OptionOrigin {
  mapping: { name: string };
  source: { id: string };
  missingOptions: Omit<MissingOptionValue, 'id'>[];
}

function setOf<V>(sets: Map<string, Map<string, V>>, optionSet: string): Map<string, V> {
  let values = sets.get(optionSet);
  if (!values) sets.set(optionSet, (values = new Map()));
  return values;
}

/**
 * `text.toUpperCase()`, the same string when it already is in upper case: `toUpperCase` makes a new string every time,
 * and option codes (upper case as a rule) are looked up for every option field of every record.
 */
function upperCase(text: string): string {
  for (let at = 0; at < text.length; at++) {
    const code = text.charCodeAt(at);
    if ((code >= 97 && code <= 122) || code > 127) return text.toUpperCase();
  }
  return text;
}

/** How many of a page's latest sightings a new one is compared with (`sighted`). */
const RECENT_SIGHTINGS = 32;

/**
 * Records a sighting of a value with no counterpart. A page sees the same few unmapped values over and over: one
 * already among its latest sightings is counted there — what `writeMissingOptions` folds a page's sightings into
 * (occurrences added, the last record and time kept) — rather than as an object and a date more per record.
 */
function sighted(origin: OptionOrigin, optionSet: string, side: Side, value: string, field: string): void {
  const sightings = origin.missingOptions;
  const mapping = origin.mapping.name;
  const now = Date.now();
  for (let at = sightings.length - 1; at >= 0 && at >= sightings.length - RECENT_SIGHTINGS; at--) {
    const seen = sightings[at]!;
    if (seen.value !== value || seen.field !== field || seen.optionSet !== optionSet || seen.side !== side || seen.mapping !== mapping) continue;
    seen.occurrences += 1;
    seen.recordId = origin.source.id;
    // A date only when the clock moved (a sighting's dates are never changed in place, only replaced).
    if (seen.lastSeenAt.getTime() !== now) seen.lastSeenAt = new Date(now);
    return;
  }
  const at = new Date(now);
  sightings.push({ optionSet, side, value, mapping, field, recordId: origin.source.id, occurrences: 1, firstSeenAt: at, lastSeenAt: at });
}
