import type { Row, TableStore } from '@tandem/core';
import { orderLabel, salesOrderErrors } from './salesOrderErrors';

/** A CRM order as the transfer reads it: the header row and its lines in `sequencenumber` order. */
export interface CrmSalesOrder {
  id: string;
  /** `ordernumber "name"`, for messages. */
  label: string;
  values: Record<string, unknown>;
  lines: Row[];
}

const LINE_PAGE = 500;

/** Reads one CRM order (header and lines); a missing order → `TANDEM_SALES_ORDER_NOT_FOUND`. */
export async function readCrmSalesOrder(crm: TableStore, orderId: string): Promise<CrmSalesOrder> {
  const [row] = await crm.getByIds('salesorder', [orderId]);
  if (!row) throw salesOrderErrors.orderNotFound(orderId);
  return { id: row.id, label: labelOf(row), values: row.values, lines: await readLines(crm, row.id) };
}

export function labelOf(row: Row): string {
  return orderLabel({ id: row.id, number: row.values['ordernumber'], name: row.values['name'] });
}

/** The order's lines, by `sequencenumber` (lines without one last), then by id. */
async function readLines(crm: TableStore, orderId: string): Promise<Row[]> {
  const lines: Row[] = [];
  let after: Row | undefined;
  for (;;) {
    const page = await crm.readChanged('salesorderdetail', {
      filter: { _salesorderid_value: orderId },
      limit: LINE_PAGE,
      ...(after ? { after: { modifiedOn: after.modifiedOn, id: after.id } } : {}),
    });
    lines.push(...page.rows);
    if (page.rows.length < LINE_PAGE) break;
    after = page.rows[page.rows.length - 1];
  }
  const sequence = (line: Row) => (typeof line.values['sequencenumber'] === 'number' ? line.values['sequencenumber'] : Number.MAX_SAFE_INTEGER);
  return lines.sort((a, b) => sequence(a) - sequence(b) || a.id.localeCompare(b.id));
}
