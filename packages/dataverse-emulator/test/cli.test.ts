import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArguments } from '../src/cli/CliArguments';

const ROOT = resolve(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const CLI = join(ROOT, 'packages', 'dataverse-emulator', 'src', 'cli.ts');
const work = mkdtempSync(join(tmpdir(), 'tandem-emulator-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<number | null>;
}

function run(args: string[]): Started & { ready: Promise<string> } {
  const child = spawn(TSX, ['--tsconfig', join(ROOT, 'tsconfig.json'), CLI, ...args], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exit = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
  const ready = new Promise<string>((resolveReady, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) resolveReady(match[1]!);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exit.then((code) => reject(new Error(`exited with ${code}: ${output}`)));
  });
  const started = { child, url: '', output: () => output, exit, ready };
  return started;
}

async function token(url: string): Promise<string> {
  const response = await fetch(`${url}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: 'tandem-local', client_secret: 'tandem-local-secret', scope: `${url}/.default` }),
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

describe('pnpm emulator (cli.ts)', () => {
  it('parses its flags', () => {
    expect(parseArguments(['--port', '0', '--db', ':memory:'])).toMatchObject({ port: 0, db: ':memory:' });
    expect(parseArguments(['--port=8080']).port).toBe(8080);
    expect(parseArguments([]).db).toBe(resolve(process.cwd(), '.tandem', 'dataverse-emulator.sqlite'));
    expect(() => parseArguments(['--port', 'x'])).toThrow(/--port/);
    expect(() => parseArguments(['--db'])).toThrow(/--db needs a value/);
    expect(() => parseArguments(['--verbose'])).toThrow(/unknown option/);
  });

  it('exits with code 2 and a clear message on a bad flag', async () => {
    const started = run(['--port', '0', '--nope']);
    started.ready.catch(() => undefined);
    expect(await started.exit).toBe(2);
    expect(started.output()).toContain("unknown option '--nope'");
    expect(started.output()).toContain('Usage: pnpm emulator');
  }, 30_000);

  it('prints its base URL, serves from the default database file, shuts down cleanly and keeps the data', async () => {
    const first = run(['--port', '0']);
    const url = await first.ready;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(join(work, '.tandem', 'dataverse-emulator.sqlite'))).toBe(true);
    const bearer = await token(url);
    const created = await fetch(`${url}/api/data/v9.2/accounts`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ accountid: '11111111-2222-4333-8444-555555555555', name: 'Persisted' }),
    });
    expect(created.status).toBe(204);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    expect(first.output()).toContain('shutting down');

    const second = run(['--port', '0', '--db', join(work, '.tandem', 'dataverse-emulator.sqlite')]);
    const url2 = await second.ready;
    const read = await fetch(`${url2}/api/data/v9.2/accounts(11111111-2222-4333-8444-555555555555)?$select=name`, { headers: { Authorization: `Bearer ${await token(url2)}` } });
    expect(((await read.json()) as { name: string }).name).toBe('Persisted');
    second.child.kill('SIGINT');
    expect(await second.exit).toBe(0);
  }, 30_000);
});
