import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { CommandRegistration } from './CommandContext';
import { usageError } from './usageError';

export interface EmulatorCommandOptions {
  port?: string;
  db?: string;
}

export const DEFAULT_EMULATOR_DB = '.tandem/dataverse-emulator.sqlite';

/**
 * `tandem emulator [--port n] [--db file]`: the embedded Dataverse Web API emulator as a server of its own, until
 * SIGINT / SIGTERM (then it closes its database and exits 0). Needs no config.
 */
export const registerEmulatorCommand: CommandRegistration = (program, { output }) => {
  program
    .command('emulator')
    .description('run the Dataverse emulator (Web API, metadata, token endpoint) until Ctrl+C')
    .option('--port <port>', 'the TCP port (default: a free one)', '0')
    .option('--db <file>', `its SQLite file, or :memory: (default ${DEFAULT_EMULATOR_DB})`, DEFAULT_EMULATOR_DB)
    .action(async (options: EmulatorCommandOptions) => {
      const port = Number(options.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw usageError(`--port expects a port number (0 for a free one), not "${options.port}"`);
      const db = options.db === ':memory:' ? ':memory:' : resolve(options.db ?? DEFAULT_EMULATOR_DB);
      if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
      // Loaded here: the emulator's modules are not needed by the other commands.
      const { startEmulator } = await import('@tandem/dataverse-emulator');
      const emulator = await startEmulator({ port, db });
      output.line(`Dataverse emulator at ${emulator.url}`);
      output.line(`  Web API   ${emulator.apiUrl}`);
      output.line(`  token     ${emulator.tokenUrl} (client credentials: tenant ${emulator.tenantId}, client ${emulator.clientId})`);
      output.line(`  database  ${db}`);
      output.line('Ctrl+C stops it.');
      await new Promise<void>((resolveStop) => {
        const stop = (signal: NodeJS.Signals) => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          output.line(`${signal}: stopping the emulator`);
          resolveStop();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      await emulator.close();
    });
};
