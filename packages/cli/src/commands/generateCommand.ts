import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ErrorCodes, TandemError } from '@tandem/core';
import type { CommandRegistration } from './CommandContext';
import { usageError } from './usageError';

export interface GenerateTableOptions {
  out?: string;
  exportName?: string;
  importFrom?: string;
}

/**
 * `tandem generate table <logicalName> [--out file]`: a TypeScript table definition (`defineTable` with one `column`
 * per attribute) from the metadata of the config's Dataverse (or its embedded emulator). Boots no plugin.
 */
export const registerGenerateCommand: CommandRegistration = (program, { output, configFile }) => {
  const generate = program.command('generate').description('generate source files from the connected Dataverse');
  generate
    .command('table')
    .description("a TypeScript table definition from the connected Dataverse's metadata")
    .argument('<logicalName>', 'the table, e.g. campaign')
    .option('--out <file>', 'write it to this file (default: print it)')
    .option('--export-name <name>', 'the exported constant (default <logicalName>Table)')
    .option('--import-from <module>', 'where defineTable and column come from', '@tandem/dataverse')
    .action(async (logicalName: string, options: GenerateTableOptions) => {
      const { loadConfig } = await import('../config/loadConfig');
      const { connectDataverse } = await import('../config/hostFromConfig');
      const { generateTableDefinition, renderTableDefinitionFile } = await import('@tandem/dataverse');
      const loaded = await loadConfig(configFile());
      const dataverse = await connectDataverse(loaded);
      try {
        const fetch = dataverse.client.fetchAdapter();
        // The client's adapter puts its own token on every request; the source's token is not used.
        const definition = await generateTableDefinition({ serviceUrl: dataverse.client.url, getToken: async () => 'client', fetch }, logicalName).catch((error: unknown) => {
          if (error instanceof TandemError && error.code === ErrorCodes.TABLE_UNKNOWN) throw usageError(error.message);
          throw error;
        });
        const source = renderTableDefinitionFile(definition, {
          ...(options.importFrom ? { importFrom: options.importFrom } : {}),
          ...(options.exportName ? { exportName: options.exportName } : {}),
        });
        if (!options.out) return output.line(source.replace(/\n$/, ''));
        const path = resolve(options.out);
        writeFileSync(path, source);
        output.line(`wrote ${path}: ${definition.logicalName} with ${Object.keys(definition.fields).length} columns`);
      } finally {
        await dataverse.close();
      }
    });
};
