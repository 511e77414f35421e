import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as SALES_ORDER_PLUGIN } from '@tandem/plugin-sales-order';
import { PLUGIN_NAME } from './constants';
import { notesMapping } from './notesMapping';
import { noteDefaults } from './rules/noteDefaults';
import { onlyCoupledOrders } from './rules/onlyCoupledOrders';

/**
 * Notes on coupled sales orders ↔ CRM annotations of those orders (BC's sales-order notes job). No options: register
 * the class; change the mapping through `host.mappings`.
 */
@injectable()
export class SalesOrderNotesPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, SALES_ORDER_PLUGIN];

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {}

  register(registry: PluginRegistry): void {
    registry.addMapping(notesMapping);
    onlyCoupledOrders(registry.hooks, this.services);
    noteDefaults(registry.hooks, this.services);
  }
}
