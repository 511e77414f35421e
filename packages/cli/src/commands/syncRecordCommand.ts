import type { Host, RecordOutcome, RecordRef } from '@tandem/core';
import { ExitCode } from '../ExitCode';
import type { Output } from '../Output';
import { directionOfVerb, mappingArg, usage } from './commandArgs';
import type { CommandRegistration } from './CommandContext';

export interface SyncRecordOptions {
  send?: boolean;
  get?: boolean;
  /** The id is the CRM record's (otherwise the ERP record's). */
  crm?: boolean;
  json?: boolean;
}

/**
 * `tandem sync-record <mapping> <id> --send|--get [--crm]` (BC's "Synchronize now" on one record): syncs the record
 * now, forced, creating its counterpart when it has none. Exit 1 when the record failed.
 */
export async function syncRecordCommand(host: Host, name: string, id: string, options: SyncRecordOptions, output: Output): Promise<ExitCode> {
  const mapping = mappingArg(host, name);
  if (!!options.send === !!options.get) throw usage('pass one of --send (ERP → CRM) or --get (CRM → ERP)');
  const direction = directionOfVerb(options.send ? 'send' : 'get');
  const record: RecordRef = options.crm ? { integrationId: id } : { businessId: id };
  const outcome = await host.engine.syncRecord(mapping.name, record, direction);
  if (options.json) output.json({ mapping: mapping.name, direction, ...outcome });
  else output.line(outcomeLine(mapping.name, direction, outcome));
  return outcome.action === 'fail' ? ExitCode.failed : ExitCode.ok;
}

/** One record's outcome as a line: `CUSTOMER toIntegration C00001 → <id>: modify`. */
export function outcomeLine(mapping: string, direction: string, outcome: RecordOutcome): string {
  const target = outcome.destinationId ? ` → ${outcome.destinationId}` : '';
  return `${mapping} ${direction} ${outcome.sourceId}${target}: ${outcome.action}${outcome.error ? ` — ${outcome.error}` : ''}`;
}

export const registerSyncRecord: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('sync-record')
    .description('synchronize one record now (forced), creating its counterpart when it has none')
    .argument('<mapping>', 'the mapping')
    .argument('<id>', 'the ERP record id (the CRM id with --crm)')
    .option('--send', 'ERP → CRM')
    .option('--get', 'CRM → ERP')
    .option('--crm', 'the id is the CRM record id')
    .option('--json', 'print JSON')
    .action((name: string, id: string, options: SyncRecordOptions) => withHost((host) => syncRecordCommand(host, name, id, options, output)));
};
