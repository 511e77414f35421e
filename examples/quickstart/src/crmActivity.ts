import type { CrmPerson } from './CrmPerson';

/** The CRM price list Casey's quote and orders use (a list of her own, not one Tandem keeps). */
export const PRICE_LIST = 'Quickstart deals';

const CASE_RESOLVED = { statecode: 1, statuscode: 5 };
const QUOTE_ACTIVE = { statecode: 1, statuscode: 2 };

/** The quote Casey activated for the second account: SALESQUOTE-QUOTE makes an ERP sales quote of it. */
export const ACTIVE_QUOTE = 'Warehouse shelving, offer';

/**
 * What Casey has been doing in the CRM before Tandem is switched on. On one account: a contact (Nora), an
 * opportunity with her, a draft quote, an open case and a resolved one. The full sync brings the contact and the
 * opportunity to the ERP; the account view (`tandem crm-stats`) counts the open opportunities, quotes and cases. On a
 * second account: a quote with two lines, activated, which the full sync makes an ERP sales quote.
 * What exists already (a second run) is left alone; returns how many rows were added.
 */
export async function seedCrmActivity(casey: CrmPerson, accountId: string, quoteAccountId: string, baseCurrencyId: string | undefined): Promise<number> {
  let added = 0;
  const once = async (table: string, field: string, value: string, values: Record<string, unknown>): Promise<string> => {
    const existing = await casey.findBy(table, field, value);
    if (existing) return String(existing.id);
    added++;
    return casey.insert(table, { [field]: value, ...values });
  };
  const account = { table: 'account', id: accountId };
  const priceList = await once('pricelevel', 'name', PRICE_LIST, baseCurrencyId ? { transactioncurrencyid: baseCurrencyId } : {});
  const nora = await once('contact', 'emailaddress1', 'nora.north@crm.example.com', { firstname: 'Nora', lastname: 'North', telephone1: '+1 912 555 0111', parentcustomerid: account });
  await once('opportunity', 'name', 'Solar roof for Nora', { parentcontactid: nora, parentaccountid: accountId });
  await once('quote', 'name', 'Solar roof, first offer', { customerid: account, pricelevelid: priceList });
  await once('incident', 'title', 'Invoice address wrong', { customerid: account });
  const before = added;
  const resolved = await once('incident', 'title', 'Late delivery in March', { customerid: account });
  if (added > before) await casey.update('incident', resolved, CASE_RESOLVED);
  const beforeQuote = added;
  const quote = await once('quote', 'name', ACTIVE_QUOTE, { customerid: { table: 'account', id: quoteAccountId }, pricelevelid: priceList, effectiveto: '2026-12-31' });
  if (added > beforeQuote) {
    // Write-in lines: the CRM has no products before the first sync makes them.
    await casey.insert('quotedetail', { quoteid: quote, isproductoverridden: true, productdescription: 'Shelving units', quantity: 12, priceperunit: 150, ispriceoverridden: true, sequencenumber: 1 });
    await casey.insert('quotedetail', { quoteid: quote, isproductoverridden: true, productdescription: 'Assembly', quantity: 1, priceperunit: 400, ispriceoverridden: true, sequencenumber: 2 });
    await casey.update('quote', quote, QUOTE_ACTIVE);
    added += 2;
  }
  return added;
}
