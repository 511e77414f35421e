import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as CURRENCY_PLUGIN } from '@tandem/plugin-currency';
import { PLUGIN_NAME as SALESPERSON_USER_PLUGIN } from '@tandem/plugin-salesperson-user';
import { PLUGIN_NAME } from './constants';
import { customerMapping } from './customerMapping';
import { addDefaultOptionMappings } from './optionMappings';
import { customerNumberFromSeries } from './rules/customerNumberFromSeries';
import { inactiveAccountBlocksCustomer } from './rules/inactiveAccountBlocksCustomer';
import { optionCodesExistInErp } from './rules/optionCodesExistInErp';
import { salespersonFromOwner } from './rules/salespersonFromOwner';
import { salespersonMustBeCoupled } from './rules/salespersonMustBeCoupled';
import { templateFillsBlanks } from './rules/templateFillsBlanks';

/**
 * Customer ↔ CRM account (BC's CUSTOMER), with the option sets PAYMENT TERMS, SHIPMENT METHOD and SHIPPING AGENT.
 * No options: register the class as it is. Hosts change the mapping at run time through `host.mappings` and the
 * option mappings through `host.options`.
 */
@injectable()
export class CustomerAccountPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, SALESPERSON_USER_PLUGIN, CURRENCY_PLUGIN];

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {}

  register(registry: PluginRegistry): void {
    addDefaultOptionMappings(registry);
    registry.addMapping(customerMapping);
    salespersonMustBeCoupled(registry.hooks, this.services);
    inactiveAccountBlocksCustomer(registry.hooks);
    customerNumberFromSeries(registry.hooks, this.services);
    templateFillsBlanks(registry.hooks);
    optionCodesExistInErp(registry.hooks, this.services);
    salespersonFromOwner(registry.hooks, this.services);
  }
}
