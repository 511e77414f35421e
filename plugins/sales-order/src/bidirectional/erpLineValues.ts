import type { EntityManager } from '@mikro-orm/core';
import { SyncStage, isEmpty, type SyncHooks, type WriteContext } from '@tandem/core';
import { CurrencySchema, Dec, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema, SalesHeaderSchema, SalesLineSchema, lineAmounts } from '@tandem/erp';
import { ITEM_PRODUCT_MAPPING, PLUGIN_NAME, SALES_ORDER_LINE } from '../names';
import { salesOrderErrors } from '../salesOrderErrors';
import { PerJobCache, type BidirectionalContext } from './BidirectionalContext';

const HUNDRED = Dec.of(100);
const LINE_STEP = 10000;
/** ERP line descriptions hold 100 characters. */
const DESCRIPTION_LENGTH = 100;

/**
 * CRM → ERP lines (rule `erpLineAmounts`): the engine writes quantity, price, discount amount and date; the ERP line's
 * discount %, amount and amount including VAT follow from them by the ERP's own arithmetic (rounded to the order
 * currency's precision). A quantity of 0 or less, a negative price or a discount outside 0 … the line amount fails
 * the line with `TANDEM_SALES_ORDER_LINE_INVALID` (the other lines go on). A new line also gets its line no. (after
 * the order's last), its item (the product's ITEM-PRODUCT coupling, or the setup's write-in item for a write-in
 * line), description and unit. After the pass, the totals of every order whose lines changed are computed again,
 * and each line made from the CRM is marked to go back once (its ERP line no. and amounts reach the CRM line on the
 * next pass toward the CRM).
 */
export function erpLineValues(hooks: SyncHooks, context: BidirectionalContext): void {
  const precisions = new PerJobCache<Dec>();
  const nextLineNos = new PerJobCache<number>();
  const touched = new Map<string, Set<string>>();
  const inserted = new Map<string, string[]>();

  const apply = async (write: WriteContext, insert: boolean): Promise<void> => {
    if (write.direction !== 'fromIntegration') return;
    const services = context.services();
    const em = services.orm.em.fork();
    const merged = { ...(write.destination?.values ?? {}), ...write.values };
    const label = String(write.source.id); // the CRM line, as messages name it
    const orderNo = String(merged['documentNo'] ?? '');
    const quantity = decimal(merged['quantity'], label, 'quantity', 'a number greater than 0');
    if (!quantity.isPositive()) throw salesOrderErrors.lineInvalid(label, 'quantity', merged['quantity'], 'a quantity greater than 0');
    const unitPrice = decimal(merged['unitPrice'] ?? 0, label, 'priceperunit', 'a price of 0 or more');
    if (unitPrice.isNegative()) throw salesOrderErrors.lineInvalid(label, 'priceperunit', merged['unitPrice'], 'a price of 0 or more');
    const precision = await precisions.get(write.job.id, orderNo, async () => {
      const order = await em.findOne(SalesHeaderSchema, { no: orderNo });
      const currency = order?.currencyCode ? await em.findOne(CurrencySchema, { code: order.currencyCode }) : null;
      return Dec.of(currency?.amountRoundingPrecision ?? '0.01');
    });
    const gross = quantity.times(unitPrice).round(precision);
    const discount = decimal(merged['lineDiscountAmount'] ?? 0, label, 'manualdiscountamount', 'an amount from 0 to the line amount').round(precision);
    if (discount.isNegative() || discount.compare(gross) > 0) {
      throw salesOrderErrors.lineInvalid(label, 'manualdiscountamount', merged['lineDiscountAmount'], `an amount from 0 to the line amount ${gross.toString()}`);
    }
    const percent = gross.compare(Dec.ZERO) === 0 ? Dec.ZERO : discount.times(HUNDRED).dividedBy(gross);
    const amounts = lineAmounts(quantity, unitPrice, percent, precision);
    Object.assign(write.values, {
      quantity: quantity.toString(), unitPrice: unitPrice.toString(), lineDiscountPercent: percent.toString(),
      lineDiscountAmount: amounts.lineDiscountAmount, amount: amounts.amount, amountIncludingVat: amounts.amount,
    });
    if (insert) await newLineValues(write, em, orderNo, label, await nextLineNo(write.job.id, em, orderNo));
    let orders = touched.get(write.job.id);
    if (!orders) touched.set(write.job.id, (orders = new Set()));
    orders.add(orderNo);
  };

  const nextLineNo = async (jobId: string, em: EntityManager, orderNo: string): Promise<number> => {
    const last = await nextLineNos.get(jobId, orderNo, async () => {
      const [line] = await em.find(SalesLineSchema, { documentType: 'Order', documentNo: orderNo }, { orderBy: { lineNo: 'desc' }, limit: 1 });
      return line?.lineNo ?? 0;
    });
    nextLineNos.set(jobId, orderNo, last + LINE_STEP);
    return last + LINE_STEP;
  };

  const newLineValues = async (write: WriteContext, em: EntityManager, orderNo: string, label: string, lineNo: number) => {
    const crm = write.source.values;
    const productId = crm['_productid_value'];
    let itemNo: string | null;
    if (typeof productId === 'string' && productId) {
      itemNo = (await context.services().state.findCoupling(ITEM_PRODUCT_MAPPING, 'integration', productId.toLowerCase()))?.businessId ?? null;
      if (!itemNo) throw salesOrderErrors.productNotCoupled(orderNo, lineNo, productId);
    } else {
      itemNo = (await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY }))?.writeInItemNo ?? null;
      if (!itemNo) throw salesOrderErrors.writeInItemMissing(`${orderNo} (CRM line ${label})`, lineNo);
    }
    const item = await em.findOne(ItemSchema, { no: itemNo });
    const text = [crm['description'], crm['productdescription']].find((v) => typeof v === 'string' && v.trim()) as string | undefined;
    Object.assign(write.values, {
      documentType: 'Order', type: 'Item', lineNo, no: itemNo,
      description: (text?.trim() ?? item?.description ?? '').slice(0, DESCRIPTION_LENGTH),
      unitOfMeasureCode: item?.baseUnitOfMeasure ?? null,
    });
  };

  const stage = { name: PLUGIN_NAME, stage: SyncStage.ENRICH };
  hooks.onBeforeInsert.for(SALES_ORDER_LINE).tapPromise(stage, (write) => apply(write, true));
  hooks.onBeforeModify.for(SALES_ORDER_LINE).tapPromise(stage, (write) => apply(write, false));
  hooks.onAfterInsert.for(SALES_ORDER_LINE).tap(stage, (write) => {
    if (write.direction !== 'fromIntegration' || !write.result) return;
    const ids = inserted.get(write.job.id) ?? [];
    ids.push(write.result.id);
    inserted.set(write.job.id, ids);
  });

  // After a CRM → ERP pass: the totals of the orders whose lines were written (one read of their lines).
  hooks.onJobEnd.for(SALES_ORDER_LINE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, async ({ job }) => {
    // A line made from the CRM sends its ERP line no. and amounts back on the next pass toward the CRM.
    const made = inserted.get(job.id);
    inserted.delete(job.id);
    if (made?.length) {
      const couplings = await context.services().state.couplingsBy(SALES_ORDER_LINE, 'business', made);
      await context.services().state.markForResync(SALES_ORDER_LINE, 'toIntegration', [...couplings.values()].map((c) => c.id));
    }
    const orders = touched.get(job.id);
    touched.delete(job.id);
    if (!orders || orders.size === 0) return;
    const em = context.services().orm.em.fork();
    const headers = await em.find(SalesHeaderSchema, { no: { $in: [...orders] } });
    const lines = await em.find(SalesLineSchema, { documentType: 'Order', documentNo: { $in: [...orders] } });
    const now = context.services().clock.now();
    for (const header of headers) {
      const total = lines.filter((l) => l.documentNo === header.no).reduce((sum, l) => sum.plus(Dec.of(l.amount)), Dec.ZERO).toString();
      if (Dec.of(header.amount).compare(Dec.of(total)) === 0) continue;
      header.amount = total;
      header.amountIncludingVat = total;
      header.modifiedAt = now;
    }
    await em.flush();
  });
}

function decimal(value: unknown, line: string, field: string, expected: string): Dec {
  if (isEmpty(value)) return Dec.ZERO;
  try {
    return Dec.of(typeof value === 'number' ? String(value) : (value as string));
  } catch {
    throw salesOrderErrors.lineInvalid(line, field, value, expected);
  }
}
