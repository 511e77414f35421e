import { ErrorCodes, TandemError } from '../errors/TandemError';
import type { MissingOptionValue, OptionMapping } from '../state/OptionMapping';
import type { StateStore } from '../state/StateStore';

/**
 * The option mappings in force (BC's CRM Option Mapping): plugins seed their defaults at first boot; a host or an
 * operator edits them here, and `reset` puts an option set back to the plugin's defaults. Changes take effect on
 * the next run.
 */
export class OptionMappingService {
  readonly #state: StateStore;
  readonly #defaults: readonly Omit<OptionMapping, 'id'>[];

  constructor(state: StateStore, defaults: readonly Omit<OptionMapping, 'id'>[]) {
    this.#state = state;
    this.#defaults = defaults;
  }

  /** The option sets the plugins declared. */
  optionSets(): string[] {
    return [...new Set(this.#defaults.map((d) => d.optionSet))];
  }

  /** The mappings of one option set, or of every declared one. */
  async list(optionSet?: string): Promise<OptionMapping[]> {
    return this.#state.optionMappings(optionSet ? [optionSet] : this.optionSets());
  }

  /** Maps a business code to an option value (adds it, or changes the value of an existing code). */
  async set(optionSet: string, businessValue: string, integrationValue: number, label?: string): Promise<void> {
    if (businessValue.trim() === '') throw new TandemError(ErrorCodes.CONFIG_INVALID, `option set "${optionSet}": the business code is empty`);
    if (!Number.isInteger(integrationValue)) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `option set "${optionSet}": option value ${JSON.stringify(integrationValue)} is not a whole number`);
    }
    const taken = (await this.#state.optionMappings([optionSet])).find((o) => o.integrationValue === integrationValue && o.businessValue !== businessValue);
    if (taken) {
      throw new TandemError(
        ErrorCodes.CONFIG_INVALID,
        `option set "${optionSet}": option value ${integrationValue} is already mapped to "${taken.businessValue}"; remove that mapping first`,
      );
    }
    await this.#state.saveOptionMapping({ optionSet, businessValue, integrationValue, label: label ?? null });
  }

  /** Removes the mapping of a business code; returns whether there was one. */
  async remove(optionSet: string, businessValue: string): Promise<boolean> {
    return this.#state.removeOptionMapping(optionSet, businessValue);
  }

  /** Puts an option set (or every declared one) back to the plugins' defaults. */
  async reset(optionSet?: string): Promise<void> {
    const sets = optionSet ? [optionSet] : this.optionSets();
    await this.#state.replaceOptionMappings(sets, this.#defaults.filter((d) => sets.includes(d.optionSet)));
  }

  /** Values that had no counterpart, for manual handling (the missing-option register). */
  async missing(optionSet?: string): Promise<MissingOptionValue[]> {
    return this.#state.missingOptions(undefined, optionSet ? { optionSet } : {});
  }
}
