import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as ITEM_PRODUCT_PLUGIN } from '@tandem/plugin-item-product';
import { ITEM_AVAILABILITY, PLUGIN_NAME } from './constants';
import { ITEM_AVAILABILITY_OPTIONS, resolveOptions, type ItemAvailabilityOptions } from './ItemAvailabilityOptions';
import { runItemAvailability } from './ItemAvailabilityJob';

/**
 * Item availability → the CRM (BC's CU 5356, the seed's "Automatically Synchronize Item Availability"): the plugin job
 * `ITEM-AVAILABILITY` (every 30 minutes) re-sends the quantity on hand of coupled items whose inventory changed
 * through item ledger entries. Add the plugin to switch it on. Options: `ITEM_AVAILABILITY_OPTIONS` (optional).
 */
@injectable()
export class ItemAvailabilityPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, ITEM_PRODUCT_PLUGIN];
  readonly #options: Required<ItemAvailabilityOptions>;

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {
    const container = services.container;
    this.#options = resolveOptions(container.isRegistered(ITEM_AVAILABILITY_OPTIONS, true) ? container.resolve(ITEM_AVAILABILITY_OPTIONS) : {});
  }

  register(registry: PluginRegistry): void {
    registry.addJob({
      name: ITEM_AVAILABILITY,
      description: 'sends the quantity on hand of coupled items whose ledger changed (BC CU 5356)',
      schedule: { intervalSeconds: this.#options.intervalSeconds },
      run: (context) => runItemAvailability(this.services, context, this.#options.pageSize),
    });
  }
}
