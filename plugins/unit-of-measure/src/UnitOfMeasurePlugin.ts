import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN, UnitOfMeasureSchema } from '@tandem/erp';
import { UNIT_OF_MEASURE, unitOfMeasureMapping } from './unitOfMeasureMapping';
import { DEFAULT_UNIT_GROUP_PREFIX, UNIT_GROUP_NAME_RULE, unitGroupName } from './unitGroupName';
import { checkUnitGroup, findUnitGroupByName } from './UnitGroupRules';

export const PLUGIN_NAME = 'UnitOfMeasurePlugin';

export interface UnitOfMeasurePluginOptions {
  /** Put in front of the unit of measure code to name its CRM unit group; default 'NAV ' (as NAV 2018). */
  unitGroupPrefix?: string;
}

/**
 * Units of measure → CRM unit groups with exactly one unit each. Without options it is used as a class
 * (`plugins: [UnitOfMeasurePlugin]`); `UnitOfMeasurePlugin.withOptions({ unitGroupPrefix })` gives a configured instance.
 */
@injectable()
export class UnitOfMeasurePlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN];
  #prefix = DEFAULT_UNIT_GROUP_PREFIX;
  #services: HostServices | undefined;

  static withOptions(options: UnitOfMeasurePluginOptions): UnitOfMeasurePlugin {
    const plugin = new UnitOfMeasurePlugin();
    if (options.unitGroupPrefix !== undefined) plugin.#prefix = options.unitGroupPrefix;
    return plugin;
  }

  register(registry: PluginRegistry): void {
    registry.addEntities(UnitOfMeasureSchema);
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

  ready(services: HostServices): void {
    this.#services = services;
  }

  #crm() {
    if (!this.#services) throw new Error(`${PLUGIN_NAME} is not ready`);
    return this.#services.stores.integration;
  }
}
