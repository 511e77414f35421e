import { Option } from 'commander';
import type { Cursor, Host, Row, Side } from '@tandem/core';
import { table, type Output } from '../Output';
import { mappingArg, positiveInt } from './commandArgs';
import type { CommandRegistration } from './CommandContext';
import { displayValue } from './displayValue';

export interface RecordsOptions {
  side?: 'crm' | 'erp';
  uncoupled?: boolean;
  limit?: number;
  page?: number;
  json?: boolean;
}

export interface ListedRecord {
  id: string;
  coupled: boolean;
  /** The coupled record's id on the other side. */
  counterpartId: string | null;
  /** The mapped fields of this side. */
  values: Record<string, unknown>;
}

const READ_PAGE = 500;
const SHOWN_COLUMNS = 3;

/**
 * `tandem records <mapping> [--side crm|erp] [--uncoupled] [--limit n] [--page n]` (the seed's "CRM Accounts" list):
 * a side's rows, in modified-on order, with a Coupled column; `--uncoupled` keeps the rows without a counterpart. The
 * mapping's filters are not applied: the list shows what is there, synchronized or not.
 */
export async function recordsCommand(host: Host, name: string, options: RecordsOptions, output: Output): Promise<void> {
  const mapping = mappingArg(host, name);
  const side: Side = options.side === 'erp' ? 'business' : 'integration';
  const other: Side = side === 'business' ? 'integration' : 'business';
  const tableName = side === 'business' ? mapping.businessTable : mapping.integrationTable;
  const fields = mapping.fields
    .filter((f) => f.enabled !== false && f[side] && !f.reference)
    .map((f) => f[side]!)
    .filter((f, i, all) => all.indexOf(f) === i);
  const limit = options.limit ?? 50;
  const page = options.page ?? 1;
  const skip = (page - 1) * limit;
  const listed: ListedRecord[] = [];
  let after: Cursor | undefined;
  let more = false;
  for (;;) {
    const { rows } = await host.stores[side].readChanged(tableName, { ...(after ? { after } : {}), limit: READ_PAGE });
    if (rows.length === 0) break;
    after = { modifiedOn: rows[rows.length - 1]!.modifiedOn, id: rows[rows.length - 1]!.id };
    const couplings = await host.state.couplingsBy(mapping.name, side, rows.map((r) => r.id));
    for (const row of rows) {
      const counterpartId = couplings.get(row.id)?.[other === 'business' ? 'businessId' : 'integrationId'] ?? null;
      if (options.uncoupled && counterpartId) continue;
      listed.push(listedRecord(row, counterpartId, fields));
    }
    if (listed.length > skip + limit || rows.length < READ_PAGE) break;
  }
  more = listed.length > skip + limit;
  const shown = listed.slice(skip, skip + limit);
  if (options.json) return output.json({ mapping: mapping.name, side: options.side ?? 'crm', table: tableName, page, limit, more, records: shown });
  const columns = fields.slice(0, SHOWN_COLUMNS);
  output.line(
    table(
      ['ID', ...columns.map((c) => c.toUpperCase()), 'COUPLED', other === 'business' ? 'ERP ID' : 'CRM ID'],
      shown.map((r) => [r.id, ...columns.map((c) => displayValue(r.values[c], 30)), r.coupled ? 'Yes' : 'No', r.counterpartId ?? '']),
    ),
  );
  const range = shown.length > 0 ? `${skip + 1}–${skip + shown.length}` : 'none';
  output.line(`${tableName}: rows ${range}${options.uncoupled ? ' (uncoupled only)' : ''}${more ? `; more: --page ${page + 1}` : ''}`);
}

function listedRecord(row: Row, counterpartId: string | null, fields: readonly string[]): ListedRecord {
  return { id: row.id, coupled: !!counterpartId, counterpartId, values: Object.fromEntries(fields.map((f) => [f, row.values[f] ?? null])) };
}

export const registerRecords: CommandRegistration = (program, { withHost, output }) => {
  program
    .command('records')
    .description('the rows of one side of a mapping with a Coupled column, paged')
    .argument('<mapping>', 'the mapping')
    .addOption(new Option('--side <side>', 'which side to list').choices(['crm', 'erp']).default('crm'))
    .option('--uncoupled', 'only rows without a counterpart')
    .option('--limit <n>', 'rows per page (default 50)', positiveInt('--limit'))
    .option('--page <n>', 'which page (default 1)', positiveInt('--page'))
    .option('--json', 'print JSON')
    .action((name: string, options: RecordsOptions) => withHost((host) => recordsCommand(host, name, options, output)));
};
