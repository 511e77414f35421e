import type { Host } from '@tandem/core';
import type { Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';

/**
 * `tandem uncouple <mapping> <id> [--crm]`: removes one record's coupling; neither record changes. A record that is
 * not coupled is not an error (as in BC): the line says so.
 */
export async function uncoupleCommand(host: Host, name: string, id: string, options: { crm?: boolean; json?: boolean }, output: Output): Promise<void> {
  const mapping = mappingArg(host, name);
  const before = await host.state.findCoupling(mapping.name, options.crm ? 'integration' : 'business', id);
  const job = await host.engine.uncouple(mapping.name, options.crm ? { integrationId: id } : { businessId: id });
  if (options.json) {
    return output.json({ mapping: mapping.name, uncoupled: job.uncoupled, businessId: before?.businessId ?? null, integrationId: before?.integrationId ?? null, message: job.message });
  }
  output.line(job.uncoupled > 0 ? `${mapping.name}: uncoupled ${before?.businessId ?? '?'} ⇄ ${before?.integrationId ?? '?'}` : `${mapping.name}: ${job.message ?? 'nothing to uncouple'}`);
}

export const registerUncouple: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('uncouple')
    .description('remove the coupling of one record (no data changes)')
    .argument('<mapping>', 'the mapping')
    .argument('<id>', 'the ERP record id (the CRM id with --crm)')
    .option('--crm', 'the id is the CRM record id')
    .option('--json', 'print JSON')
    .action((name: string, id: string, options: { crm?: boolean; json?: boolean }) => withHost((host) => uncoupleCommand(host, name, id, options, output)));
};
