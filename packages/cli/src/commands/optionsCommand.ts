import type { Host } from '@tandem/core';
import { table } from '../Output';
import type { CommandRegistration } from './CommandContext';
import { usageError } from './usageError';

/** The option set named, checked against the ones the plugins declare. */
function checkedOptionSet(host: Host, optionSet: string | undefined): string | undefined {
  if (optionSet === undefined) return undefined;
  const known = host.options.optionSets();
  if (!known.includes(optionSet)) throw usageError(`unknown option set "${optionSet}"; known: ${known.map((s) => `"${s}"`).join(', ')}`);
  return optionSet;
}

/**
 * `tandem options [optionSet] [--json]`: the option mappings in force (BC's CRM Option Mapping) and the register of
 * values that had no counterpart; `options set|remove|reset` edit them through `host.options`.
 */
export const registerOptionsCommand: CommandRegistration = (program, { output, withHost }) => {
  const options = program
    .command('options')
    .description('option mappings (ERP code ⇄ CRM option value) and the values that had no mapping')
    .argument('[optionSet]', 'only this option set')
    .option('--json', 'print JSON')
    .action((optionSet: string | undefined, flags: { json?: boolean }) =>
      withHost(async (host) => {
        const set = checkedOptionSet(host, optionSet);
        const mappings = (await host.options.list(set)).map(({ id: _id, ...m }) => m);
        mappings.sort((a, b) => a.optionSet.localeCompare(b.optionSet) || a.integrationValue - b.integrationValue);
        const missing = await host.options.missing(set);
        if (flags.json) return output.json({ optionMappings: mappings, missing });
        output.line(
          mappings.length > 0
            ? table(['OPTION SET', 'ERP CODE', 'CRM VALUE', 'LABEL'], mappings.map((m) => [m.optionSet, m.businessValue, String(m.integrationValue), m.label ?? '']))
            : 'no option mappings',
        );
        output.line();
        output.line(
          missing.length > 0
            ? `values with no option mapping (written empty):\n${table(
                ['OPTION SET', 'FROM', 'VALUE', 'MAPPING', 'FIELD', 'TIMES', 'LAST RECORD', 'LAST SEEN'],
                missing.map((m) => [m.optionSet, m.side === 'business' ? 'ERP' : 'CRM', m.value, m.mapping, m.field, String(m.occurrences), m.recordId, m.lastSeenAt.toISOString().slice(0, 19).replace('T', ' ')]),
              )}`
            : 'no values without an option mapping',
        );
      }),
    );

  options
    .command('set')
    .description('map an ERP code to a CRM option value (adds it, or changes the value of the code)')
    .argument('<optionSet>', 'the option set')
    .argument('<erpCode>', 'the ERP code')
    .argument('<crmValue>', 'the CRM option value (a whole number)')
    .option('--label <label>', 'the option label')
    .action((optionSet: string, code: string, value: string, flags: { label?: string }) =>
      withHost(async (host) => {
        checkedOptionSet(host, optionSet);
        if (!/^-?\d+$/.test(value)) throw usageError(`<crmValue> must be a whole number, not "${value}"`);
        // A value the option set's CRM columns lack is refused by core (TANDEM_OPTION_VALUE_UNKNOWN, exit code 2).
        await host.options.set(optionSet, code, Number(value), flags.label);
        output.line(`${optionSet}: ${code} ⇄ ${value}`);
      }),
    );

  options
    .command('remove')
    .description('remove the option mapping of an ERP code')
    .argument('<optionSet>', 'the option set')
    .argument('<erpCode>', 'the ERP code')
    .action((optionSet: string, code: string) =>
      withHost(async (host) => {
        checkedOptionSet(host, optionSet);
        if (!(await host.options.remove(optionSet, code))) throw usageError(`${optionSet}: no option mapping for ERP code "${code}"`);
        output.line(`${optionSet}: ${code} removed`);
      }),
    );

  options
    .command('reset')
    .description("put an option set (or every one) back to the plugins' defaults")
    .argument('[optionSet]', 'only this option set')
    .action((optionSet: string | undefined) =>
      withHost(async (host) => {
        await host.options.reset(checkedOptionSet(host, optionSet));
        output.line(`${optionSet ?? 'every option set'}: reset to the plugins' defaults`);
      }),
    );
};
