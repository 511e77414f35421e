import type { TableStore } from '@tandem/core';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import type { CrmSalesOrder } from './CrmSalesOrder';
import { salesOrderErrors } from './salesOrderErrors';

/**
 * The ERP currency code of an order (`null` = the local currency, which the ERP stores blank). The order's
 * `transactioncurrencyid` goes through the CURRENCY couplings (`CurrencyPlugin`'s `CURRENCY_LOOKUP`, which knows the
 * local currency's own coupling); a currency not coupled (yet) whose ISO code is the ERP's local currency — the CRM
 * base currency in the usual set-up — is the local currency too.
 * Anything else → `TANDEM_SALES_ORDER_CURRENCY_NOT_COUPLED`.
 */
export async function orderCurrencyCode(crm: TableStore, currencies: CurrencyLookup, order: CrmSalesOrder, localCurrencyCode: string): Promise<string | null> {
  const currencyId = order.values['_transactioncurrencyid_value'];
  if (typeof currencyId !== 'string' || !currencyId) return null;
  const code = await currencies.currencyCodeOf(currencyId);
  if (code !== undefined) return code === localCurrencyCode ? null : code;
  const [currency] = await crm.getByIds('transactioncurrency', [currencyId]);
  const iso = currency?.values['isocurrencycode'];
  if (typeof iso === 'string' && iso.toUpperCase() === localCurrencyCode.toUpperCase()) return null;
  throw salesOrderErrors.currencyNotCoupled(order.label, typeof iso === 'string' ? `${iso} (${currencyId})` : currencyId);
}
