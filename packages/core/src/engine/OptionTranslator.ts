import { EngineErrors } from '../errors/engineErrors';
import type { Side, SyncDirection } from '../model/Direction';
import type { FieldMapping } from '../model/FieldMapping';
import type { MissingOptionValue, OptionMapping } from '../state/OptionMapping';
import type { StateStore } from '../state/StateStore';
import { isEmpty } from './values';

/** Option values travel through option mappings: a business code ↔ an integration option value. */
export class OptionTranslator {
  readonly #toIntegration = new Map<string, number>();
  readonly #fromIntegration = new Map<string, string>();

  private constructor(entries: readonly OptionMapping[]) {
    for (const entry of entries) {
      this.#toIntegration.set(`${entry.optionSet}\u0000${entry.businessValue.toUpperCase()}`, entry.integrationValue);
      this.#fromIntegration.set(`${entry.optionSet}\u0000${entry.integrationValue}`, entry.businessValue);
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
      ? !this.#fromIntegration.has(`${set}\u0000${String(destinationValue)}`)
      : !this.#toIntegration.has(`${set}\u0000${String(destinationValue).toUpperCase()}`);
  }

  /**
   * Translates a value. One with no counterpart is recorded in `missing` for manual handling later, and written empty
   * (the seed's rule); with `failOnMissingOption` the record fails instead.
   */
  translate(
    field: FieldMapping,
    value: unknown,
    direction: SyncDirection,
    context: { mapping: string; recordId: string; fieldName: string; missing: Omit<MissingOptionValue, 'id'>[] },
  ): unknown {
    if (isEmpty(value)) return null;
    const set = field.optionSet!;
    const translated =
      direction === 'toIntegration'
        ? this.#toIntegration.get(`${set}\u0000${String(value).toUpperCase()}`)
        : this.#fromIntegration.get(`${set}\u0000${String(value)}`);
    if (translated !== undefined) return translated;
    const side: Side = direction === 'toIntegration' ? 'business' : 'integration';
    const now = new Date();
    context.missing.push({
      optionSet: set, side, value: String(value), mapping: context.mapping, field: context.fieldName,
      recordId: context.recordId, occurrences: 1, firstSeenAt: now, lastSeenAt: now,
    });
    if (!field.failOnMissingOption) return null;
    throw EngineErrors.optionNotMapped(context.fieldName, side, value, set);
  }
}
