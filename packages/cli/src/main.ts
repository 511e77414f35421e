// Entry point of `tandem` (root package.json: `tsx packages/cli/src/main.ts`; the package's bin registers tsx first).
import { runCli } from './runCli';

process.exit(await runCli(process.argv.slice(2)));
