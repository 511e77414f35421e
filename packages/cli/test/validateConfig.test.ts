import { ErpPlugin } from '@tandem/erp';
import { CurrencyPlugin } from '@tandem/plugin-currency';
import { describe, expect, it } from 'vitest';
import { ConfigError, validateConfig } from '../src/index';

function problemsOf(config: unknown): { code: string; problems: string[] } {
  try {
    validateConfig(config);
  } catch (error) {
    if (error instanceof ConfigError) return { code: error.code, problems: error.problems };
    throw error;
  }
  throw new Error('the config was accepted');
}

describe('validateConfig', () => {
  it('accepts every documented form: plugin classes, instances and { plugin, options }; emulator, token and client credentials', () => {
    const plugins = [ErpPlugin, CurrencyPlugin.withOptions({ baseCurrencyIsoCode: 'EUR' }), { plugin: CurrencyPlugin, options: {} }];
    for (const dataverse of [
      { emulator: true },
      { emulator: { port: 5555, db: 'crm.sqlite' } },
      { url: 'https://contoso.crm.dynamics.com', auth: 'token' },
      { url: 'https://contoso.crm.dynamics.com', auth: 'clientCredentials', tenantId: 't', clientId: 'c' },
    ]) {
      expect(() => validateConfig({ dataverse, plugins, database: { postgres: 'postgres://tandem@db/erp' } })).not.toThrow();
    }
  });

  it('names unknown keys with the keys known at that place, and wrong plugin entries', () => {
    const { code, problems } = problemsOf({
      dataverse: { emulator: { port: 70000 } },
      plugins: [ErpPlugin, 'CurrencyPlugin', { plugin: class {}, options: {} }],
      mappings: { CUSTOMER: { colour: 'red', schedule: { intervalSeconds: 0 } } },
      logging: { lvl: 'info' },
    });
    expect(code).toBe('TANDEM_CONFIG_INVALID');
    expect(problems).toEqual([
      expect.stringMatching(/^dataverse\.emulator\.port: Too big: expected number to be <=65535/),
      'plugins[1]: expected a plugin class, a plugin instance (with a name and register), or { plugin, options }',
      'plugins[2].plugin: expected a plugin class with a static withOptions(options)',
      expect.stringMatching(/^mappings\.CUSTOMER\.schedule\.intervalSeconds: Too small: expected number to be >0/),
      'mappings.CUSTOMER.colour: unknown key (known: enabled, direction, businessFilter, integrationFilter, syncOnlyCoupled, createNewOnNoMatch, updateConflictResolution, deletionConflictResolution, pageSize, overlapMs, schedule, templates, fieldsEnabled)',
      'logging.lvl: unknown key (known: level, format)',
    ]);
  });

  it('database.readConnection takes a boolean, with sqlite only', () => {
    const plugins = [ErpPlugin];
    const dataverse = { emulator: true };
    expect(() => validateConfig({ dataverse, plugins, database: { sqlite: 'x.sqlite', readConnection: false } })).not.toThrow();
    const wrongType = problemsOf({ dataverse, plugins, database: { sqlite: 'x.sqlite', readConnection: 'no' } });
    expect(wrongType.code).toBe('TANDEM_CONFIG_INVALID');
    expect(wrongType.problems).toEqual(['database.readConnection: Invalid input: expected boolean, received string']);
    const withPostgres = problemsOf({ dataverse, plugins, database: { postgres: 'postgres://tandem@db/erp', readConnection: false } });
    expect(withPostgres.code).toBe('TANDEM_CONFIG_INVALID');
    expect(withPostgres.problems).toEqual(['database.readConnection: unknown key']);
  });

  it('refuses secret-looking values anywhere in the file, naming the variable and never the value', () => {
    const { code, problems } = problemsOf({
      dataverse: { url: 'https://contoso.crm.dynamics.com', auth: 'token', token: 'eyJ0eXAi-token' },
      plugins: [{ plugin: CurrencyPlugin, options: { apiKey: 'k-123' } }],
      database: { sqlite: 'x.sqlite' },
      extra: { proxy: 'http://user:pa55@proxy:8080' },
    });
    expect(code).toBe('TANDEM_CLI_CONFIG_SECRET_IN_FILE');
    expect(problems).toEqual([
      'dataverse.token: a secret must not be written in the config file; set TANDEM_DATAVERSE_TOKEN in the environment instead',
      'plugins[0].options.apiKey: a secret must not be written in the config file; set an environment variable (TANDEM_DATAVERSE_CLIENT_SECRET, TANDEM_DATAVERSE_TOKEN or TANDEM_DATABASE_PASSWORD) in the environment instead',
      'extra.proxy: this URL carries a password; leave it out of the config file and set an environment variable instead',
    ]);
    expect(problems.join('\n')).not.toMatch(/eyJ0eXAi-token|k-123|pa55/);
  });
});
