import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { CompanyAccounts, PLUGIN_NAME as CONTACT_PLUGIN } from '@tandem/plugin-contact';
import { PLUGIN_NAME as SALESPERSON_USER_PLUGIN } from '@tandem/plugin-salesperson-user';
import { PLUGIN_NAME } from './constants';
import { opportunityMapping } from './opportunityMapping';
import { contactAndAccountToCrm } from './rules/contactAndAccountToCrm';
import { contactAndCompanyFromCrm } from './rules/contactAndCompanyFromCrm';
import { opportunityNumberFromSeries } from './rules/opportunityNumberFromSeries';
import { salespersonFromOwner } from './rules/salespersonFromOwner';

/**
 * ERP opportunities ↔ CRM opportunities (BC's OPPORTUNITY): contact and account through the CONTACT and CUSTOMER
 * couplings, owner from the salesperson. No options: register the class; change the mapping through `host.mappings`.
 */
@injectable()
export class OpportunityPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, SALESPERSON_USER_PLUGIN, CONTACT_PLUGIN];

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {}

  register(registry: PluginRegistry): void {
    registry.addMapping(opportunityMapping);
    const accounts = new CompanyAccounts(this.services);
    contactAndAccountToCrm(registry.hooks, this.services, accounts);
    contactAndCompanyFromCrm(registry.hooks, this.services, accounts);
    salespersonFromOwner(registry.hooks, this.services);
    opportunityNumberFromSeries(registry.hooks, this.services);
  }
}
