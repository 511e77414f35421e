import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CampaignPlugin } from './src/index';

// A host with the example plugin alone: `pnpm tandem --config examples/custom-plugin/tandem.config.ts sync --all --full`.
export default defineConfig({
  database: { sqlite: './.tandem/erp.sqlite' },
  dataverse: { emulator: { db: './.tandem/dataverse-emulator.sqlite' } },
  plugins: [ErpPlugin, CampaignPlugin],
  logging: { level: 'warn', format: 'pretty' },
});
