/**
 * The `tandem.config.ts` that `tandem init` writes: the ERP and every plugin of the repository, listed in the seeds'
 * job order, against the embedded emulator.
 */
export const STARTER_CONFIG = `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { AccountViewPlugin } from '@tandem/plugin-account-view';
import { ContactPlugin } from '@tandem/plugin-contact';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { OpportunityPlugin } from '@tandem/plugin-opportunity';
import { PostedSalesInvoicePlugin } from '@tandem/plugin-posted-sales-invoice';
import { PriceListPlugin } from '@tandem/plugin-price-list';
import { ResourceProductPlugin } from '@tandem/plugin-resource-product';
import { SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SalesOrderNotesPlugin } from '@tandem/plugin-sales-order-notes';
import { SalesQuotePlugin } from '@tandem/plugin-sales-quote';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';

// Secrets never go in this file: set TANDEM_DATAVERSE_CLIENT_SECRET (or TANDEM_DATAVERSE_TOKEN) in the environment.
export default defineConfig({
  // The ERP and Tandem's state, in one SQLite file (relative to this file).
  database: { sqlite: './.tandem/erp.sqlite' },
  // The embedded Dataverse emulator. For a real environment:
  //   dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: '…', clientId: '…' },
  dataverse: { emulator: true },
  // Every plugin, in the seeds' job order. Remove the ones you do not want (a plugin another one depends on must stay).
  plugins: [
    ErpPlugin,
    SalespersonUserPlugin,
    CurrencyPlugin,
    UnitOfMeasurePlugin, // { plugin: UnitOfMeasurePlugin, options: { multipleUnitsOfMeasure: true } } for a unit group per item
    ResourceProductPlugin,
    ItemProductPlugin,
    PriceListPlugin,
    CustomerAccountPlugin,
    ContactPlugin,
    OpportunityPlugin,
    { plugin: SalesQuotePlugin, options: { autoProcessSalesQuotes: true } },
    { plugin: SalesOrderPlugin, options: { autoCreateSalesOrders: true } },
    SalesOrderNotesPlugin,
    PostedSalesInvoicePlugin,
    AccountViewPlugin,
  ],
  // Settings per mapping over the plugins' defaults, e.g. CUSTOMER: { direction: 'toIntegration' }.
  mappings: {},
  logging: { level: 'warn', format: 'pretty' },
});
`;
