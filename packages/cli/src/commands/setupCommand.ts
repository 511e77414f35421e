import { settingsOf, type Host, type MappingSettings } from '@tandem/core';
import { applyOverrides } from '../config/applyOverrides';
import type { LoadedConfig } from '../config/loadConfig';
import { table, type Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';

export interface MappingSetup {
  mapping: string;
  /** The state row (watermarks, stored settings) and the schedule entry: made now, or there already. */
  stateRow: 'created' | 'present';
  scheduleEntry: 'created' | 'present';
  /** Settings keys that differ from the plugin's defaults after setup. */
  customized: string[];
  reset: boolean;
  schedule: { intervalSeconds: number; inactivityTimeoutSeconds: number; status: string };
  optionMappings: number;
}

/**
 * `tandem setup [--reset] [mapping…]` (BC's "use default synchronization setup"): makes sure every named mapping (all
 * without names) has its state row and schedule entry, and with `--reset` puts its settings, schedule and option
 * mappings back to the plugin's defaults — then applies the config's overrides again, since they are in force at
 * every start. Couplings and watermarks are kept.
 */
export async function setupCommand(host: Host, loaded: LoadedConfig, names: readonly string[], options: { reset?: boolean; json?: boolean }, output: Output): Promise<void> {
  const mappings = names.length > 0 ? names.map((name) => mappingArg(host, name)) : [...host.mappings.all()];
  const result: MappingSetup[] = [];
  for (const mapping of mappings) {
    const hadState = !!(await host.state.mappingState(mapping.name));
    const hadEntry = (await host.state.scheduleEntries(mapping.name)).length > 0;
    if (options.reset) await host.mappings.reset(mapping.name);
    await host.state.ensureMappingRows(mapping.name, host.mappings.get(mapping.name).schedule);
    result.push({ mapping: mapping.name, stateRow: hadState ? 'present' : 'created', scheduleEntry: hadEntry ? 'present' : 'created', customized: [], reset: !!options.reset, schedule: { intervalSeconds: 0, inactivityTimeoutSeconds: 0, status: '' }, optionMappings: 0 });
  }
  if (options.reset) await applyOverrides(host, loaded.config);
  for (const entry of result) {
    const current = host.mappings.get(entry.mapping);
    entry.customized = customizedKeys(settingsOf(current), host.mappings.defaults(entry.mapping));
    const [schedule] = await host.state.scheduleEntries(entry.mapping);
    entry.schedule = { ...current.schedule, status: schedule?.status ?? 'missing' };
    const optionSets = [...new Set(current.fields.map((f) => f.optionSet).filter((set): set is string => !!set))];
    for (const set of optionSets) entry.optionMappings += (await host.options.list(set)).length;
  }
  if (options.json) return output.json(result);
  output.line(
    table(
      ['MAPPING', 'STATE ROW', 'SCHEDULE', 'SETTINGS', 'OPTION MAPPINGS'],
      result.map((e) => [
        e.mapping, e.stateRow,
        `${e.scheduleEntry}, every ${e.schedule.intervalSeconds / 60} min, hold after ${e.schedule.inactivityTimeoutSeconds / 60} min, ${e.schedule.status}`,
        `${e.reset ? 'reset to defaults' : 'kept'}${e.customized.length > 0 ? `; customized: ${e.customized.join(', ')}` : e.reset ? '' : '; plugin defaults'}`,
        String(e.optionMappings),
      ]),
    ),
  );
  const created = result.filter((e) => e.stateRow === 'created' || e.scheduleEntry === 'created').length;
  output.line(`setup: ${result.length} mapping(s) ready, ${created} set up now${options.reset ? ', settings reset to the plugin defaults (then the config overrides)' : ''}`);
}

function customizedKeys(current: MappingSettings, defaults: MappingSettings): string[] {
  return (Object.keys(current) as (keyof MappingSettings)[]).filter((key) => JSON.stringify(current[key]) !== JSON.stringify(defaults[key]));
}

export const registerSetup: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('setup')
    .description('make sure the mappings have their state rows and schedule entries; --reset restores the plugin defaults')
    .argument('[mapping...]', 'the mappings (all without names)')
    .option('--reset', 'restore settings, schedule and option mappings to the plugin defaults (the config overrides apply again)')
    .option('--json', 'print JSON')
    .action((names: string[], options: { reset?: boolean; json?: boolean }) => withHost((host, loaded) => setupCommand(host, loaded, names, options, output)));
};
