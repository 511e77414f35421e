import type { Coupling, Row, StateStore, TableStore } from '@tandem/core';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import { CUSTOMER_MAPPING, ITEM_PRODUCT_MAPPING } from '@tandem/plugin-sales-order';
import type { CrmQuote } from './CrmQuote';

/**
 * What the quotes of one page refer to, read once for the whole page: their customer accounts (or contacts and the
 * contacts' parent accounts), the CUSTOMER couplings of those accounts, the ITEM-PRODUCT couplings of their products,
 * and the ERP codes of their currencies. Building a quote's ERP input then needs no further request.
 */
export interface QuoteReferences {
  accounts: Map<string, Row>;
  contacts: Map<string, Row>;
  customers: Map<string, Coupling>;
  items: Map<string, Coupling>;
  /** CRM currency id → ERP code (`null` = local), or `undefined` when not coupled; plus its ISO code. */
  currencies: Map<string, { code: string | null | undefined; iso: string | undefined }>;
}

export async function loadReferences(crm: TableStore, state: StateStore, currencyLookup: CurrencyLookup, quotes: readonly CrmQuote[]): Promise<QuoteReferences> {
  const customerIds = unique(quotes.map((q) => q.values['_customerid_value']));
  const accounts = byId(customerIds.length ? await crm.getByIds('account', customerIds) : []);
  const contactIds = customerIds.filter((id) => !accounts.has(id));
  const contacts = byId(contactIds.length ? await crm.getByIds('contact', contactIds) : []);
  const parentIds = unique([...contacts.values()].map((c) => c.values['_parentcustomerid_value'])).filter((id) => !accounts.has(id));
  if (parentIds.length) for (const row of await crm.getByIds('account', parentIds)) accounts.set(row.id, row);
  const customers = await state.couplingsBy(CUSTOMER_MAPPING, 'integration', [...accounts.keys()]);
  const productIds = unique(quotes.flatMap((q) => q.lines.map((l) => l.values['_productid_value'])));
  const items = await state.couplingsBy(ITEM_PRODUCT_MAPPING, 'integration', productIds);
  const currencyIds = unique(quotes.map((q) => q.values['_transactioncurrencyid_value']));
  const currencies: QuoteReferences['currencies'] = new Map();
  const isoOf = byId(currencyIds.length ? await crm.getByIds('transactioncurrency', currencyIds) : []);
  for (const id of currencyIds) {
    const iso = isoOf.get(id)?.values['isocurrencycode'];
    currencies.set(id, { code: await currencyLookup.currencyCodeOf(id), iso: typeof iso === 'string' ? iso : undefined });
  }
  return { accounts, contacts, customers, items, currencies };
}

function unique(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string' && v !== ''))];
}

function byId(rows: readonly Row[]): Map<string, Row> {
  return new Map(rows.map((row) => [row.id, row]));
}
