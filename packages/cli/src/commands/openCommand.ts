import type { Host } from '@tandem/core';
import type { Output } from '../Output';
import { mappingArg } from './commandArgs';
import type { CommandRegistration } from './CommandContext';
import { RecordErrors } from './recordErrors';

/**
 * `tandem open <mapping> <businessId>` (BC's "open in Dynamics 365"): prints the CRM link of the record's coupled
 * counterpart (and the ERP link when the config has a link template). Not coupled → exit 1.
 */
export async function openCommand(host: Host, name: string, businessId: string, options: { json?: boolean }, output: Output): Promise<void> {
  const mapping = mappingArg(host, name);
  const links = await host.links.of(mapping.name, { businessId });
  if (!links.integrationId) throw RecordErrors.notCoupled(mapping.name, businessId, `couple it first (tandem couple, tandem match or tandem sync-record ${mapping.name} ${businessId} --send)`);
  if (options.json) return output.json({ mapping: mapping.name, ...links });
  output.line(links.integration ?? `(the CRM store makes no links) ${links.integrationId}`);
  if (links.business) output.line(`ERP: ${links.business}`);
}

export const registerOpen: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('open')
    .description("print the CRM link of an ERP record's coupled counterpart")
    .argument('<mapping>', 'the mapping')
    .argument('<businessId>', 'the ERP record id')
    .option('--json', 'print JSON')
    .action((name: string, businessId: string, options: { json?: boolean }) => withHost((host) => openCommand(host, name, businessId, options, output)));
};
