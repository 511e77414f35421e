import type { StateStore } from '@tandem/core';
import type { SalesOrderLineInput } from '@tandem/erp';
import type { CrmSalesOrder } from './CrmSalesOrder';
import { crmLineInput } from './crmLineInput';
import { ITEM_PRODUCT_MAPPING } from './names';
import { salesOrderErrors } from './salesOrderErrors';

/**
 * The ERP lines of a CRM order, in `sequencenumber` order (BC's line rules): a product goes through the ITEM-PRODUCT
 * couplings (not coupled → `TANDEM_SALES_ORDER_PRODUCT_NOT_COUPLED`); a write-in product (no `productid`) becomes the
 * setup's write-in item (none → `TANDEM_SALES_ORDER_WRITE_IN_ITEM_MISSING`). The line's fields are `crmLineInput`'s
 * (quantity, unit price, discount %, description). With `shipmentDates` (bidirectional
 * mode) the line's `requestdeliveryby` becomes its shipment date.
 */
export async function orderLines(
  state: StateStore,
  order: CrmSalesOrder,
  writeInItemNo: string | null,
  options: { shipmentDates?: boolean } = {},
): Promise<SalesOrderLineInput[]> {
  const lines: SalesOrderLineInput[] = [];
  for (const [index, line] of order.lines.entries()) {
    const number = index + 1;
    const productId = line.values['_productid_value'];
    let itemNo: string;
    if (typeof productId === 'string' && productId) {
      const coupling = await state.findCoupling(ITEM_PRODUCT_MAPPING, 'integration', productId);
      if (!coupling?.businessId) throw salesOrderErrors.productNotCoupled(order.label, number, productId);
      itemNo = coupling.businessId;
    } else {
      if (!writeInItemNo) throw salesOrderErrors.writeInItemMissing(order.label, number);
      itemNo = writeInItemNo;
    }
    const input = crmLineInput(itemNo, line.values);
    // Bidirectional mode: the line's requested delivery date is the ERP line's shipment date (they sync both ways).
    const date = line.values['requestdeliveryby'];
    if (options.shipmentDates && date) input.shipmentDate = date instanceof Date ? date.toISOString().slice(0, 10) : String(date).slice(0, 10);
    lines.push(input);
  }
  return lines;
}
