import { findFieldMappings, fieldKey, type Direction, type Filter, type Host, type MappingSettings } from '@tandem/core';
import type { Command } from 'commander';
import { table } from '../Output';
import type { CommandRegistration } from './CommandContext';
import { mappingsCommand } from './mappingsCommand';
import { mappingDetails, settingText } from './mappingSettingsText';
import { positiveInteger, selectMappings, usageError } from './usageError';

const DIRECTIONS: Record<string, Direction> = {
  bidirectional: 'bidirectional', both: 'bidirectional', toIntegration: 'toIntegration', to: 'toIntegration',
  fromIntegration: 'fromIntegration', from: 'fromIntegration',
};

export interface MappingsSetOptions {
  direction?: string;
  businessFilter?: string;
  integrationFilter?: string;
  enable?: boolean;
  disable?: boolean;
  interval?: string;
  inactivityTimeout?: string;
}

/** `--business-filter '{"blocked":false}'`; `none` means no filter (an empty one). */
function parseFilter(option: string, text: string): Filter {
  if (text === 'none') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Filter;
  } catch {
    // reported below
  }
  throw usageError(`${option} expects a JSON filter object such as '{"blocked":false}' (or none), not ${text}`);
}

/** The settings patch the `mappings set` options ask for. */
export function settingsPatch(host: Host, name: string, options: MappingsSetOptions): Partial<MappingSettings> {
  const patch: Partial<MappingSettings> = {};
  if (options.direction !== undefined) {
    const direction = DIRECTIONS[options.direction];
    if (!direction) throw usageError(`--direction expects bidirectional, toIntegration or fromIntegration (or both, to, from), not "${options.direction}"`);
    patch.direction = direction;
  }
  if (options.businessFilter !== undefined) patch.businessFilter = parseFilter('--business-filter', options.businessFilter);
  if (options.integrationFilter !== undefined) patch.integrationFilter = parseFilter('--integration-filter', options.integrationFilter);
  if (options.enable && options.disable) throw usageError('pass --enable or --disable, not both');
  if (options.enable || options.disable) patch.enabled = !!options.enable;
  if (options.interval !== undefined || options.inactivityTimeout !== undefined) {
    const schedule = host.mappings.get(name).schedule;
    patch.schedule = {
      intervalSeconds: positiveInteger('--interval', options.interval, schedule.intervalSeconds),
      inactivityTimeoutSeconds: positiveInteger('--inactivity-timeout', options.inactivityTimeout, schedule.inactivityTimeoutSeconds),
    };
  }
  if (Object.keys(patch).length === 0) throw usageError('nothing to set: pass --direction, --business-filter, --integration-filter, --enable/--disable, --interval or --inactivity-timeout');
  return patch;
}

/**
 * The subcommands of `tandem mappings` (which alone lists them): `list`, `show <mapping>`, `set <mapping> …`,
 * `field <mapping> <field> --enable|--disable`, `reset [mapping…] | --all`. Changes go through `host.mappings`, are
 * validated (an invalid result changes nothing, exit 2) and persisted.
 */
export const registerMappingsSubcommands: CommandRegistration = (program, { output, withHost }) => {
  const mappings: Command = program.commands.find((c) => c.name() === 'mappings') ?? program.command('mappings').description('the mappings in force');

  mappings
    .command('list')
    .description('list the mappings in force (the same as tandem mappings)')
    .option('--json', 'print JSON')
    // `--json` is also an option of `mappings` itself, which commander gives it: read both.
    .action((_options: { json?: boolean }, command: Command) => withHost((host) => mappingsCommand(host, command.optsWithGlobals(), output)));

  mappings
    .command('show')
    .description("a mapping's settings in force against the plugin's defaults, and its fields with their directions")
    .argument('<mapping>', 'the mapping')
    .option('--json', 'print JSON')
    .action((name: string, _options: { json?: boolean }, command: Command) =>
      withHost((host) => {
        const options = command.optsWithGlobals<{ json?: boolean }>();
        selectMappings(host, [name]);
        const details = mappingDetails(host, name);
        if (options.json) return output.json(details);
        output.line(`${details.name}: ${details.businessTable} ⇄ ${details.integrationTable}${details.plugin ? ` (plugin ${details.plugin})` : ''}`);
        output.line(`depends on: ${details.dependsOn.join(', ') || '-'}`);
        output.line();
        output.line(table(['SETTING', 'IN FORCE', 'DEFAULT', ''], details.settings.map((s) => [s.key, settingText(s.value), settingText(s.default), s.changed ? 'changed' : ''])));
        output.line();
        output.line(
          table(
            ['#', 'ERP FIELD', 'CRM FIELD', 'DIRECTION', 'STATE', 'NOTES'],
            details.fields.map((f, i) => [String(i + 1), f.business ?? '-', f.integration ?? '-', f.direction, f.enabled ? 'enabled' : 'disabled', f.notes.join('; ')]),
          ),
        );
      }),
    );

  mappings
    .command('set')
    .description('change settings of a mapping (validated and persisted; tandem mappings reset restores the defaults)')
    .argument('<mapping>', 'the mapping')
    .option('--direction <direction>', 'bidirectional, toIntegration or fromIntegration (both, to, from)')
    .option('--business-filter <json>', 'which ERP rows take part, e.g. \'{"blocked":false}\'; none for all')
    .option('--integration-filter <json>', 'which CRM rows take part, e.g. \'{"statecode":0}\'; none for all')
    .option('--enable', 'enable the mapping')
    .option('--disable', 'disable the mapping (left out of sync --all and the worker)')
    .option('--interval <seconds>', 'how often the worker runs it')
    .option('--inactivity-timeout <seconds>', 'how long without changes before it goes on hold')
    .action((name: string, options: MappingsSetOptions) =>
      withHost(async (host) => {
        selectMappings(host, [name]);
        const patch = settingsPatch(host, name, options);
        await host.mappings.update(name, patch);
        output.line(`${name}: ${Object.entries(patch).map(([key, value]) => `${key} = ${settingText(value)}`).join(', ')}`);
      }),
    );

  mappings
    .command('field')
    .description('enable or disable one field mapping (by ERP or CRM field name, or its key ERP/CRM)')
    .argument('<mapping>', 'the mapping')
    .argument('<field>', 'an ERP or CRM field name, or the key "<erp field>/<crm field>"')
    .option('--enable', 'enable the field mapping')
    .option('--disable', 'disable the field mapping')
    .action((name: string, field: string, options: { enable?: boolean; disable?: boolean }) =>
      withHost(async (host) => {
        selectMappings(host, [name]);
        if (!!options.enable === !!options.disable) throw usageError('pass --enable or --disable');
        const mapping = host.mappings.get(name);
        const keys = [...new Set(findFieldMappings(mapping.fields, field).map(fieldKey))];
        if (keys.length === 0) throw usageError(`mapping ${name} has no field mapping "${field}"; tandem mappings show ${name} lists them`);
        if (keys.length > 1) throw usageError(`"${field}" names ${keys.length} field mappings of ${name}: ${keys.join(', ')}; name one by its key`);
        const key = keys[0]!;
        await host.mappings.update(name, { fieldsEnabled: { ...mapping.fieldsEnabled, [key]: !!options.enable } });
        output.line(`${name}: field ${key} ${options.enable ? 'enabled' : 'disabled'}`);
      }),
    );

  mappings
    .command('reset')
    .description("restore the plugin's defaults: settings, field switches and the option mappings of its option sets")
    .argument('[mapping...]', 'the mappings to reset')
    .option('--all', 'every mapping')
    .action((names: string[], options: { all?: boolean }) =>
      withHost(async (host) => {
        if (options.all && names.length > 0) throw usageError('name mappings or pass --all, not both');
        if (!options.all && names.length === 0) throw usageError('name the mappings to reset or pass --all');
        const selected = options.all ? host.mappings.all().map((m) => m.name) : selectMappings(host, names);
        for (const name of selected) {
          await host.mappings.reset(name);
          output.line(`${name}: reset to the plugin's defaults`);
        }
      }),
    );
};
