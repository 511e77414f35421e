import type { StateStore, TableStore } from '@tandem/core';
import type { CrmSalesOrder } from './CrmSalesOrder';
import { CURRENCY_MAPPING } from './names';
import { salesOrderErrors } from './salesOrderErrors';

/**
 * The ERP currency code of an order (`null` = the local currency, which the ERP stores blank). The order's
 * `transactioncurrencyid` goes through the CURRENCY couplings; a currency that is not coupled but whose ISO code is
 * the ERP's local currency (the CRM base currency, which the ERP has no `Currency` row for) is the local currency.
 * Anything else → `TANDEM_SALES_ORDER_CURRENCY_NOT_COUPLED`.
 */
export async function orderCurrencyCode(crm: TableStore, state: StateStore, order: CrmSalesOrder, localCurrencyCode: string): Promise<string | null> {
  const currencyId = order.values['_transactioncurrencyid_value'];
  if (typeof currencyId !== 'string' || !currencyId) return null;
  const coupling = await state.findCoupling(CURRENCY_MAPPING, 'integration', currencyId);
  if (coupling?.businessId) return coupling.businessId === localCurrencyCode ? null : coupling.businessId;
  const [currency] = await crm.getByIds('transactioncurrency', [currencyId]);
  const iso = currency?.values['isocurrencycode'];
  if (typeof iso === 'string' && iso.toUpperCase() === localCurrencyCode.toUpperCase()) return null;
  throw salesOrderErrors.currencyNotCoupled(order.label, typeof iso === 'string' ? `${iso} (${currencyId})` : currencyId);
}
