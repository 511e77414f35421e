import type { Row, TableStore } from '@tandem/core';
import { quoteLabel } from './salesQuoteErrors';

/** A CRM quote as the processing reads it: the header row and its quote products in `sequencenumber` order. */
export interface CrmQuote {
  id: string;
  /** `quotenumber rev n "name"`, for messages. */
  label: string;
  values: Record<string, unknown>;
  lines: Row[];
}

const LINE_PAGE = 500;
/** Quotes whose lines are read with one `$in` filter (keeps the OData URL short). */
const IDS_PER_READ = 50;

/** The quotes of `rows` with their lines, read in pages for all of them at once (not one request per quote). */
export async function withLines(crm: TableStore, rows: readonly Row[]): Promise<CrmQuote[]> {
  const lines = new Map<string, Row[]>(rows.map((row) => [row.id, []]));
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += IDS_PER_READ) {
    const part = ids.slice(start, start + IDS_PER_READ);
    let after: Row | undefined;
    for (;;) {
      const page = await crm.readChanged('quotedetail', {
        filter: { _quoteid_value: { $in: part } },
        limit: LINE_PAGE,
        ...(after ? { after: { modifiedOn: after.modifiedOn, id: after.id } } : {}),
      });
      for (const line of page.rows) lines.get(String(line.values['_quoteid_value']))?.push(line);
      if (page.rows.length < LINE_PAGE) break;
      after = page.rows[page.rows.length - 1];
    }
  }
  const sequence = (line: Row) => (typeof line.values['sequencenumber'] === 'number' ? line.values['sequencenumber'] : Number.MAX_SAFE_INTEGER);
  return rows.map((row) => ({
    id: row.id,
    label: quoteLabel(row),
    values: row.values,
    lines: lines.get(row.id)!.sort((a, b) => sequence(a) - sequence(b) || a.id.localeCompare(b.id)),
  }));
}
