import { ErrorCodes, TandemError } from '../errors/TandemError';
import { SETTING_KEYS, settingsOf, type MappingSettings, type TableMapping } from '../model/TableMapping';
import type { StateStore } from '../state/StateStore';

/**
 * The settings of each mapping in force: the plugin's defaults with the persisted overrides applied. Changes are
 * validated, persisted, take effect on the next run, and `reset` restores the plugin's defaults.
 */
export class MappingSettingsService {
  readonly #state: StateStore;
  readonly #defaults: ReadonlyMap<string, TableMapping>;
  readonly #validate: (mappings: TableMapping[]) => void;
  #effective: TableMapping[];

  constructor(state: StateStore, defaults: readonly TableMapping[], effective: TableMapping[], validate: (mappings: TableMapping[]) => void) {
    this.#state = state;
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
    const next = { ...current, ...patch };
    const all = this.#effective.map((m) => (m.name === name ? next : m));
    this.#validate(all);
    const stored = await this.#state.mappingState(name);
    await this.#state.saveMappingState({
      mapping: name, toIntegrationCursor: stored?.toIntegrationCursor ?? null, fromIntegrationCursor: stored?.fromIntegrationCursor ?? null,
      settings: settingsOf(next), updatedAt: new Date(),
    });
    this.#effective = all;
    return next;
  }

  /** Restores the plugin's default settings of a mapping. */
  async reset(name: string): Promise<TableMapping> {
    const defaults = this.#required(name);
    const stored = await this.#state.mappingState(name);
    await this.#state.saveMappingState({
      mapping: name, toIntegrationCursor: stored?.toIntegrationCursor ?? null, fromIntegrationCursor: stored?.fromIntegrationCursor ?? null,
      settings: null, updatedAt: new Date(),
    });
    this.#effective = this.#effective.map((m) => (m.name === name ? defaults : m));
    return defaults;
  }

  #required(name: string): TableMapping {
    const mapping = this.#defaults.get(name);
    if (!mapping) throw new TandemError(ErrorCodes.MAPPING_NOT_FOUND, `unknown mapping "${name}"`);
    return mapping;
  }
}
