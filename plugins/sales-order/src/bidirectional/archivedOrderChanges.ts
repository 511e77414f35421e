import { isEmpty, valuesEqual, type Row, type WriteOperation } from '@tandem/core';
import type { SalesLineArchive } from '@tandem/erp';
import { CRM_ORDER_STATUS_INVOICED, CrmOrderState } from '../names';
import { crmLineValues } from './coupleOrderLines';

/** What the archived-orders job reads for one order. */
export interface ArchivedOrderState {
  crmOrder: Row;
  crmLines: Row[];
  archivedLines: SalesLineArchive[];
  /** The archived version is the one the order was posted (invoiced) with. */
  invoiced: boolean;
  /** The posting date of the invoice, when invoiced (`YYYY-MM-DD`). */
  fulfilledOn: string | null;
  /** CRM product id per ERP item no. (ITEM-PRODUCT couplings); write-in items have none. */
  productOf: Map<string, string>;
}

/** The CRM writes that bring an order in line with its archived version. */
export interface ArchivedOrderChanges {
  lineOperations: WriteOperation[];
  /** CRM lines deleted: their line couplings go too. */
  deletedLines: string[];
  header: Record<string, unknown>;
}

/**
 * BC's CU 5366 for one order, as data: CRM lines whose ERP line no. is not in the archived version are deleted;
 * archived lines update their CRM line (quantity, shipped quantity — all of it on an invoiced version —, price,
 * discount, tax, shipment date, line no.; only values that differ) or create one. The header gets Date Fulfilled (the invoice's
 * posting date), Discount % (0: this ERP has no invoice discount) and, for an invoiced version, state and status
 * Invoiced. Nothing that is already so is written, so a second pass over the same version writes nothing.
 */
export function archivedOrderChanges(state: ArchivedOrderState): ArchivedOrderChanges {
  const archived = new Map(state.archivedLines.map((line) => [line.lineNo, line]));
  const byNumber = new Map<number, Row>();
  const deletedLines: string[] = [];
  for (const line of state.crmLines) {
    const number = line.values['businesscentrallinenumber'];
    if (typeof number === 'number' && archived.has(number) && !byNumber.has(number)) byNumber.set(number, line);
    else deletedLines.push(line.id);
  }
  const lineOperations: WriteOperation[] = deletedLines.map((id) => ({ kind: 'delete', ref: id, id }));
  for (const line of state.archivedLines) {
    const values: Record<string, unknown> = { ...crmLineValues(line), quantityshipped: state.invoiced ? Number(line.quantity) : 0 };
    const current = byNumber.get(line.lineNo);
    if (current) {
      const changed = Object.fromEntries(Object.entries(values).filter(([key, value]) => !same(current.values[key], value)));
      if (Object.keys(changed).length > 0) lineOperations.push({ kind: 'update', ref: current.id, id: current.id, values: changed });
      continue;
    }
    const product = state.productOf.get(line.no);
    lineOperations.push({
      kind: 'insert', ref: `${line.documentNo}/${line.lineNo}`,
      values: {
        ...values, salesorderid: state.crmOrder.id,
        ...(product ? { productid: product } : { isproductoverridden: true, productdescription: line.description }),
      },
    });
  }
  const header: Record<string, unknown> = {};
  const order = state.crmOrder.values;
  if (state.fulfilledOn && !same(dateOnly(order['datefulfilled']), state.fulfilledOn)) header['datefulfilled'] = state.fulfilledOn;
  if (!isEmpty(order['discountpercentage']) && !same(order['discountpercentage'], 0)) header['discountpercentage'] = 0;
  if (state.invoiced && order['statecode'] !== CrmOrderState.INVOICED) {
    header['statecode'] = CrmOrderState.INVOICED;
    header['statuscode'] = CRM_ORDER_STATUS_INVOICED;
  }
  return { lineOperations, deletedLines, header };
}

function same(a: unknown, b: unknown): boolean {
  if (isEmpty(a) && isEmpty(b)) return true;
  return valuesEqual(a, b);
}

function dateOnly(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return typeof value === 'string' && value ? value.slice(0, 10) : null;
}
