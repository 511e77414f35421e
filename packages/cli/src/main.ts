// Entry point of `tandem` (root package.json: `tsx packages/cli/src/main.ts`; the package's bin registers tsx first).
import { Output } from './Output';
import { ExitCode } from './ExitCode';
import { runCli } from './runCli';

const output = new Output();
// Whatever escapes (a rejection in a background task) is reported in one scrubbed line instead of Node's stack dump.
const crash = (error: unknown) => {
  output.error(`tandem: unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(ExitCode.failed);
};
process.on('uncaughtException', crash);
process.on('unhandledRejection', crash);

process.exit(await runCli(process.argv.slice(2), output));
