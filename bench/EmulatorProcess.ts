import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The Dataverse emulator in a child process of its own, on a database file; `stop` ends it. */
export interface EmulatorProcess {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
// Whatever happens to the benchmark, no emulator outlives it.
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startEmulatorProcess(db: string): Promise<EmulatorProcess> {
  // Node itself with tsx's loader, not the `tsx` command: that one runs Node in a grandchild, which a kill of the
  // child would leave running.
  // `TANDEM_EMULATOR_NODE_FLAGS` (opt-in, space-separated) adds Node flags to the child, e.g. `--cpu-prof
  // --cpu-prof-dir=/tmp/emu-prof` to profile the emulator while a scenario runs.
  const extra = (process.env['TANDEM_EMULATOR_NODE_FLAGS'] ?? '').split(/\s+/).filter(Boolean);
  const child = spawn(process.execPath, [...extra, '--import', 'tsx', join(ROOT, 'bench', 'emulatorMain.ts'), db], {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<void>((done) => child.on('exit', () => (running.delete(child), done())));
  let output = '';
  const url = await new Promise<string>((ready, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) ready(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    void exited.then(() => fail(new Error(`the emulator exited before it listened: ${output}`)));
  });
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
