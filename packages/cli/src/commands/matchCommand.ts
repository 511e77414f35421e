import type { Host } from '@tandem/core';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';
import { countersText } from './countersText';

const SHOWN_ERRORS = 10;

/**
 * `tandem match <mapping> [--create-new]` (BC's match-based coupling): couples every uncoupled ERP record to the one
 * uncoupled CRM record with equal match fields; with `--create-new`, records without a match get a new counterpart.
 * Exit 1 when records could not be matched (ambiguous, or no match without `--create-new`).
 */
export async function matchCommand(host: Host, name: string, options: { createNew?: boolean; json?: boolean }, output: Output): Promise<ExitCode> {
  const mapping = mappingArg(host, name);
  const job = await host.engine.match(mapping.name, { createNew: !!options.createNew });
  const errors = job.failed > 0 ? await host.state.errors(mapping.name, { jobId: job.id }) : [];
  if (options.json) {
    output.json({ ...job, errors: errors.map((e) => ({ sourceId: e.sourceId, code: e.code, message: e.message })) });
  } else {
    output.line(`${mapping.name} match${options.createNew ? ' --create-new' : ''}: ${countersText(job)}`);
    for (const error of errors.slice(0, SHOWN_ERRORS)) output.line(`  ${error.sourceId ?? '?'}: ${error.code ? `${error.code}: ` : ''}${error.message}`);
    if (errors.length > SHOWN_ERRORS) output.line(`  … ${errors.length - SHOWN_ERRORS} more (tandem errors ${mapping.name})`);
  }
  return job.failed > 0 ? ExitCode.failed : ExitCode.ok;
}

export const registerMatch: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('match')
    .description('couple uncoupled ERP records to CRM records with equal match fields')
    .argument('<mapping>', 'the mapping')
    .option('--create-new', 'create a counterpart for records without a match')
    .option('--json', 'print JSON')
    .action((name: string, options: { createNew?: boolean; json?: boolean }) => withHost((host) => matchCommand(host, name, options, output)));
};
