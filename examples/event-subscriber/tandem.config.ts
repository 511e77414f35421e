import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { ItemProductPlugin } from '@tandem/plugin-item-product';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { HouseRulesPlugin } from './src/index';

// The shipped plugins plus the house rules: `pnpm tandem --config examples/event-subscriber/tandem.config.ts sync --all --full`.
export default defineConfig({
  database: { sqlite: './.tandem/erp.sqlite' },
  dataverse: { emulator: { db: './.tandem/dataverse-emulator.sqlite' } },
  plugins: [
    ErpPlugin, SalespersonUserPlugin, CurrencyPlugin, UnitOfMeasurePlugin, ItemProductPlugin, CustomerAccountPlugin,
    // A plugin instance with options; relative paths in plugin options are the plugin's business (here: the current folder).
    HouseRulesPlugin.withOptions({ conflictReport: './.tandem/conflicts.jsonl' }),
  ],
  logging: { level: 'warn', format: 'pretty' },
});
