import { SyncStage, isEmpty, type SyncHooks } from '@tandem/core';
import { Dec } from '@tandem/erp';
import { PLUGIN_NAME, SALES_ORDER, SALES_ORDER_LINE } from '../names';
import { PerJobCache, type BidirectionalContext } from './BidirectionalContext';

/**
 * The line rules of bidirectional mode that are about taking part and about the CRM side:
 *
 * - `onlyLinesOfCoupledOrders`: a line whose order is not coupled in SALESORDER-ORDER is ignored (not counted): an
 *   ERP order that is not released-and-coupled, or a CRM order not transferred yet. The transfer couples the lines of
 *   the orders it makes; later lines of a coupled order are created on the other side. One lookup per order and job.
 * - `lineTax`: the CRM line's `tax` is the ERP line's Amount Including VAT − Amount, so the CRM's extended amount
 *   (base − discount + tax) is the ERP's amount including VAT.
 * - `crmLineInsertDefaults`: a new CRM line for an ERP line whose item is not coupled to a product (the write-in
 *   item) is a write-in line, described by the ERP line's description.
 */
export function lineRules(hooks: SyncHooks, context: BidirectionalContext): void {
  const tap = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };
  const orders = new PerJobCache<boolean>();
  hooks.onQueryPostFilter.for(SALES_ORDER_LINE).tapPromise(tap, async (record) => {
    if (record.coupling?.businessId && record.coupling.integrationId) return undefined;
    const toCrm = record.direction === 'toIntegration';
    const order = toCrm ? record.source.values['documentNo'] : record.source.values['_salesorderid_value'];
    if (isEmpty(order)) return true;
    const key = toCrm ? String(order) : String(order).toLowerCase();
    const coupled = await orders.get(record.job.id, key, async () => {
      const coupling = await context.services().state.findCoupling(SALES_ORDER, toCrm ? 'business' : 'integration', key);
      return Boolean(coupling?.businessId && coupling.integrationId);
    });
    return coupled ? undefined : true;
  });

  hooks.onTransferField.for(SALES_ORDER_LINE).tap({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE, fields: ['tax'] }, (value, field) => {
    if (field.direction !== 'toIntegration') return value;
    const withVat = field.source.values['amountIncludingVat'];
    const amount = field.source.values['amount'];
    if (isEmpty(withVat) || isEmpty(amount)) return value;
    return Dec.of(String(withVat)).minus(Dec.of(String(amount))).toString();
  });

  hooks.onBeforeInsert.for(SALES_ORDER_LINE).tap({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, (write) => {
    if (write.direction !== 'toIntegration' || !isEmpty(write.values['_productid_value'])) return;
    write.values['isproductoverridden'] = true;
    write.values['productdescription'] = String(write.source.values['description'] ?? '');
  });
}
