import type { TableMapping } from '../model/TableMapping';
import { findField, type TableDefinition } from '../model/TableDefinition';
import type { MissingOptionValue, OptionMapping } from '../state/OptionMapping';
import type { StateStore } from '../state/StateStore';
import { OptionMappingErrors } from './optionMappingErrors';

/** What `set` checks a new option value against: the mappings in force and the integration tables they use. */
export interface OptionColumnSource {
  mappings: () => readonly TableMapping[];
  integrationTables: ReadonlyMap<string, TableDefinition>;
}

/**
 * The option mappings in force (BC's CRM Option Mapping): plugins seed their defaults at first boot; a host or an
 * operator edits them here, and `reset` puts an option set back to the plugin's defaults. Changes take effect on
 * the next run.
 */
export class OptionMappingService {
  readonly #state: StateStore;
  readonly #defaults: readonly Omit<OptionMapping, 'id'>[];
  readonly #columns: OptionColumnSource | undefined;

  constructor(state: StateStore, defaults: readonly Omit<OptionMapping, 'id'>[], columns?: OptionColumnSource) {
    this.#state = state;
    this.#defaults = defaults;
    this.#columns = columns;
  }

  /** The option sets the plugins declared. */
  optionSets(): string[] {
    return [...new Set(this.#defaults.map((d) => d.optionSet))];
  }

  /** The mappings of one option set, or of every declared one. */
  async list(optionSet?: string): Promise<OptionMapping[]> {
    return this.#state.optionMappings(optionSet ? [optionSet] : this.optionSets());
  }

  /**
   * Maps a business code to an option value (adds it, or changes the value of an existing code). The value must be
   * one that every integration column using the option set has, when its table definition lists the options
   * (`TANDEM_OPTION_VALUE_UNKNOWN`), and not mapped to another code (`TANDEM_CONFIG_INVALID`).
   */
  async set(optionSet: string, businessValue: string, integrationValue: number, label?: string): Promise<void> {
    if (businessValue.trim() === '') throw OptionMappingErrors.emptyCode(optionSet);
    if (!Number.isInteger(integrationValue)) throw OptionMappingErrors.notWholeNumber(optionSet, integrationValue);
    this.#checkColumns(optionSet, integrationValue);
    const taken = (await this.#state.optionMappings([optionSet])).find((o) => o.integrationValue === integrationValue && o.businessValue !== businessValue);
    if (taken) throw OptionMappingErrors.valueTaken(optionSet, integrationValue, taken.businessValue);
    await this.#state.saveOptionMapping({ optionSet, businessValue, integrationValue, label: label ?? null });
  }

  /**
   * Removes the mapping of a business code; returns whether there was one. A plugin's default stays removed across
   * restarts until `reset` of its option set.
   */
  async remove(optionSet: string, businessValue: string): Promise<boolean> {
    const isDefault = this.#defaults.some((d) => d.optionSet === optionSet && d.businessValue === businessValue);
    return this.#state.removeOptionMapping(optionSet, businessValue, { rememberRemoved: isDefault });
  }

  /** Puts an option set (or every declared one) back to the plugins' defaults, removed defaults included. */
  async reset(optionSet?: string): Promise<void> {
    const sets = optionSet ? [optionSet] : this.optionSets();
    await this.#state.replaceOptionMappings(sets, this.#defaults.filter((d) => sets.includes(d.optionSet)));
  }

  /** Values that had no counterpart, for manual handling (the missing-option register). */
  async missing(optionSet?: string): Promise<MissingOptionValue[]> {
    return this.#state.missingOptions(undefined, optionSet ? { optionSet } : {});
  }

  /** Every integration column that uses the option set and lists its options must have the value. */
  #checkColumns(optionSet: string, value: number): void {
    if (!this.#columns) return;
    for (const mapping of this.#columns.mappings()) {
      const table = this.#columns.integrationTables.get(mapping.integrationTable);
      if (!table) continue;
      for (const field of mapping.fields) {
        if (field.optionSet !== optionSet || !field.integration) continue;
        const column = findField(table, field.integration);
        if (column?.options?.length && !column.options.some((o) => o.value === value)) {
          throw OptionMappingErrors.valueUnknown(optionSet, table.name, column.name, value, column.options);
        }
      }
    }
  }
}
