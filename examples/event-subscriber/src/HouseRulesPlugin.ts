import { injectable, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as CUSTOMER_PLUGIN } from '@tandem/plugin-customer-account';
import { PLUGIN_NAME as ITEM_PRODUCT_PLUGIN } from '@tandem/plugin-item-product';
import { accountNumberFromCustomer } from './rules/accountNumberFromCustomer';
import { refuseBlockedItems } from './rules/refuseBlockedItems';
import { reportConflicts } from './rules/reportConflicts';
import { upperCaseAccountNames } from './rules/upperCaseAccountNames';

export const PLUGIN_NAME = 'HouseRulesPlugin';

export interface HouseRulesOptions {
  /** Where update conflicts are reported, one JSON line each. Default `./.tandem/conflicts.jsonl` (of the current folder). */
  conflictReport?: string;
}

/**
 * A host's own rules on the shipped plugins, through hooks only: no mapping, no entity, nothing copied from the
 * plugins. It depends on them, so its taps are registered after theirs and its `.for(NAME)` names are checked at boot.
 */
@injectable()
export class HouseRulesPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [CUSTOMER_PLUGIN, ITEM_PRODUCT_PLUGIN];
  #options: Required<HouseRulesOptions> = { conflictReport: './.tandem/conflicts.jsonl' };

  static withOptions(options: HouseRulesOptions): HouseRulesPlugin {
    const plugin = new HouseRulesPlugin();
    plugin.#options = { ...plugin.#options, ...options };
    return plugin;
  }

  register(registry: PluginRegistry): void {
    upperCaseAccountNames(registry.hooks, PLUGIN_NAME);
    refuseBlockedItems(registry.hooks, PLUGIN_NAME);
    accountNumberFromCustomer(registry.hooks, PLUGIN_NAME);
    reportConflicts(registry.hooks, PLUGIN_NAME, this.#options.conflictReport);
  }
}
