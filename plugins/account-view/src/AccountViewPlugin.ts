import { injectable, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as CUSTOMER_ACCOUNT_PLUGIN } from '@tandem/plugin-customer-account';
import { AccountView } from './AccountView';
import { ACCOUNT_VIEW } from './accountViewToken';
import { crmStatsCommand } from './crmStatsCommand';

export { ACCOUNT_VIEW };

export const PLUGIN_NAME = 'AccountViewPlugin';

/**
 * The CRM view from the ERP (seed: "view and access opportunities, cases, and quotes that are associated with a
 * corresponding account"): provides `ACCOUNT_VIEW` and the `tandem crm-stats <customer>` command. No mapping, no hooks,
 * no options.
 */
@injectable()
export class AccountViewPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, CUSTOMER_ACCOUNT_PLUGIN];
  readonly commands = [crmStatsCommand];

  register(registry: PluginRegistry): void {
    registry.provide(ACCOUNT_VIEW, {
      useFactory: (services) => new AccountView({ orm: services.orm, state: services.state, crm: services.stores.integration }),
    });
  }
}
