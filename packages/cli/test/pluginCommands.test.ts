// Commands contributed by a plugin (defined in the test's config): run on the booted host with their arguments and
// options; a name clash with a built-in fails every command with TANDEM_CLI_PLUGIN_COMMAND_INVALID.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { cliIn } from './cliInProcess';
import { tempProject } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const project = tempProject();
afterAll(() => project.remove());

/** A config with the ERP, the currency plugin and a small plugin contributing `commands`. */
function configWith(commands: string): string {
  const file = join(project.dir, `tandem-${Math.random().toString(36).slice(2)}.config.ts`);
  writeFileSync(
    file,
    `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';

const ReportPlugin = {
  name: 'ReportPlugin',
  register() {},
  commands: ${commands},
};

export default defineConfig({ database: { sqlite: './.tandem/plugin-commands.sqlite' }, dataverse: { emulator: true }, plugins: [ErpPlugin, CurrencyPlugin, ReportPlugin] });
`,
  );
  return file;
}

const report = configWith(`[
  {
    name: 'mapping-report',
    description: 'one mapping in a line',
    arguments: [{ name: 'mapping' }, { name: 'extra', required: false, variadic: true }],
    options: [{ flags: '--upper', description: 'upper-case' }, { flags: '--format <format>', choices: ['text', 'json'], default: 'text' }],
    async run(host, [name, extra], options, output) {
      if (!host.mappings.all().some((m) => m.name === name)) {
        output.error('no mapping ' + name);
        return 1;
      }
      const m = host.mappings.get(name);
      const line = m.name + ': ' + m.businessTable + ' -> ' + m.integrationTable + ' extra=' + JSON.stringify(extra);
      if (options.format === 'json') output.json({ name: m.name, extra });
      else output.line(options.upper ? line.toUpperCase() : line);
    },
  },
]`);

describe('plugin commands', () => {
  it('run on the booted host with their arguments and options; the result is the exit code', async () => {
    expect(await cliIn(report, 'mapping-report', 'CURRENCY')).toMatchObject({ code: 0, stdout: 'CURRENCY: Currency -> transactioncurrency extra=[]\n' });
    expect(await cliIn(report, 'mapping-report', 'CURRENCY', 'a', 'b', '--upper')).toMatchObject({ code: 0, stdout: 'CURRENCY: CURRENCY -> TRANSACTIONCURRENCY EXTRA=["A","B"]\n' });
    expect(JSON.parse((await cliIn(report, 'mapping-report', 'CURRENCY', '--format', 'json')).stdout)).toEqual({ name: 'CURRENCY', extra: [] });
    expect(await cliIn(report, 'mapping-report', 'NOPE')).toMatchObject({ code: 1, stderr: 'no mapping NOPE\n' });
  });

  it('usage errors stay usage errors: a missing argument, a bad choice, an unknown command', async () => {
    expect(await cliIn(report, 'mapping-report')).toMatchObject({ code: 2, stderr: expect.stringContaining("missing required argument 'mapping'") });
    expect(await cliIn(report, 'mapping-report', 'CURRENCY', '--format', 'xml')).toMatchObject({ code: 2, stderr: expect.stringContaining('Allowed choices are text, json') });
    expect(await cliIn(report, 'mapping-reprot')).toMatchObject({ code: 2, stderr: expect.stringContaining("unknown command 'mapping-reprot'") });
  });

  it('a name clash with a built-in command (or a malformed command) fails every command with exit 2', async () => {
    const clash = configWith(`[{ name: 'status', description: 'mine', run() {} }, { name: 'Bad Name', description: 'x', run() {} }]`);
    const run = await cliIn(clash, 'status');
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TANDEM_CLI_PLUGIN_COMMAND_INVALID: the commands the plugins contribute are invalid');
    expect(run.stderr).toContain('plugin "ReportPlugin" command "status": "status" is a built-in tandem command; choose another name');
    expect(run.stderr).toContain('plugin "ReportPlugin" command "Bad Name": the name must be lower-case words joined by "-"');
  });
});
