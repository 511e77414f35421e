// `npx tsx bench/summarizeProfile.ts <file.cpuprofile> [top]`: the summary `profileScenario.ts` prints, for any
// profile — e.g. the emulator's, written by `TANDEM_EMULATOR_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/emu-prof"`.
import { readFileSync } from 'node:fs';
import { summarize, type CpuProfile } from './cpuProfileSummary';

const [file, top] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/summarizeProfile.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
summarize(profile, Number(top ?? 30));
