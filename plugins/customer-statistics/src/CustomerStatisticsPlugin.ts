import { TOKENS, inject, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { CURRENCY_LOOKUP, PLUGIN_NAME as CURRENCY_PLUGIN } from '@tandem/plugin-currency';
import { PLUGIN_NAME as CUSTOMER_ACCOUNT_PLUGIN } from '@tandem/plugin-customer-account';
import { CrmStatisticsUploadSchema } from './CrmStatisticsUpload';
import { CUSTOMER_STATISTICS, PLUGIN_NAME } from './constants';
import { CUSTOMER_STATISTICS_OPTIONS, resolveOptions, type CustomerStatisticsOptions } from './CustomerStatisticsOptions';
import { CUSTOMER_STATISTICS_SERVICE, CustomerStatisticsService } from './CustomerStatisticsService';
import { updateStatisticsCommand } from './updateStatisticsCommand';

/**
 * Customer statistics → the CRM (BC's CU 5350 "CRM Statistics Job"): the plugin job `CUSTOMER-STATISTICS` (every 30
 * minutes) writes each coupled customer's figures to the `nav_accountstatistics` row its account links to, making and
 * linking the row when it is missing; `CUSTOMER_STATISTICS_SERVICE` and `tandem update-account-statistics` do it on
 * demand. Options: `CUSTOMER_STATISTICS_OPTIONS` in the parent container (optional).
 */
@injectable()
export class CustomerStatisticsPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, CURRENCY_PLUGIN, CUSTOMER_ACCOUNT_PLUGIN];
  readonly commands = [updateStatisticsCommand];
  readonly #options: Required<CustomerStatisticsOptions>;

  constructor(@inject(TOKENS.services) private readonly services: HostServices) {
    const container = services.container;
    this.#options = resolveOptions(container.isRegistered(CUSTOMER_STATISTICS_OPTIONS, true) ? container.resolve(CUSTOMER_STATISTICS_OPTIONS) : {});
  }

  register(registry: PluginRegistry): void {
    registry.addEntities(CrmStatisticsUploadSchema);
    registry.provide(CUSTOMER_STATISTICS_SERVICE, {
      useFactory: (services) => new CustomerStatisticsService(services, services.resolve(CURRENCY_LOOKUP), this.#options.pageSize),
    });
    registry.addJob({
      name: CUSTOMER_STATISTICS,
      description: 'uploads coupled customers\' statistics to their CRM accounts (BC CU 5350)',
      schedule: { intervalSeconds: this.#options.intervalSeconds },
      run: (context) => this.services.resolve(CUSTOMER_STATISTICS_SERVICE).runJob(context),
    });
  }
}
