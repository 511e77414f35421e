import { startEmulator } from '../startEmulator';
import { parseArguments, USAGE, UsageError, type CliOptions } from './CliArguments';

/**
 * `pnpm emulator [--port N] [--db FILE] [--host H]`: starts the emulator and prints its base URL.
 * Exit codes: 0 after a clean shutdown (SIGINT/SIGTERM), 1 when it cannot start, 2 on a bad command line.
 */
export async function runCli(args: readonly string[]): Promise<void> {
  let options: CliOptions;
  try {
    options = parseArguments(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    if (error.help) {
      console.log(USAGE);
      process.exit(0);
    }
    console.error(`dataverse-emulator: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  const emulator = await startEmulator({ port: options.port, host: options.host, db: options.db });
  // The handlers are in place before the URL is printed: a caller may stop it as soon as it reads the URL.
  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`Received ${signal}, shutting down.`);
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  console.log(`Dataverse emulator listening on ${emulator.url}`);
  console.log(`  Web API:  ${emulator.apiUrl}`);
  console.log(`  Token:    POST ${emulator.tokenUrl} (client_id=${emulator.clientId}, client_secret=${emulator.clientSecret}, scope=${emulator.scope})`);
  console.log(`  Identity: ${emulator.identity.fullName} (${emulator.identity.userId})`);
  console.log(`  Database: ${options.db}`);
}
