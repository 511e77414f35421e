import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { ItemUnitOfMeasureSchema, PLUGIN_NAME as ERP_PLUGIN, ResourceUnitOfMeasureSchema, UnitGroupSchema, UnitOfMeasureSchema } from '@tandem/erp';
import { RecordUnits } from './RecordUnits';
import { ITEM_UNITS, RESOURCE_UNITS, UNIT_GROUP, recordUnitMapping, unitGroupMapping, type UnitSource } from './unitGroupMappings';
import { UnitGroupSources } from './UnitGroupSources';
import { UNIT_OF_MEASURE, unitOfMeasureMapping } from './unitOfMeasureMapping';
import { UNIT_OF_MEASURE_MODE, type UnitOfMeasureMode } from './unitOfMeasureMode';
import { DEFAULT_UNIT_GROUP_PREFIX, UNIT_GROUP_NAME_RULE, unitGroupName } from './unitGroupName';
import { checkUnitGroup, findUnitGroupByName } from './UnitGroupRules';

export const PLUGIN_NAME = 'UnitOfMeasurePlugin';

export interface UnitOfMeasurePluginOptions {
  /** Put in front of the unit of measure code to name its CRM unit group; default 'NAV ' (as NAV 2018). */
  unitGroupPrefix?: string;
  /**
   * The seed's feature switch "Multiple Units of Measure Synchronization" (BC's "Unit Group Mapping Enabled"): each
   * item and resource has its own unit group (`UNIT GROUP`, `ITEM UOM`, `RESOURCE UOM` instead of `UNIT OF MEASURE`).
   * Default false.
   */
  multipleUnitsOfMeasure?: boolean;
}

/**
 * Units of measure → CRM unit groups. Without options it is used as a class (`plugins: [UnitOfMeasurePlugin]`): one
 * unit group with one unit per unit of measure. `UnitOfMeasurePlugin.withOptions({ unitGroupPrefix,
 * multipleUnitsOfMeasure })` gives a configured instance.
 */
@injectable()
export class UnitOfMeasurePlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN];
  #prefix = DEFAULT_UNIT_GROUP_PREFIX;
  #multiple = false;
  #services: HostServices | undefined;

  static withOptions(options: UnitOfMeasurePluginOptions): UnitOfMeasurePlugin {
    const plugin = new UnitOfMeasurePlugin();
    if (options.unitGroupPrefix !== undefined) plugin.#prefix = options.unitGroupPrefix;
    if (options.multipleUnitsOfMeasure !== undefined) plugin.#multiple = options.multipleUnitsOfMeasure === true;
    return plugin;
  }

  register(registry: PluginRegistry): void {
    const mode: UnitOfMeasureMode = Object.freeze({ multipleUnitsOfMeasure: this.#multiple });
    registry.provide(UNIT_OF_MEASURE_MODE, { useValue: mode });
    registry.addEntities(UnitOfMeasureSchema);
    if (mode.multipleUnitsOfMeasure) this.#registerUnitGroups(registry);
    else this.#registerUnitsOfMeasure(registry);
  }

  ready(services: HostServices): void {
    this.#services = services;
  }

  /** One unit group per unit of measure, with exactly one unit (`UNIT OF MEASURE`). */
  #registerUnitsOfMeasure(registry: PluginRegistry): void {
    registry.addTransformationRule(UNIT_GROUP_NAME_RULE, (value) => (value == null ? null : unitGroupName(String(value), this.#prefix)));
    registry.addMapping(unitOfMeasureMapping());
    const hooks = registry.hooks;

    // An uncoupled unit of measure takes over an existing unit group of its name, if that group passes the checks below.
    hooks.onFindUncoupled.for(UNIT_OF_MEASURE).tapPromise(PLUGIN_NAME, async (ctx) =>
      findUnitGroupByName(this.#crm(), unitGroupName(String(ctx.source.values.code), this.#prefix)),
    );
    // Every time an existing group is written to: active, exactly one unit, named as the code.
    hooks.onBeforeTransform.for(UNIT_OF_MEASURE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, async (ctx) => {
      if (ctx.destination) await checkUnitGroup(this.#crm(), ctx.destination, String(ctx.source.values.code));
    });
  }

  /** Each item's and resource's own unit group with its units (`UNIT GROUP`, `ITEM UOM`, `RESOURCE UOM`). */
  #registerUnitGroups(registry: PluginRegistry): void {
    registry.addEntities(UnitGroupSchema, ItemUnitOfMeasureSchema, ResourceUnitOfMeasureSchema);
    registry.addMapping(unitGroupMapping());
    const hooks = registry.hooks;
    const tap = { name: PLUGIN_NAME };
    const validate = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };
    const services = () => this.#ready();

    const sources = new UnitGroupSources(services);
    hooks.onJobStart.for(UNIT_GROUP).tap(tap, () => sources.lookup.forget());
    hooks.onQueryPostFilter.for(UNIT_GROUP).tap(tap, (ctx) => void sources.lookup.collect(ctx.source));
    hooks.onBeforeTransform.for(UNIT_GROUP).tapPromise(validate, (ctx) => sources.check(ctx));

    for (const source of [ITEM_UNITS, RESOURCE_UNITS] satisfies UnitSource[]) {
      registry.addMapping(recordUnitMapping(source));
      const units = new RecordUnits(services, source);
      hooks.onJobStart.for(source.mapping).tap(tap, () => units.lookup.forget());
      hooks.onQueryPostFilter.for(source.mapping).tap(tap, (ctx) => void units.lookup.collect(ctx.source));
      hooks.onFindUncoupled.for(source.mapping).tapPromise(tap, (ctx) => units.findExisting(ctx.source));
      hooks.onBeforeTransform.for(source.mapping).tapPromise(validate, (ctx) => units.check(ctx));
      hooks.onAfterTransform.for(source.mapping).tapPromise(tap, (ctx) => units.complete(ctx));
    }
  }

  #ready(): HostServices {
    if (!this.#services) throw new Error(`${PLUGIN_NAME} is not ready`);
    return this.#services;
  }

  #crm() {
    return this.#ready().stores.integration;
  }
}
