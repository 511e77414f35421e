// mappings show/set/field/reset and options in-process on a real SQLite file and the embedded emulator: a disabled
// field is not sent, settings persist across runs, bad values exit 2 with the validation message.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MappingDetails } from '../src/commands/mappingSettingsText';
import { STARTER_CONFIG } from '../src/commands/starterConfig';
import { loadConfig, startConfiguredHost } from '../src/index';
import { cliIn, seedErp } from './cliInProcess';
import { tempProject } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const project = tempProject();
const config = join(project.dir, 'tandem.config.ts');
afterAll(() => project.remove());
beforeAll(async () => {
  writeFileSync(config, STARTER_CONFIG);
  mkdirSync(join(project.dir, '.tandem'));
  // C00001's payment terms have no option mapping: it lands in the missing-value register.
  await seedErp(join(project.dir, '.tandem', 'erp.sqlite'), 0, 3, (em) => em.nativeUpdate('Customer', { no: 'C00001' }, { paymentTermsCode: 'ODD' }));
});

const show = async (name: string) => JSON.parse((await cliIn(config, 'mappings', 'show', name, '--json')).stdout) as MappingDetails;

/** The accounts in the emulator's database, read through its Web API. */
async function accounts(): Promise<{ name: string; telephone1: string | null }[]> {
  const { host, setup, close } = await startConfiguredHost(await loadConfig(config));
  try {
    void host;
    const emulator = setup.emulator!;
    const response = await fetch(`${emulator.apiUrl}/accounts?$select=name,telephone1`, { headers: { Authorization: `Bearer ${emulator.issueToken()}` } });
    return ((await response.json()) as { value: { name: string; telephone1: string | null }[] }).value;
  } finally {
    await close();
  }
}

describe('tandem mappings', () => {
  it('show lists the settings in force against the defaults and the fields with their directions', async () => {
    const details = await show('CUSTOMER');
    expect(details).toMatchObject({ name: 'CUSTOMER', businessTable: 'Customer', integrationTable: 'account', plugin: 'CustomerAccountPlugin' });
    expect(details.settings.find((s) => s.key === 'direction')).toEqual({ key: 'direction', value: 'bidirectional', default: 'bidirectional', changed: false });
    expect(details.fields.find((f) => f.integration === 'telephone1')).toEqual({
      key: 'phoneNo/telephone1', business: 'phoneNo', integration: 'telephone1', direction: 'bidirectional', enabled: true, notes: [],
    });
    expect(details.fields[0]).toMatchObject({ business: 'salespersonCode', direction: 'toIntegration', notes: ['reference via SALESPEOPLE', 'not null'] });
    const text = await cliIn(config, 'mappings', 'show', 'CUSTOMER');
    expect(text.stdout).toMatch(/^CUSTOMER: Customer ⇄ account \(plugin CustomerAccountPlugin\)\n/);
    expect(text.stdout).toMatch(/\n\d+ +phoneNo +telephone1 +bidirectional +enabled/);
  });

  it('set refuses invalid values with exit 2 and the validation message, changing nothing', async () => {
    const badFilter = await cliIn(config, 'mappings', 'set', 'CUSTOMER', '--business-filter', '{"nosuch":1}');
    expect(badFilter.code).toBe(2);
    expect(badFilter.stderr).toContain('TANDEM_MAPPING_INVALID');
    expect(badFilter.stderr).toContain('nosuch');
    expect(await cliIn(config, 'mappings', 'set', 'CUSTOMER', '--direction', 'sideways')).toMatchObject({ code: 2, stderr: expect.stringContaining('--direction expects') });
    expect(await cliIn(config, 'mappings', 'set', 'CUSTOMER', '--business-filter', '{nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('--business-filter expects a JSON filter') });
    expect(await cliIn(config, 'mappings', 'set', 'CUSTOMER')).toMatchObject({ code: 2, stderr: expect.stringContaining('nothing to set') });
    expect((await show('CUSTOMER')).settings.every((s) => !s.changed)).toBe(true);
  });

  it('set changes the direction and schedule (persisted); field disables a field, which is then not sent', async () => {
    expect(await cliIn(config, 'mappings', 'set', 'CUSTOMER', '--direction', 'to', '--interval', '600')).toMatchObject({
      code: 0, stdout: 'CUSTOMER: direction = toIntegration, schedule = {"intervalSeconds":600,"inactivityTimeoutSeconds":43200}\n',
    });
    expect(await cliIn(config, 'mappings', 'field', 'CUSTOMER', 'telephone1', '--disable')).toMatchObject({ code: 0, stdout: 'CUSTOMER: field phoneNo/telephone1 disabled\n' });
    expect(await cliIn(config, 'mappings', 'field', 'CUSTOMER', 'nosuch', '--disable')).toMatchObject({ code: 2, stderr: expect.stringContaining('has no field mapping "nosuch"') });
    expect(await cliIn(config, 'mappings', 'field', 'CUSTOMER', 'name')).toMatchObject({ code: 2, stderr: expect.stringContaining('pass --enable or --disable') });
    const details = await show('CUSTOMER');
    expect(details.settings.find((s) => s.key === 'direction')).toMatchObject({ value: 'toIntegration', changed: true });
    expect(details.settings.find((s) => s.key === 'fieldsEnabled')).toMatchObject({ value: { 'phoneNo/telephone1': false }, changed: true });
    expect(details.fields.find((f) => f.key === 'phoneNo/telephone1')).toMatchObject({ enabled: false, direction: 'toIntegration' });

    expect((await cliIn(config, 'sync', '--all', '--full')).code).toBe(0);
    const sent = await accounts();
    expect(sent).toHaveLength(3);
    expect(sent.every((a) => a.name && a.telephone1 === null)).toBe(true);
  });

  it('reset restores the defaults: direction, schedule and the field', async () => {
    expect(await cliIn(config, 'mappings', 'reset')).toMatchObject({ code: 2, stderr: expect.stringContaining('name the mappings to reset or pass --all') });
    expect(await cliIn(config, 'mappings', 'reset', 'CUSTOMER')).toMatchObject({ code: 0, stdout: "CUSTOMER: reset to the plugin's defaults\n" });
    const details = await show('CUSTOMER');
    expect(details.settings.filter((s) => s.changed)).toEqual([]);
    expect(details.fields.find((f) => f.key === 'phoneNo/telephone1')).toMatchObject({ enabled: true, direction: 'bidirectional' });
  });
});

describe('tandem options', () => {
  it('lists the option mappings and the values that had none', async () => {
    const run = await cliIn(config, 'options', 'PAYMENT TERMS', '--json');
    expect(run.code).toBe(0);
    const { optionMappings, missing } = JSON.parse(run.stdout) as { optionMappings: { optionSet: string; businessValue: string }[]; missing: { value: string; recordId: string; side: string }[] };
    expect(optionMappings.length).toBeGreaterThan(0);
    expect(optionMappings.every((o) => o.optionSet === 'PAYMENT TERMS')).toBe(true);
    expect(missing).toContainEqual(expect.objectContaining({ optionSet: 'PAYMENT TERMS', side: 'business', value: 'ODD', mapping: 'CUSTOMER', recordId: 'C00001', occurrences: 1 }));
    const text = await cliIn(config, 'options');
    expect(text.stdout).toMatch(/^OPTION SET +ERP CODE +CRM VALUE +LABEL\n/);
    expect(text.stdout).toMatch(/values with no option mapping \(written empty\):\nOPTION SET +FROM +VALUE .*\n(.*\n)*PAYMENT TERMS +ERP +ODD +CUSTOMER +paymentTermsCode +1 +C00001 /);
  });

  it('set, remove and reset edit the mappings; a value the column lacks, a taken value, an unknown set or code exit 2', async () => {
    const list = async () => (JSON.parse((await cliIn(config, 'options', 'PAYMENT TERMS', '--json')).stdout) as { optionMappings: { businessValue: string; integrationValue: number; label: string | null }[] }).optionMappings;
    const holder = (await list()).find((o) => o.integrationValue === 1)!;
    expect(await cliIn(config, 'options', 'set', 'PAYMENT TERMS', 'ODD', '991')).toMatchObject({
      code: 2, stderr: expect.stringContaining('tandem: TANDEM_OPTION_VALUE_UNKNOWN: option set "PAYMENT TERMS": column account.paymenttermscode has no option value 991; use one of 1 (Net 30)'),
    });
    expect(await cliIn(config, 'options', 'set', 'PAYMENT TERMS', 'ODD', '1')).toMatchObject({ code: 2, stderr: expect.stringContaining(`already mapped to "${holder.businessValue}"`) });
    expect(await cliIn(config, 'options', 'set', 'PAYMENT TERMS', 'ODD', 'x')).toMatchObject({ code: 2, stderr: expect.stringContaining('must be a whole number') });
    expect(await cliIn(config, 'options', 'NOPE')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown option set "NOPE"') });
    expect(await cliIn(config, 'options', 'remove', 'PAYMENT TERMS', 'ODD')).toMatchObject({ code: 2, stderr: expect.stringContaining('no option mapping for ERP code "ODD"') });
    expect(await cliIn(config, 'options', 'set', 'PAYMENT TERMS', holder.businessValue, '1', '--label', 'Relabelled')).toMatchObject({ code: 0, stdout: `PAYMENT TERMS: ${holder.businessValue} ⇄ 1\n` });
    expect(await list()).toContainEqual({ optionSet: 'PAYMENT TERMS', businessValue: holder.businessValue, integrationValue: 1, label: 'Relabelled' });
    expect(await cliIn(config, 'options', 'remove', 'PAYMENT TERMS', holder.businessValue)).toMatchObject({ code: 0, stdout: `PAYMENT TERMS: ${holder.businessValue} removed\n` });
    // Every command is a new host start on the same file: the removed default is not seeded again.
    expect((await list()).map((o) => o.businessValue)).not.toContain(holder.businessValue);
    expect(await cliIn(config, 'options', 'reset', 'PAYMENT TERMS')).toMatchObject({ code: 0, stdout: "PAYMENT TERMS: reset to the plugins' defaults\n" });
    expect(await list()).toContainEqual({ ...holder, optionSet: 'PAYMENT TERMS' });
  });
});
