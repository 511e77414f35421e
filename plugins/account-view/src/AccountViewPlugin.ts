import { injectable, type InjectionToken, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as CUSTOMER_ACCOUNT_PLUGIN } from '@tandem/plugin-customer-account';
import { AccountView } from './AccountView';

export const PLUGIN_NAME = 'AccountViewPlugin';

/** The host's account view: `host.container.resolve(ACCOUNT_VIEW)`, or `services.resolve(ACCOUNT_VIEW)` in a dependent plugin's `ready`. */
export const ACCOUNT_VIEW: InjectionToken<AccountView> = Symbol('AccountView');

/**
 * The CRM view from the ERP (seed: "view and access opportunities, cases, and quotes that are associated with a
 * corresponding account"): provides `ACCOUNT_VIEW`. No mapping, no hooks, no options.
 */
@injectable()
export class AccountViewPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, CUSTOMER_ACCOUNT_PLUGIN];

  register(registry: PluginRegistry): void {
    registry.provide(ACCOUNT_VIEW, {
      useFactory: (services) => new AccountView({ orm: services.orm, state: services.state, crm: services.stores.integration }),
    });
  }
}
