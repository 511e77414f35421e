import type { InjectionToken, PluginRegistry } from '@tandem/core';
import { unitOfMeasureErrors } from './errors';

/**
 * Which way units of measure reach the CRM (BC's "Unit Group Mapping Enabled", the seed's feature switch "Multiple
 * Units of Measure Synchronization"): off, each unit of measure is a unit group with one unit (`UNIT OF MEASURE`); on,
 * each item and resource has its own unit group with its units (`UNIT GROUP`, `ITEM UOM`, `RESOURCE UOM`).
 */
export interface UnitOfMeasureMode {
  readonly multipleUnitsOfMeasure: boolean;
}

/** The mode `UnitOfMeasurePlugin` runs in, provided as a service (`services.resolve(UNIT_OF_MEASURE_MODE)`). */
export const UNIT_OF_MEASURE_MODE: InjectionToken<UnitOfMeasureMode> = Symbol('UnitOfMeasureMode');

/**
 * The mode, for a plugin that depends on `UnitOfMeasurePlugin`, already in its `register` (its mappings differ by
 * mode): the dependency registered first and provided the mode as a value.
 */
export function unitOfMeasureModeOf(registry: PluginRegistry): UnitOfMeasureMode {
  const provider = registry.services.get(UNIT_OF_MEASURE_MODE as InjectionToken<unknown>)?.provider;
  if (!provider || !('useValue' in provider)) throw unitOfMeasureErrors.modeUnknown();
  return provider.useValue as UnitOfMeasureMode;
}
