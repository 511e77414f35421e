import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { AccountViewPlugin } from '@tandem/plugin-account-view';
import { ContactPlugin } from '@tandem/plugin-contact';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { CustomerStatisticsPlugin } from '@tandem/plugin-customer-statistics';
import { ItemAvailabilityPlugin } from '@tandem/plugin-item-availability';
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

// The quickstart's host: the same file `pnpm tandem --config examples/quickstart/tandem.config.ts …` runs.
// Secrets never go in this file: with a real Dataverse, set TANDEM_DATAVERSE_CLIENT_SECRET in the environment.
export default defineConfig({
  // The ERP tables and Tandem's state, in one SQLite file (relative to this file).
  database: { sqlite: './.tandem/erp.sqlite' },
  // The embedded Dataverse emulator, kept in a SQLite file beside the ERP. For a real environment:
  //   dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: '…', clientId: '…' },
  dataverse: { emulator: { db: './.tandem/dataverse-emulator.sqlite' } },
  // Every plugin, listed in the seeds' job order. A plugin added here takes part in the quickstart: its mappings run
  // in the full sync (at their place in src/jobOrder.ts) and get a line in the summary table.
  plugins: [
    ErpPlugin,
    SalespersonUserPlugin,
    CurrencyPlugin,
    UnitOfMeasurePlugin,
    ResourceProductPlugin,
    ItemProductPlugin,
    PriceListPlugin,
    CustomerAccountPlugin,
    ContactPlugin,
    OpportunityPlugin,
    // Activated CRM quotes become ERP sales quotes on every run of SALESQUOTE-QUOTE (the seed's "Automatically
    // Process Sales Quotes"), submitted CRM orders ERP orders (SALESORDER-ORDER, "Automatically Create Sales Orders").
    { plugin: SalesQuotePlugin, options: { autoProcessSalesQuotes: true } },
    { plugin: SalesOrderPlugin, options: { autoCreateSalesOrders: true, erpName: 'Quickstart ERP' } },
    SalesOrderNotesPlugin,
    PostedSalesInvoicePlugin,
    // Plugin jobs, not mappings: account statistics and item availability (every 30 minutes by default).
    CustomerStatisticsPlugin,
    ItemAvailabilityPlugin,
    AccountViewPlugin,
  ],
  // A demo pace: every mapping runs every 2 seconds, so the worker cycle shows changes within seconds.
  // The plugins' defaults (every 30 minutes, on hold after 12 or 24 idle hours) are what production wants.
  schedule: { intervalSeconds: 2 },
  business: { linkTemplate: 'https://erp.example.com/{table}/{id}' },
  logging: { level: 'warn', format: 'pretty' },
});
