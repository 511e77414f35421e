// The emulator as the benchmark runs it: its own process, a database file, and the CRM users the demo salespeople
// are coupled to. `pnpm emulator` has no option for users, so this is `cli.ts` plus `users`.
import { BENCH_USERS } from './benchUsers';

// `TANDEM_EMULATOR_MODULE` (opt-in): the path of another copy of the emulator's `src/index.ts` — an older commit's,
// extracted with `git archive` beside its dependencies — so the same scenario can be measured against both.
const { startEmulator } = (await import(process.env['TANDEM_EMULATOR_MODULE'] ?? '@tandem/dataverse-emulator')) as typeof import('@tandem/dataverse-emulator');

const [db] = process.argv.slice(2);
if (!db) {
  console.error('usage: tsx bench/emulatorMain.ts <db file>');
  process.exit(2);
}
const emulator = await startEmulator({ port: 0, db, users: BENCH_USERS });
console.log(`Dataverse emulator listening on ${emulator.url}`);
let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  emulator.close().then(() => process.exit(0), () => process.exit(1));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
// The benchmark holds our stdin: when it ends, however it ended, so do we.
process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.resume();
