import { SyncStage, type SyncHooks, type TableStore } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema } from '@tandem/erp';
import { CUSTOMER_MAPPING, CrmOrderState, PLUGIN_NAME, SALES_ORDER } from '../names';
import { salesOrderErrors } from '../salesOrderErrors';
import { PerJobCache, type BidirectionalContext } from './BidirectionalContext';

/** CRM order names hold 300 characters. */
const NAME_LENGTH = 300;

/**
 * The header rules of bidirectional mode (reference §6.2, CU 5341's subscriber rules):
 *
 * - `uncoupledCrmOrdersByTransfer`: CRM → ERP, an uncoupled submitted CRM order is ignored by the engine (not
 *   counted): the transfer at the end of the run makes it a released ERP order with its lines, with BC's checks.
 * - `crmOrderInsertDefaults`: ERP → CRM, a new CRM order gets the price list of its currency (the first CRM price list
 *   in that currency, or a new one named `<erpName> <ISO code>`), its name (the External Document No., else the
 *   order no.), its customer (the account coupled to the sell-to customer; none → `TANDEM_SALES_ORDER_CUSTOMER_NOT_COUPLED`)
 *   and the "transferred" mark, so the one-way transfer never takes it; after the page's commit the new orders are
 *   set Submitted (one batch; the state cannot be written on create). The owner is a field mapping (salesperson →
 *   owner through SALESPEOPLE).
 */
export function orderRules(hooks: SyncHooks, context: BidirectionalContext): void {
  const tap = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };
  hooks.onQueryPostFilter.for(SALES_ORDER).tap(tap, (record) =>
    record.direction === 'fromIntegration' && !(record.coupling?.businessId && record.coupling.integrationId) ? true : undefined);

  const priceLists = new PerJobCache<string>();
  hooks.onBeforeInsert.for(SALES_ORDER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (write) => {
    if (write.direction !== 'toIntegration') return;
    const services = context.services();
    const order = write.source.values;
    const orderNo = String(order['no']);
    const customerNo = String(order['sellToCustomerNo'] ?? '');
    const account = (await services.state.findCoupling(CUSTOMER_MAPPING, 'business', customerNo))?.integrationId;
    if (!account) throw salesOrderErrors.erpOrderCustomerNotCoupled(orderNo, customerNo);
    const currencyCode = typeof order['currencyCode'] === 'string' && order['currencyCode'] ? order['currencyCode'] : null;
    const priceList = await priceLists.get(write.job.id, currencyCode ?? '', () => priceListFor(context, orderNo, currencyCode));
    const name = typeof order['externalDocumentNo'] === 'string' && order['externalDocumentNo'] ? order['externalDocumentNo'] : orderNo;
    write.values['_customerid_value'] = { table: 'account', id: account };
    write.values['_pricelevelid_value'] = priceList;
    write.values['name'] = name.slice(0, NAME_LENGTH);
    write.values['lastbackofficesubmit'] = services.clock.now().toISOString().slice(0, 10);
  });

  // The state cannot be written on create: the page's new CRM orders are submitted in one batch after its commit.
  hooks.onAfterCommit.for(SALES_ORDER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (page) => {
    if (page.direction !== 'toIntegration') return;
    const ids = page.outcomes.filter((o) => o.action === 'insert' && o.destinationId).map((o) => o.destinationId!);
    if (ids.length === 0) return;
    const services = context.services();
    const results = await services.stores.integration.write('salesorder', ids.map((id) => ({ kind: 'update' as const, ref: id, id, values: { statecode: CrmOrderState.SUBMITTED } })));
    for (const [index, result] of results.entries()) {
      if (!result.ok) services.logger.error({ crmOrderId: ids[index], error: result.error.message }, 'new CRM order not submitted: submit it in the CRM');
    }
  });
}

/** The CRM price list of an ERP currency (blank = local): the first one in that currency, made when there is none. */
async function priceListFor(context: BidirectionalContext, orderNo: string, currencyCode: string | null): Promise<string> {
  const services = context.services();
  const crm = services.stores.integration;
  const currencyId = await crmCurrencyId(context, crm, currencyCode);
  if (!currencyId) throw salesOrderErrors.erpOrderCurrencyNotCoupled(orderNo, currencyCode ?? 'local currency');
  const page = await crm.readChanged('pricelevel', { filter: { _transactioncurrencyid_value: currencyId }, limit: 1 });
  if (page.rows[0]) return page.rows[0].id;
  const [currency] = await crm.getByIds('transactioncurrency', [currencyId]);
  const iso = String(currency?.values['isocurrencycode'] ?? currencyCode ?? '');
  const [result] = await crm.write('pricelevel', [{ kind: 'insert', ref: 'pricelevel', values: { name: `${context.erpName} ${iso}`.trim(), transactioncurrencyid: currencyId } }]);
  if (!result?.ok) throw salesOrderErrors.crmWriteFailed(`create a price list for ${iso}`, result?.ok === false ? result.error : new Error('no result'));
  return String(result.id);
}

/**
 * The CRM currency of an ERP currency code through the CURRENCY couplings; for the local currency before CURRENCY
 * has coupled it, the CRM currency with the ERP's local ISO code (the CRM base currency in the usual set-up).
 */
async function crmCurrencyId(context: BidirectionalContext, crm: TableStore, currencyCode: string | null): Promise<string | null> {
  const coupled = await context.currencies().integrationIdOf(currencyCode);
  if (coupled || currencyCode) return coupled;
  const setup = await context.services().orm.em.fork().findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
  if (!setup) return null;
  const page = await crm.readChanged('transactioncurrency', { filter: { isocurrencycode: setup.localCurrencyCode }, limit: 1 });
  return page.rows[0]?.id ?? null;
}
