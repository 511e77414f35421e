// Writes src/campaignTable.ts from the metadata the Dataverse emulator serves — what
// `pnpm tandem generate table campaign` does against the configured Dataverse. Run: pnpm tsx examples/custom-plugin/scripts/generate-campaign-table.ts
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTableDefinition, renderTableDefinitionFile } from '@tandem/dataverse';
import { startEmulator } from '@tandem/dataverse-emulator';

export async function renderCampaignTable(): Promise<string> {
  const emulator = await startEmulator({ port: 0 });
  try {
    const table = await generateTableDefinition({ serviceUrl: emulator.url, getToken: async () => emulator.issueToken() }, 'campaign');
    return renderTableDefinitionFile(table, { importFrom: '@tandem/dataverse', exportName: 'campaignTable' });
  } finally {
    await emulator.close();
  }
}

export const CAMPAIGN_TABLE_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'campaignTable.ts');

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(CAMPAIGN_TABLE_FILE, await renderCampaignTable());
  process.stdout.write(`wrote ${CAMPAIGN_TABLE_FILE}\n`);
}
