// hostFromConfig in-process: the embedded emulator, plugin options, link template and the mapping/schedule overrides.
import { existsSync } from 'node:fs';
import { inspect } from 'node:util';
import { join } from 'node:path';
import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { CustomerAccountPlugin } from '@tandem/plugin-customer-account';
import { SalespersonUserPlugin } from '@tandem/plugin-salesperson-user';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, hostFromConfig, SecretScrubber, startConfiguredHost, validateConfig, type TandemConfig } from '../src/index';
import { mappingsCommand } from '../src/commands/mappingsCommand';
import { statusCommand } from '../src/commands/statusCommand';
import { Output } from '../src/Output';
import { tempProject } from './runTandem';

const project = tempProject();
afterAll(() => project.remove());

const base = (extra: Partial<TandemConfig>): TandemConfig => ({
  dataverse: { emulator: true },
  plugins: [ErpPlugin, SalespersonUserPlugin, { plugin: CurrencyPlugin, options: { baseCurrencyIsoCode: 'USD' } }, CustomerAccountPlugin],
  ...extra,
});

describe('hostFromConfig', () => {
  it('boots the plugins against an embedded emulator with files beside the config, and applies the overrides', async () => {
    const config = validateConfig(
      base({
        database: { sqlite: 'data/erp.sqlite' },
        mappings: { CUSTOMER: { direction: 'toIntegration', pageSize: 50, schedule: { intervalSeconds: 60 } } },
        schedule: { inactivityTimeoutSeconds: 600 },
        business: { linkTemplate: 'https://erp.example.com/{table}/{id}' },
      }),
    );
    const { host, setup, close } = await startConfiguredHost({ config, file: join(project.dir, 'tandem.config.ts') });
    try {
      expect(setup.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(join(project.dir, 'data', 'erp.sqlite'))).toBe(true);
      expect(existsSync(join(project.dir, '.tandem', 'dataverse-emulator.sqlite'))).toBe(true);
      expect(host.plugins.map((p) => p.name)).toContain('CurrencyPlugin');
      expect(host.mappings.get('CUSTOMER')).toMatchObject({ direction: 'toIntegration', pageSize: 50, schedule: { intervalSeconds: 60, inactivityTimeoutSeconds: 600 } });
      expect(host.mappings.get('CURRENCY').schedule).toEqual({ intervalSeconds: 30 * 60, inactivityTimeoutSeconds: 600 });
      expect(host.stores.business.recordUrl?.('Customer', 'C1')).toBe('https://erp.example.com/Customer/C1');

      let printed = '';
      const output = new Output(new SecretScrubber([]), (text) => void (printed += text), () => undefined);
      mappingsCommand(host, {}, output);
      const rows = printed.trim().split('\n');
      expect(rows[0]).toMatch(/^MAPPING +TABLES +DIRECTION +STATE +DEPENDS ON +PLUGIN$/);
      expect(rows[3]).toMatch(/^CUSTOMER +Customer ⇄ account +toIntegration +enabled +SALESPEOPLE, CURRENCY +CustomerAccountPlugin$/);
      printed = '';
      await statusCommand(host, {}, output);
      expect(printed.trim().split('\n')[3]).toMatch(/^CUSTOMER +enabled +toIntegration +never run +0$/);
    } finally {
      await close();
    }
  });

  it('keeps an emulator with db ":memory:" in memory: no file of that name appears beside the config', async () => {
    const config = validateConfig(base({ database: { sqlite: ':memory:' }, dataverse: { emulator: { db: ':memory:' } } }));
    const { setup, close } = await startConfiguredHost({ config, file: join(project.dir, 'memory', 'tandem.config.ts') });
    try {
      expect(setup.emulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(existsSync(join(project.dir, 'memory', ':memory:'))).toBe(false);
      expect(existsSync(join(project.dir, 'memory'))).toBe(false);
    } finally {
      await close();
    }
  });

  it('names every override of an unknown mapping or refused by the mapping validation', async () => {
    const config = validateConfig(
      base({
        database: { sqlite: 'other/erp.sqlite' },
        mappings: { NOPE: { enabled: false }, CUSTOMER: { businessFilter: { noSuchField: 1 } } },
      }),
    );
    const error = await startConfiguredHost({ config, file: join(project.dir, 'tandem.config.ts') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^mappings\.NOPE: no such mapping; the plugins contribute SALESPEOPLE, CURRENCY, CUSTOMER/);
    expect(problems[1]).toMatch(/^mappings\.CUSTOMER: .*unknown field "noSuchField" in table "Customer"/);
  });

  it('database.readConnection: false keeps the SQLite file on one connection; by default it gets a read connection', async () => {
    const loaded = (database: { sqlite: string; readConnection?: boolean }) =>
      ({ config: validateConfig(base({ database })), file: join(project.dir, 'tandem.config.ts') });
    const cases = [[{ sqlite: './one.sqlite', readConnection: false }, 0, 'delete'], [{ sqlite: './two.sqlite' }, 1, 'wal']] as const;
    for (const [database, replicas, mode] of cases) {
      const host = await startConfiguredHost(loaded(database));
      try {
        expect(host.host.orm.config.get('replicas') ?? []).toHaveLength(replicas);
        expect(await host.host.orm.em.getConnection().execute('PRAGMA journal_mode')).toEqual([{ journal_mode: mode }]);
      } finally {
        await host.close();
      }
    }
  });
});

describe('hostFromConfig secrets', () => {
  it('a real Dataverse without its secret variable is a configuration error naming the variable', async () => {
    const config = validateConfig({
      database: { sqlite: ':memory:' },
      dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: 't', clientId: 'c' },
      plugins: [ErpPlugin],
    });
    const error = await hostFromConfig({ config, file: join(project.dir, 'tandem.config.ts') }, { env: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).code).toBe('TANDEM_CLI_SECRET_MISSING');
    expect((error as ConfigError).message).toBe('dataverse.auth is "clientCredentials": set TANDEM_DATAVERSE_CLIENT_SECRET in the environment');
  });

  it('the secret read from the environment does not show when the host options are inspected or serialized', async () => {
    const config = validateConfig({
      database: { sqlite: ':memory:' },
      dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: 't', clientId: 'c' },
      plugins: [ErpPlugin],
    });
    const setup = await hostFromConfig({ config, file: join(project.dir, 'tandem.config.ts') }, { env: { TANDEM_DATAVERSE_CLIENT_SECRET: 'very-secret-value' } });
    const shown = `${inspect(setup.options, { depth: 10 })}\n${JSON.stringify(setup.options)}`;
    expect(shown).toContain('contoso.crm.dynamics.com');
    expect(shown).not.toContain('very-secret-value');
    await setup.close();
  });
});
