import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
const MAIN = resolve(here, '../src/main.ts');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');

export interface TandemRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * A folder for one test's config and databases, inside the repository (under the ignored `.tandem/`), so a config
 * file's `import '@tandem/…'` resolves like a host's would.
 */
export function tempProject(): { dir: string; remove(): void } {
  mkdirSync(join(REPO_ROOT, '.tandem'), { recursive: true });
  const dir = mkdtempSync(join(REPO_ROOT, '.tandem', 'cli-test-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `tsx packages/cli/src/main.ts …args` as a child process in `cwd`; the environment has no TANDEM_* but `env`. */
export function runTandem(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<TandemRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TANDEM_')));
  return new Promise((resolvePromise) => {
    execFile(process.execPath, [TSX_CLI, MAIN, ...args], { cwd, env: { ...base, ...env, NO_COLOR: '1' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr });
    });
  });
}
