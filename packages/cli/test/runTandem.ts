import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const MAIN = resolve(here, '../src/main.ts');
const TSX_CLI = createRequire(import.meta.url).resolve('tsx/cli');
/** tsx's loader, for `node --import`: one process, so a signal reaches the CLI itself (tsx's CLI wrapper relays
 *  signals to its child with a 30 ms deadline, which a loaded machine misses). */
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

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

/** A `tandem` child process whose output is collected, for commands that run until a signal (worker, emulator). */
export interface RunningTandem {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves when stdout matches `pattern` (rejects after `timeoutMs`, with what was printed). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
}

/** Starts `node --import tsx packages/cli/src/main.ts …args` (or another script, e.g. the bin) in `cwd`; no TANDEM_* variables. */
export function spawnTandem(cwd: string, args: readonly string[], script = MAIN): RunningTandem {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('TANDEM_')));
  const command = script.endsWith('.mjs') ? [script, ...args] : ['--import', TSX_LOADER, script, ...args];
  const child = spawn(process.execPath, command, { cwd, env: { ...base, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => void (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
  const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const waitFor = (pattern: RegExp, timeoutMs = 120_000) =>
    new Promise<RegExpMatchArray>((resolveWait, reject) => {
      const started = Date.now();
      const look = () => {
        const match = out.match(pattern);
        if (match) return resolveWait(match);
        if (child.exitCode !== null || Date.now() - started > timeoutMs) {
          return reject(new Error(`no ${pattern} in the output (exit ${child.exitCode}):\n${out}\n${err}`));
        }
        setTimeout(look, 50);
      };
      look();
    });
  return { child, stdout: () => out, stderr: () => err, waitFor, exited };
}
