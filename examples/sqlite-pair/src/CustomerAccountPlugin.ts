import { injectable, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { CustomerSchema } from './entities';

export const PLUGIN_NAME = 'ExampleCustomerAccountPlugin';

/** Pairs the example's customers with CRM accounts, both ways. */
@injectable()
export class CustomerAccountPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;

  register(registry: PluginRegistry): void {
    registry.addEntities(CustomerSchema);
    registry.addMapping({
      name: 'CUSTOMER',
      businessTable: 'Customer',
      integrationTable: 'account',
      direction: 'bidirectional',
      syncOnlyCoupled: false,
      fields: [
        { business: 'name', integration: 'name', match: { priority: 0 } },
        { business: 'city', integration: 'address1_city' },
        { business: 'phone', integration: 'telephone1' },
      ],
    });
    // New customers coming from the CRM get a number: the ERP's key is not the CRM's.
    registry.hooks.onBeforeInsert.for('CUSTOMER').tap(PLUGIN_NAME, (context) => {
      if (context.direction === 'fromIntegration') context.values.no = `CRM-${context.source.id.slice(0, 8).toUpperCase()}`;
    });
  }
}
