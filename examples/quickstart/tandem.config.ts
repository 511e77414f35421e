import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalesOrderPlugin } from '@tandem/plugin-sales-order';
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
  plugins: [
    ErpPlugin,
    SalespersonUserPlugin,
    CurrencyPlugin,
    UnitOfMeasurePlugin,
    ItemProductPlugin,
    CustomerAccountPlugin,
    { plugin: SalesOrderPlugin, options: { autoCreateSalesOrders: true, erpName: 'Quickstart ERP' } },
  ],
  // A demo pace: every mapping runs every 2 seconds, so the worker cycle shows changes within seconds.
  // The plugins' defaults (every 30 minutes, on hold after 12 or 24 idle hours) are what production wants.
  schedule: { intervalSeconds: 2 },
  business: { linkTemplate: 'https://erp.example.com/{table}/{id}' },
  logging: { level: 'warn', format: 'pretty' },
});
