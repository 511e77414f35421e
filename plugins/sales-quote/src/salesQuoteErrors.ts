import { SalesQuoteError, SalesQuoteErrorCodes as C } from './SalesQuoteError';

/** The message factories of the plugin's rules: each names the quote, what is wrong and what to do. */
export const salesQuoteErrors = {
  quoteNotFound: (id: string) =>
    new SalesQuoteError(C.QUOTE_NOT_FOUND, `CRM quote ${id} does not exist. Check the quote id.`),
  notActive: (quote: string, statecode: unknown) =>
    new SalesQuoteError(C.NOT_ACTIVE, `CRM quote ${quote} is neither active nor won (statecode ${String(statecode)}). Only activated quotes become ERP sales quotes: activate it in the CRM first.`),
  noCustomer: (quote: string, detail: string) =>
    new SalesQuoteError(C.NO_CUSTOMER, `CRM quote ${quote} has no customer account: ${detail}. Set the quote's customer to an account (or to a contact that belongs to one).`),
  customerNotCoupled: (quote: string, account: string) =>
    new SalesQuoteError(C.CUSTOMER_NOT_COUPLED, `No ERP customer is coupled to account ${account} of CRM quote ${quote}. Couple the account to a customer (CUSTOMER mapping) first; the quote is tried again on the next run.`),
  currencyNotCoupled: (quote: string, currency: string) =>
    new SalesQuoteError(C.CURRENCY_NOT_COUPLED, `The currency ${currency} of CRM quote ${quote} is not coupled to an ERP currency and is not the ERP's local currency. Couple it (CURRENCY mapping) first.`),
  productNotCoupled: (quote: string, line: number, product: string) =>
    new SalesQuoteError(C.PRODUCT_NOT_COUPLED, `Line ${line} of CRM quote ${quote} has product ${product}, which is not coupled to an ERP item. Couple the product (ITEM-PRODUCT mapping) first.`),
  writeInItemMissing: (quote: string, line: number) =>
    new SalesQuoteError(C.WRITE_IN_ITEM_MISSING, `Line ${line} of CRM quote ${quote} is a write-in product, and the ERP setup names no write-in item. Set ErpSetup.writeInItemNo.`),
  noLines: (quote: string) =>
    new SalesQuoteError(C.NO_LINES, `CRM quote ${quote} has no quote products, so there is nothing to quote in the ERP. Add a product line to the quote (revise it) first.`),
};

/** A CRM quote as messages name it: `QUO-01001-AB12CD rev 1 "name"`, or its id. */
export function quoteLabel(quote: { id: string; values: Record<string, unknown> }): string {
  const number = typeof quote.values['quotenumber'] === 'string' && quote.values['quotenumber'] ? quote.values['quotenumber'] : undefined;
  const name = typeof quote.values['name'] === 'string' && quote.values['name'] ? quote.values['name'] : undefined;
  const revision = typeof quote.values['revisionnumber'] === 'number' ? ` rev ${quote.values['revisionnumber']}` : '';
  if (!number) return name ? `"${name}" (${quote.id})` : quote.id;
  return `${number}${revision}${name ? ` "${name}"` : ''}`;
}
