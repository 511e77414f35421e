// A booted host for in-process command tests: the ERP and the customer plugins against an embedded emulator, with
// demo data, in a folder of its own; and an Output that collects what commands print.
import { join } from 'node:path';
import { ErpPlugin, generateDemoData } from '@tandem/erp';
import type { Host } from '@tandem/core';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { startConfiguredHost, validateConfig, SecretScrubber, type LoadedConfig } from '../src/index';
import { Output } from '../src/Output';
import { tempProject } from './runTandem';

export interface CommandHost {
  host: Host;
  loaded: LoadedConfig;
  dir: string;
  /** The SQLite files of the ERP/state database and of the emulator. */
  files: { erp: string; emulator: string };
  close(): Promise<void>;
}

export async function bootCommandHost(extra: { mappings?: Record<string, Record<string, unknown>> } = {}): Promise<CommandHost> {
  const project = tempProject();
  const config = validateConfig({
    dataverse: { emulator: true },
    plugins: [ErpPlugin, SalespersonUserPlugin, { plugin: CurrencyPlugin, options: { baseCurrencyIsoCode: 'USD' } }, CustomerAccountPlugin],
    business: { linkTemplate: 'https://erp.example.com/{table}/{id}' },
    ...(extra.mappings ? { mappings: extra.mappings } : {}),
  });
  const loaded = { config, file: join(project.dir, 'tandem.config.ts') };
  const { host, close } = await startConfiguredHost(loaded);
  await generateDemoData(host.orm.em.fork(), { seed: 3, customers: 4, items: 0, salespeople: 0, salesOrders: 0, localCurrencyCode: 'USD' });
  return {
    host, loaded, dir: project.dir,
    files: { erp: join(project.dir, '.tandem', 'erp.sqlite'), emulator: join(project.dir, '.tandem', 'dataverse-emulator.sqlite') },
    close: async () => {
      await close();
      project.remove();
    },
  };
}

/** An Output that keeps what is printed. */
export function capture(): { output: Output; text(): string; errors(): string; clear(): void } {
  let out = '';
  let err = '';
  const output = new Output(new SecretScrubber([]), (text) => void (out += text), (text) => void (err += text));
  return { output, text: () => out, errors: () => err, clear: () => void (out = err = '') };
}
