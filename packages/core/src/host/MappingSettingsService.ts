import { ErrorCodes, TandemError } from '../errors/TandemError';
import { withFieldsEnabled } from '../model/fieldsEnabled';
import { SETTING_KEYS, settingsOf, type MappingSettings, type TableMapping } from '../model/TableMapping';
import type { OptionMapping } from '../state/OptionMapping';
import type { StateStore } from '../state/StateStore';

/**
 * The settings of each mapping in force: the plugin's defaults with the persisted overrides applied. Changes are
 * validated, persisted, take effect on the next run, and `reset` restores the plugin's defaults.
 */
export class MappingSettingsService {
  readonly #state: StateStore;
  readonly #defaults: ReadonlyMap<string, TableMapping>;
  readonly #validate: (mappings: TableMapping[]) => void;
  readonly #defaultOptions: readonly Omit<OptionMapping, 'id'>[];
  #effective: TableMapping[];

  constructor(
    state: StateStore,
    defaults: readonly TableMapping[],
    effective: TableMapping[],
    validate: (mappings: TableMapping[]) => void,
    defaultOptions: readonly Omit<OptionMapping, 'id'>[] = [],
  ) {
    this.#state = state;
    this.#defaultOptions = defaultOptions;
    this.#defaults = new Map(defaults.map((m) => [m.name, m]));
    this.#effective = effective;
    this.#validate = validate;
  }

  /** The mappings in force, in dependency order. */
  all(): readonly TableMapping[] {
    return this.#effective;
  }

  get(name: string): TableMapping {
    const mapping = this.#effective.find((m) => m.name === name);
    if (!mapping) throw new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `unknown mapping "${name}"`);
    return mapping;
  }

  /** The plugin's default settings of a mapping. */
  defaults(name: string): MappingSettings {
    return settingsOf(this.#required(name));
  }

  /** Changes settings of a mapping; the whole result is validated before anything is stored. */
  async update(name: string, patch: Partial<MappingSettings>): Promise<TableMapping> {
    const unknown = Object.keys(patch).filter((key) => !SETTING_KEYS.includes(key as keyof MappingSettings));
    if (unknown.length > 0) throw new TandemError(ErrorCodes.CONFIG_INVALID, `unknown mapping settings: ${unknown.join(', ')}; known: ${SETTING_KEYS.join(', ')}`);
    const current = this.get(name);
    // `fieldsEnabled` applies over the plugin's field list, so switching a field back on restores the plugin's field.
    const next = withFieldsEnabled({ ...current, ...patch }, this.#required(name).fields);
    const all = this.#effective.map((m) => (m.name === name ? next : m));
    this.#validate(all);
    const stored = await this.#state.mappingState(name);
    await this.#state.saveMappingState({
      mapping: name, toIntegrationCursor: stored?.toIntegrationCursor ?? null, fromIntegrationCursor: stored?.fromIntegrationCursor ?? null,
      toIntegrationFullSync: stored?.toIntegrationFullSync ?? null, fromIntegrationFullSync: stored?.fromIntegrationFullSync ?? null,
      settings: settingsOf(next), updatedAt: new Date(),
    });
    this.#effective = all;
    await this.#state.applySchedule(name, next.schedule);
    return next;
  }

  /** Enables or disables a mapping (a disabled one is left out of `runAll` and the scheduler). */
  async setEnabled(name: string, enabled: boolean): Promise<TableMapping> {
    return this.update(name, { enabled });
  }

  /** Enables or disables every mapping a plugin contributed; returns them. */
  async setPluginEnabled(plugin: string, enabled: boolean): Promise<TableMapping[]> {
    const names = [...this.#defaults.values()].filter((m) => m.plugin === plugin).map((m) => m.name);
    if (names.length === 0) {
      const plugins = [...new Set([...this.#defaults.values()].map((m) => m.plugin))].join(', ');
      throw new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `plugin "${plugin}" contributes no mapping; plugins with mappings: ${plugins}`);
    }
    const changed: TableMapping[] = [];
    for (const name of names) changed.push(await this.setEnabled(name, enabled));
    return changed;
  }

  /** Restores every mapping's defaults (see `reset`). */
  async resetAll(): Promise<TableMapping[]> {
    const reset: TableMapping[] = [];
    for (const name of this.#defaults.keys()) reset.push(await this.reset(name));
    return reset;
  }

  /**
   * Restores the plugin's defaults of a mapping: its settings (templates included) and the option mappings of the
   * option sets it uses. Couplings and watermarks are kept.
   */
  async reset(name: string): Promise<TableMapping> {
    const defaults = this.#required(name);
    const stored = await this.#state.mappingState(name);
    await this.#state.saveMappingState({
      mapping: name, toIntegrationCursor: stored?.toIntegrationCursor ?? null, fromIntegrationCursor: stored?.fromIntegrationCursor ?? null,
      toIntegrationFullSync: stored?.toIntegrationFullSync ?? null, fromIntegrationFullSync: stored?.fromIntegrationFullSync ?? null,
      settings: null, updatedAt: new Date(),
    });
    const optionSets = [...new Set(defaults.fields.map((f) => f.optionSet).filter((set): set is string => !!set))];
    await this.#state.replaceOptionMappings(optionSets, this.#defaultOptions.filter((o) => optionSets.includes(o.optionSet)));
    const restored = withFieldsEnabled(defaults);
    this.#effective = this.#effective.map((m) => (m.name === name ? restored : m));
    await this.#state.applySchedule(name, defaults.schedule);
    return restored;
  }

  #required(name: string): TableMapping {
    const mapping = this.#defaults.get(name);
    if (!mapping) throw new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `unknown mapping "${name}"`);
    return mapping;
  }
}
