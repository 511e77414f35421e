// A secret from the environment never shows in any output, of a run that fails or of one that succeeds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTandem, tempProject, type TandemRun } from './runTandem';

const SECRET = 'very-secret-value';
const env = { TANDEM_DATAVERSE_CLIENT_SECRET: SECRET };
const project = tempProject();
afterAll(() => project.remove());

function expectNoSecret(run: TandemRun): void {
  for (const output of [run.stdout, run.stderr]) expect(output).not.toContain(SECRET);
}

describe('TANDEM_DATAVERSE_CLIENT_SECRET, with trace-level JSON logs', () => {
  beforeAll(() => {
    // A real-Dataverse config whose token endpoint cannot be reached: the secret is handed to the token request.
    writeFileSync(
      join(project.dir, 'tandem.config.ts'),
      `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
export default defineConfig({
  dataverse: { url: 'https://127.0.0.1:9', auth: 'clientCredentials', tenantId: 'contoso', clientId: 'app-id', authority: 'https://127.0.0.1:9/contoso' },
  plugins: [ErpPlugin, CurrencyPlugin],
  logging: { level: 'trace', format: 'json' },
});
`,
    );
  });

  it('is not printed by a command that succeeds (status --json)', async () => {
    const run = await runTandem(project.dir, ['status', '--json'], env);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual([expect.objectContaining({ mapping: 'CURRENCY', coupled: 0, lastJob: null })]);
    expectNoSecret(run);
  });

  it('is not printed by a command that fails after using it (the token request)', async () => {
    const run = await runTandem(project.dir, ['sync', 'CURRENCY'], env);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Could not acquire a token for client app-id');
    expectNoSecret(run);
  });
});
