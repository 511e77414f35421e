/** The `tandem.config.ts` that `tandem init` writes: the ERP and the six entity plugins against the embedded emulator. */
export const STARTER_CONFIG = `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalesOrderPlugin } from '@tandem/plugin-sales-order';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';

// Secrets never go in this file: set TANDEM_DATAVERSE_CLIENT_SECRET (or TANDEM_DATAVERSE_TOKEN) in the environment.
export default defineConfig({
  // The ERP and Tandem's state, in one SQLite file (relative to this file).
  database: { sqlite: './.tandem/erp.sqlite' },
  // The embedded Dataverse emulator. For a real environment:
  //   dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: '…', clientId: '…' },
  dataverse: { emulator: true },
  plugins: [
    ErpPlugin,
    SalespersonUserPlugin,
    CurrencyPlugin,
    UnitOfMeasurePlugin,
    ItemProductPlugin,
    CustomerAccountPlugin,
    { plugin: SalesOrderPlugin, options: { autoCreateSalesOrders: true } },
  ],
  // Settings per mapping over the plugins' defaults, e.g. CUSTOMER: { direction: 'toIntegration' }.
  mappings: {},
  logging: { level: 'warn', format: 'pretty' },
});
`;
