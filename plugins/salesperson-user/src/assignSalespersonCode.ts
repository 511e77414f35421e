import { SyncStage, type HostServices, type PluginRegistry } from '@tandem/core';
import { PLUGIN_NAME, SALESPEOPLE } from './constants';
import type { SalespersonCodeSeries } from './SalespersonCodeSeries';

/**
 * A salesperson made from a CRM user gets the next code of the number series (BC: 'SP NO. 00001', incrementing),
 * unless an earlier tap (a host's own) already chose one. The number is taken before the page's write, outside its
 * transaction: a failed insert leaves a gap in the series, never a code used twice.
 */
export function assignSalespersonCode(registry: PluginRegistry, series: SalespersonCodeSeries, services: () => HostServices): void {
  registry.hooks.onBeforeInsert.for(SALESPEOPLE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, async (context) => {
    if (context.direction !== 'fromIntegration' || context.values.code) return;
    context.values.code = await series.next(services().orm.em.fork());
  });
}
