// The command line in-process: usage errors exit 2 (commander's included), help exits 0, init keeps existing files.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Output } from '../src/Output';
import { runCli } from '../src/runCli';
import { SecretScrubber } from '../src/logging/SecretScrubber';
import { tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output = new Output(new SecretScrubber([]), (text) => void (stdout += text), (text) => void (stderr += text));
  const code = await runCli(args, output);
  return { code, stdout, stderr };
}

describe('runCli', () => {
  it('usage errors exit 2: a bad option value, an unknown command, an unknown option', async () => {
    const badChoice = await cli('sync', '--direction', 'sideways');
    expect(badChoice).toMatchObject({ code: 2, stderr: expect.stringContaining("argument 'sideways' is invalid. Allowed choices are to, from.") });
    expect(await cli('frobnicate')).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'frobnicate'") });
    expect(await cli('status', '--colour')).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown option '--colour'") });
  });

  it('--help lists the commands and exits 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const command of ['init', 'status', 'sync', 'mappings']) expect(help.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  });

  it('init refuses to overwrite an existing config (exit 2) unless --force', async () => {
    const file = join(project.dir, 'tandem.config.ts');
    writeFileSync(file, '// mine\n');
    const refused = await cli('--config', file, 'init');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(`TANDEM_CLI_INIT_FILE_EXISTS: ${file} exists already; pass --force to overwrite it`);
    expect(readFileSync(file, 'utf8')).toBe('// mine\n');
    const forced = await cli('--config', file, 'init', '--force');
    expect(forced.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toContain("dataverse: { emulator: true }");
  });

  it('a missing config file is a configuration error that says how to make one', async () => {
    const missing = await cli('--config', join(project.dir, 'nope.config.ts'), 'status');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TANDEM_CLI_CONFIG_NOT_FOUND');
    expect(missing.stderr).toContain('run `tandem init`');
  });
});
