// `tandem worker` as a real child process: an ERP change arrives in the CRM, SIGTERM stops it with exit 0 and the
// mapping's lease released.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { erpEntities } from '@tandem/erp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadConfig, startConfiguredHost } from '../src/index';
import { cliIn, seedErp } from './cliInProcess';
import { spawnTandem, tempProject } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const project = tempProject();
const config = join(project.dir, 'tandem.config.ts');
const erpFile = join(project.dir, '.tandem', 'erp.sqlite');
afterAll(() => project.remove());
beforeAll(async () => {
  writeFileSync(
    config,
    `import { defineConfig } from '@tandem/cli';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';

export default defineConfig({
  dataverse: { emulator: true },
  plugins: [ErpPlugin, SalespersonUserPlugin, CurrencyPlugin, CustomerAccountPlugin],
  schedule: { intervalSeconds: 1 },
  logging: { level: 'info', format: 'json' },
});
`,
  );
  await seedErp(erpFile, 0, 2);
  expect((await cliIn(config, 'sync', '--all', '--full')).code).toBe(0);
});

describe('tandem worker', () => {
  it('carries an ERP change to the CRM, and SIGTERM finishes, releases the leases and exits 0', async () => {
    const worker = spawnTandem(project.dir, ['worker', '--poll-ms', '200']);
    try {
      await worker.waitFor(/^worker started \(holder \S+, every 200 ms\)/m);
      await worker.waitFor(/^CUSTOMER +fromIntegration /m);
      const orm = await MikroORM.init({ dbName: erpFile, entities: [...erpEntities] });
      try {
        await orm.em.fork().nativeUpdate('Customer', { no: 'C00001' }, { name: 'Renamed by the worker test', modifiedAt: new Date() });
      } finally {
        await orm.close();
      }
      await worker.waitFor(/^CUSTOMER +toIntegration +1 modified/m);
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      expect(worker.stdout()).toMatch(/worker stopped\n$/);
      // Each job is logged too (pino JSON lines on stderr).
      expect(worker.stderr()).toMatch(/"msg":"worker: job finished"/);
      expect(worker.stderr()).toMatch(/"signal":"SIGTERM"/);
    } finally {
      if (worker.child.exitCode === null) worker.child.kill('SIGKILL');
    }

    const { host, setup, close } = await startConfiguredHost(await loadConfig(config));
    try {
      expect(await host.leases.list()).toEqual([]);
      const emulator = setup.emulator!;
      const response = await fetch(`${emulator.apiUrl}/accounts?$select=name`, { headers: { Authorization: `Bearer ${emulator.issueToken()}` } });
      const names = ((await response.json()) as { value: { name: string }[] }).value.map((a) => a.name);
      expect(names).toContain('Renamed by the worker test');
    } finally {
      await close();
    }
  });
});
