import { Option } from 'commander';
import type { Host } from '@tandem/core';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import { directionOfVerb, mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';
import { outcomeLine } from './syncRecordCommand';

/**
 * `tandem couple <mapping> <businessId> <integrationId> [--sync send|get]`: couples two existing records without
 * moving data; with `--sync`, synchronizes them right after (the source side wins). Exit 1 when that sync failed.
 */
export async function coupleCommand(
  host: Host, name: string, businessId: string, integrationId: string, options: { sync?: 'send' | 'get'; json?: boolean }, output: Output,
): Promise<ExitCode> {
  const mapping = mappingArg(host, name);
  const job = await host.engine.couple(mapping.name, businessId, integrationId);
  const direction = options.sync ? directionOfVerb(options.sync) : undefined;
  const outcome = direction ? await host.engine.syncRecord(mapping.name, { businessId }, direction) : undefined;
  if (options.json) {
    output.json({ mapping: mapping.name, businessId, integrationId, coupled: job.coupled, ...(outcome ? { sync: { direction, ...outcome } } : {}) });
  } else {
    output.line(job.coupled > 0 ? `${mapping.name}: coupled ${businessId} ⇄ ${integrationId}` : `${mapping.name}: ${businessId} and ${integrationId} were coupled already`);
    if (outcome) output.line(outcomeLine(mapping.name, direction!, outcome));
  }
  return outcome?.action === 'fail' ? ExitCode.failed : ExitCode.ok;
}

export const registerCouple: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('couple')
    .description('couple an ERP record to a CRM record (no data moves unless --sync)')
    .argument('<mapping>', 'the mapping')
    .argument('<businessId>', 'the ERP record id')
    .argument('<integrationId>', 'the CRM record id')
    .addOption(new Option('--sync <direction>', 'synchronize right after: send (ERP → CRM) or get (CRM → ERP)').choices(['send', 'get']))
    .option('--json', 'print JSON')
    .action((name: string, businessId: string, integrationId: string, options: { sync?: 'send' | 'get'; json?: boolean }) =>
      withHost((host) => coupleCommand(host, name, businessId, integrationId, options, output)));
};
