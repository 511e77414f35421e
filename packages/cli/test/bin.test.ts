// The `tandem` bin for a host outside the repository: a folder under the system's temp directory with its own
// package.json and node_modules links (as `pnpm add @tandem/cli …` would make), no tsconfig, and a plugin that uses
// parameter decorators (`@inject`). The bin gives tsx the CLI's own tsconfig, so the config and plugins load.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT, spawnTandem } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const host = mkdtempSync(join(tmpdir(), 'tandem-host-'));
afterAll(() => rmSync(host, { recursive: true, force: true }));

describe('the tandem bin outside the repository', () => {
  it('runs tandem status on a config whose plugins use parameter decorators', async () => {
    expect(host.startsWith(REPO_ROOT)).toBe(false);
    writeFileSync(join(host, 'package.json'), JSON.stringify({ name: 'my-host', private: true, type: 'module' }));
    mkdirSync(join(host, 'node_modules', '@tandem'), { recursive: true });
    const links: Record<string, string> = {
      cli: 'packages/cli', erp: 'packages/erp', 'plugin-currency': 'plugins/currency',
      'plugin-salesperson-user': 'plugins/salesperson-user', 'plugin-customer-account': 'plugins/customer-account',
    };
    for (const [name, path] of Object.entries(links)) symlinkSync(resolve(REPO_ROOT, path), join(host, 'node_modules', '@tandem', name), 'dir');
    writeFileSync(
      join(host, 'tandem.config.ts'),
      `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';

export default defineConfig({ dataverse: { emulator: true }, plugins: [ErpPlugin, SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin] });
`,
    );
    const run = spawnTandem(host, ['status'], join(host, 'node_modules', '@tandem', 'cli', 'bin', 'tandem.mjs'));
    expect(await run.exited).toBe(0);
    expect(run.stderr()).toBe('');
    expect(run.stdout()).toMatch(/^CUSTOMER +enabled +bidirectional +never run +0$/m);
  });
});
