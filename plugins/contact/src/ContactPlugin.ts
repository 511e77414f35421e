import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as CUSTOMER_ACCOUNT_PLUGIN } from '@tandem/plugin-customer-account';
import { PLUGIN_NAME as CURRENCY_PLUGIN } from '@tandem/plugin-currency';
import { PLUGIN_NAME as SALESPERSON_USER_PLUGIN } from '@tandem/plugin-salesperson-user';
import { CompanyAccounts } from './CompanyAccounts';
import { PLUGIN_NAME } from './constants';
import { contactMapping } from './contactMapping';
import { companyFromParentAccount } from './rules/companyFromParentAccount';
import { contactNumberFromSeries } from './rules/contactNumberFromSeries';
import { parentAccountFromCompany } from './rules/parentAccountFromCompany';
import { primaryContactAfterContactInsert } from './rules/primaryContactAfterContactInsert';
import { PRIMARY_CONTACT_FIELD, primaryContactOnCustomer } from './rules/primaryContactOnCustomer';
import { salespersonFromOwner } from './rules/salespersonFromOwner';

/**
 * ERP person contacts ↔ CRM contacts (BC's CONTACT), under the account of their company. No options: register the
 * class as it is; hosts change the mapping at run time through `host.mappings`.
 */
@injectable()
export class ContactPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, SALESPERSON_USER_PLUGIN, CURRENCY_PLUGIN, CUSTOMER_ACCOUNT_PLUGIN];

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {}

  register(registry: PluginRegistry): void {
    registry.addMapping(contactMapping);
    const accounts = new CompanyAccounts(this.services);
    parentAccountFromCompany(registry.hooks, accounts);
    companyFromParentAccount(registry.hooks, accounts);
    salespersonFromOwner(registry.hooks, this.services);
    contactNumberFromSeries(registry.hooks, this.services);
    primaryContactOnCustomer(registry.hooks, this.services);
    primaryContactAfterContactInsert(registry.hooks, this.services);
  }

  /** The primary contact columns are no field of CUSTOMER: stores that read only mapped columns are told to read them. */
  ready(services: HostServices): void {
    // The business store (MikroORM) reads whole entities; a Dataverse store may read only the mapped columns.
    services.stores.integration.useColumns?.('account', [PRIMARY_CONTACT_FIELD]);
  }
}
