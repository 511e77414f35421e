import type { SalesOrderLineInput, SalesQuoteInput } from '@tandem/erp';
import { crmLineInput, dateOnly } from '@tandem/plugin-sales-order';
import type { CrmQuote } from './CrmQuote';
import type { QuoteReferences } from './QuoteReferences';
import { salesQuoteErrors } from './salesQuoteErrors';

// Still exported from this package for those who import it here; the one implementation is the sales-order plugin's.
export { dateOnly } from '@tandem/plugin-sales-order';

/** ERP Your Reference and External Document No. hold 35 characters. */
const REFERENCE_LENGTH = 35;

/**
 * The ERP quote a CRM quote becomes (reference §6.6 and the seed): customer = the ERP customer coupled to the quote's
 * account (or its contact's parent account); currency through the CURRENCY couplings (the local currency blank);
 * External Document No. := name; Your Reference := quote number (how revisions and the order made from the quote
 * find it); Quote Valid Until := effectiveto; Requested Delivery Date := requestdeliveryby. Lines: a product through
 * ITEM-PRODUCT, a write-in product as the setup's write-in item; quantity, unit price, line discount and description
 * as CRM order lines do (the sales-order plugin's `crmLineInput`). Every rule broken throws its `TANDEM_SALES_QUOTE_*` error.
 */
export function quoteInput(quote: CrmQuote, refs: QuoteReferences, setup: { localCurrencyCode: string; writeInItemNo: string | null }): SalesQuoteInput {
  const customerNo = customerOf(quote, refs);
  const currencyCode = currencyOf(quote, refs, setup.localCurrencyCode);
  if (quote.lines.length === 0) throw salesQuoteErrors.noLines(quote.label);
  return {
    customerNo,
    currencyCode,
    yourReference: clip(quote.values['quotenumber'], REFERENCE_LENGTH),
    externalDocumentNo: clip(quote.values['name'], REFERENCE_LENGTH),
    quoteValidUntilDate: dateOnly(quote.values['effectiveto']),
    requestedDeliveryDate: dateOnly(quote.values['requestdeliveryby']),
    lines: quote.lines.map((line, index) => lineInput(quote, refs, setup.writeInItemNo, line.values, index + 1)),
  };
}

function customerOf(quote: CrmQuote, refs: QuoteReferences): string {
  const customerId = quote.values['_customerid_value'];
  if (typeof customerId !== 'string' || !customerId) throw salesQuoteErrors.noCustomer(quote.label, 'its customer is empty');
  let account = refs.accounts.get(customerId);
  if (!account) {
    const contact = refs.contacts.get(customerId);
    if (!contact) throw salesQuoteErrors.noCustomer(quote.label, `customer ${customerId} is neither an account nor a contact`);
    const parentId = contact.values['_parentcustomerid_value'];
    account = typeof parentId === 'string' ? refs.accounts.get(parentId) : undefined;
    if (!account) throw salesQuoteErrors.noCustomer(quote.label, `its customer is contact "${String(contact.values['fullname'] ?? contact.id)}", which belongs to no account`);
  }
  const coupling = refs.customers.get(account.id);
  if (!coupling?.businessId) throw salesQuoteErrors.customerNotCoupled(quote.label, `"${String(account.values['name'] ?? account.id)}" (${account.id})`);
  return coupling.businessId;
}

function currencyOf(quote: CrmQuote, refs: QuoteReferences, localCurrencyCode: string): string | null {
  const currencyId = quote.values['_transactioncurrencyid_value'];
  if (typeof currencyId !== 'string' || !currencyId) return null;
  const known = refs.currencies.get(currencyId);
  if (known?.code !== undefined) return known.code === localCurrencyCode ? null : known.code;
  // Not coupled (yet): the CRM base currency usually is the ERP's local one, recognised by its ISO code.
  if (known?.iso && known.iso.toUpperCase() === localCurrencyCode.toUpperCase()) return null;
  throw salesQuoteErrors.currencyNotCoupled(quote.label, known?.iso ? `${known.iso} (${currencyId})` : currencyId);
}

function lineInput(quote: CrmQuote, refs: QuoteReferences, writeInItemNo: string | null, values: Record<string, unknown>, number: number): SalesOrderLineInput {
  const productId = values['_productid_value'];
  let itemNo: string;
  if (typeof productId === 'string' && productId) {
    const coupling = refs.items.get(productId);
    if (!coupling?.businessId) throw salesQuoteErrors.productNotCoupled(quote.label, number, productId);
    itemNo = coupling.businessId;
  } else {
    if (!writeInItemNo) throw salesQuoteErrors.writeInItemMissing(quote.label, number);
    itemNo = writeInItemNo;
  }
  return crmLineInput(itemNo, values);
}

export function clip(value: unknown, length = REFERENCE_LENGTH): string | null {
  return typeof value === 'string' && value ? value.slice(0, length) : null;
}
