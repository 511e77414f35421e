// A secret from the environment never shows in any output, of a run that fails or of one that succeeds.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTandem, tempProject } from './runTandem';

const SECRET = 'very-secret-value';
const project = tempProject();
afterAll(() => project.remove());

describe('secrets', () => {
  it('TANDEM_DATAVERSE_CLIENT_SECRET is used but never printed, at trace level, on success and on failure', async () => {
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
    const env = { TANDEM_DATAVERSE_CLIENT_SECRET: SECRET };
    const ok = await runTandem(project.dir, ['status', '--json'], env);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual([expect.objectContaining({ mapping: 'CURRENCY', coupled: 0, lastJob: null })]);

    const failed = await runTandem(project.dir, ['sync', 'CURRENCY'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('Could not acquire a token for client app-id');

    for (const output of [ok.stdout, ok.stderr, failed.stdout, failed.stderr]) expect(output).not.toContain(SECRET);

    const missing = await runTandem(project.dir, ['status']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('TANDEM_CLI_SECRET_MISSING');
    expect(missing.stderr).toContain('set TANDEM_DATAVERSE_CLIENT_SECRET in the environment');
  });
});
