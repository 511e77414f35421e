import type { SyncJobError } from '@tandem/core';
import { table } from '../Output';
import type { CommandRegistration } from './CommandContext';
import { positiveInteger, selectMappings, usageError } from './usageError';

export interface ErrorsCommandOptions {
  job?: string;
  limit?: string;
  json?: boolean;
}

/** `tandem errors [mapping] [--job id] [--limit n] [--json]`: the records that failed, newest last. */
export const registerErrorsCommand: CommandRegistration = (program, { output, withHost }) => {
  program
    .command('errors')
    .description('records that failed: when, mapping, job, record id, code and message (default the newest 50)')
    .argument('[mapping]', 'only this mapping')
    .option('--job <id>', 'only the errors of this job (see tandem jobs)')
    .option('--limit <n>', 'how many errors', '50')
    .option('--json', 'print JSON (with the stored stack)')
    .action((mapping: string | undefined, options: ErrorsCommandOptions) =>
      withHost(async (host) => {
        if (mapping) selectMappings(host, [mapping]);
        const limit = positiveInteger('--limit', options.limit, 50);
        if (options.job && !(await host.state.jobs(mapping)).some((job) => job.id === options.job)) {
          throw usageError(`no job "${options.job}"${mapping ? ` of mapping ${mapping}` : ''}; tandem jobs lists them`);
        }
        const errors: SyncJobError[] = (await host.state.errors(mapping, options.job ? { jobId: options.job } : {})).slice(-limit);
        if (options.json) return output.json(errors);
        if (errors.length === 0) return output.line('no failed records');
        output.line(
          table(
            ['TIME', 'MAPPING', 'RECORD', 'CODE', 'JOB', 'MESSAGE'],
            errors.map((e) => [
              e.createdAt.toISOString().slice(0, 19).replace('T', ' '), e.mapping, e.sourceId ?? '-', e.code ?? e.errorClass, e.jobId,
              e.message.replace(/\s+/g, ' '),
            ]),
          ),
        );
      }),
    );
};
