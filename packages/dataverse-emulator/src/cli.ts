// Entry point of `pnpm emulator` (root package.json: `tsx packages/dataverse-emulator/src/cli.ts`).
import { runCli } from './cli/runCli';

runCli(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`dataverse-emulator: cannot start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
