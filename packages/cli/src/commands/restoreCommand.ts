import { ExitCode } from '../ExitCode';
import type { CommandRegistration } from './CommandContext';
import { selectMappings, usageError } from './usageError';

export interface RestoreCommandOptions {
  crm?: boolean;
  all?: boolean;
}

/**
 * `tandem restore <mapping> <id…> [--crm] | --all`: un-parks skipped records (their failures are forgotten and the
 * next run retries them first). Ids are ERP ids unless `--crm`. Exit 1 when an id named was not parked.
 */
export const registerRestoreCommand: CommandRegistration = (program, { output, withHost }) => {
  program
    .command('restore')
    .description('un-park skipped records so the next run retries them (ERP ids, or CRM ids with --crm)')
    .argument('<mapping>', 'the mapping')
    .argument('[id...]', 'the records to restore')
    .option('--crm', 'the ids are CRM (integration) ids')
    .option('--all', 'every parked record of the mapping')
    .action((name: string, ids: string[], options: RestoreCommandOptions) =>
      withHost(async (host) => {
        selectMappings(host, [name]);
        if (options.all && ids.length > 0) throw usageError('name records or pass --all, not both');
        if (!options.all && ids.length === 0) throw usageError('name the records to restore or pass --all');
        if (options.all) {
          output.line(`${name}: restored ${await host.engine.restore(name)} parked record(s)`);
          return ExitCode.ok;
        }
        let missed = 0;
        for (const id of ids) {
          const restored = await host.engine.restore(name, options.crm ? { integrationId: id } : { businessId: id });
          if (restored > 0) output.line(`${name}: ${id} restored`);
          else {
            missed++;
            output.error(`${name}: ${id} is not parked (no skipped ${options.crm ? 'CRM' : 'ERP'} record with this id)`);
          }
        }
        return missed > 0 ? ExitCode.failed : ExitCode.ok;
      }),
    );
};
