import type { Direction } from './Direction';
import type { FieldMapping } from './FieldMapping';
import type { Filter } from './Filter';

export type UpdateConflictResolution = 'none' | 'sendUpdateToIntegration' | 'getUpdateFromIntegration';
export type DeletionConflictResolution = 'none' | 'restoreRecords' | 'removeCoupling';

/** Default values for new rows on one side; the first by priority whose filter matches the source row is used. */
export interface Template {
  name: string;
  /** Lower comes first. */
  priority?: number;
  /** A condition on the source row; none means "always". */
  filter?: Filter;
  values: Record<string, unknown>;
}

/** When the scheduler runs a mapping. */
export interface ScheduleSettings {
  intervalSeconds: number;
  inactivityTimeoutSeconds: number;
}

/**
 * The settings of a mapping that can be changed at run time, persisted, and reset to the plugin's defaults.
 */
export interface MappingSettings {
  /** A disabled mapping is left out of `runAll` and the scheduler, and `run` refuses it (default true). */
  enabled: boolean;
  direction: Direction;
  businessFilter?: Filter;
  integrationFilter?: Filter;
  /** Only rows that are already coupled are synchronized (default true); a full sync ignores it. */
  syncOnlyCoupled: boolean;
  /** When match fields find no counterpart, create one (default true when there are match fields). */
  createNewOnNoMatch: boolean;
  updateConflictResolution: UpdateConflictResolution;
  deletionConflictResolution: DeletionConflictResolution;
  /** Rows read per page (default 2 000). */
  pageSize: number;
  /** How far back each run re-reads before its watermark, for clocks with coarse resolution (default 1000 ms). */
  overlapMs: number;
  schedule: ScheduleSettings;
  /** Defaults for new rows, keyed by the side the row is created on. */
  templates: { business: Template[]; integration: Template[] };
  /**
   * Field mappings switched on or off over the plugin's `enabled`, by `fieldKey` (`<business>/<integration>`, e.g.
   * `Name/name`); see `model/fieldsEnabled.ts`.
   */
  fieldsEnabled?: Record<string, boolean>;
}

/** Pairs one business table with one integration table (BC's Integration Table Mapping). */
export interface TableMapping extends MappingSettings {
  name: string;
  businessTable: string;
  integrationTable: string;
  /** Mappings that must run before this one (salespeople and currencies before customers). */
  dependsOn: string[];
  fields: FieldMapping[];
  /** The plugin that contributed it. */
  plugin?: string;
  /**
   * The plugin's hooks allow overlapping pages (default false): the next page is read, matched and decided while
   * this one is written and committed (`engine/OverlappingPages.ts`). Pages still commit in order; only the order of
   * hooks across pages changes, so a plugin that keeps per-page state between its hooks leaves this off.
   */
  overlapPages?: boolean;
}

/** What a plugin writes: everything but the name, tables and fields has a default. */
export type TableMappingDefinition = Pick<TableMapping, 'name' | 'businessTable' | 'integrationTable' | 'fields'> &
  Partial<Omit<TableMapping, 'name' | 'businessTable' | 'integrationTable' | 'fields' | 'templates'>> & {
    templates?: Partial<TableMapping['templates']>;
  };

/**
 * Rows per page. 2 000 rows are two `$batch` writes of Dataverse's 1 000 and one `$batch` of the page's match
 * lookups: 1.5 requests per 1 000 rows, under the 2 that Dataverse's service protection (6 000 requests per 5 minutes
 * per user) allows a sustained 10 000 rows/s. At 1 000 the per-page lookup made it 2 and more.
 */
export const DEFAULT_PAGE_SIZE = 2000;
export const DEFAULT_OVERLAP_MS = 1000;
export const DEFAULT_SCHEDULE: ScheduleSettings = { intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 720 * 60 };

/** Fills in the defaults of a mapping definition. */
export function withDefaults(definition: TableMappingDefinition): TableMapping {
  return {
    enabled: true,
    direction: 'bidirectional',
    syncOnlyCoupled: true,
    createNewOnNoMatch: true,
    updateConflictResolution: 'none',
    deletionConflictResolution: 'none',
    pageSize: DEFAULT_PAGE_SIZE,
    overlapMs: DEFAULT_OVERLAP_MS,
    dependsOn: [],
    ...definition,
    schedule: { ...DEFAULT_SCHEDULE, ...definition.schedule },
    templates: { business: [], integration: [], ...definition.templates },
  };
}

export const SETTING_KEYS: readonly (keyof MappingSettings)[] = [
  'enabled', 'direction', 'businessFilter', 'integrationFilter', 'syncOnlyCoupled', 'createNewOnNoMatch',
  'updateConflictResolution', 'deletionConflictResolution', 'pageSize', 'overlapMs', 'schedule', 'templates', 'fieldsEnabled',
];

/** The settings part of a mapping. */
export function settingsOf(mapping: TableMapping): MappingSettings {
  const settings: Partial<MappingSettings> = {};
  for (const key of SETTING_KEYS) (settings as Record<string, unknown>)[key] = mapping[key];
  return settings as MappingSettings;
}
