import { deterministicId, type HostServices } from '@tandem/core';
import type { DefaultPriceList } from '@tandem/plugin-item-product';
import { CURRENCY_PRICE_LIST_IDS, currencyPriceListName } from './constants';
import { postedInvoiceErrors } from './errors';

/**
 * The price list of an invoice that is not linked to a CRM order, chosen by its currency (reference §6.3, BC's
 * FindCRMPriceListByCurrencyCode): the local currency takes ITEM-PRODUCT's default price list (`DEFAULT_PRICE_LIST`,
 * made if absent); a foreign currency takes the price list named 'Price List in <ISO code>' in that currency, created
 * when there is none (with an id derived from the currency, so a create retried after a crash makes no second list).
 * Ids are kept for one job (`forget()` at each job start).
 */
export class CurrencyPriceLists {
  readonly #ids = new Map<string, Promise<string>>();

  constructor(
    private readonly services: () => HostServices,
    private readonly defaultList: () => DefaultPriceList,
  ) {}

  forget(): void {
    this.#ids.clear();
  }

  forCurrency(invoiceNo: string, currencyId: string): Promise<string> {
    const key = currencyId.toLowerCase();
    let id = this.#ids.get(key);
    if (!id) {
      id = this.#find(invoiceNo, key);
      id.catch(() => this.#ids.delete(key));
      this.#ids.set(key, id);
    }
    return id;
  }

  async #find(invoiceNo: string, currencyId: string): Promise<string> {
    const defaultList = this.defaultList();
    if ((await defaultList.currencyId()).toLowerCase() === currencyId) return defaultList.id();
    const crm = this.services().stores.integration;
    const [currency] = await crm.getByIds('transactioncurrency', [currencyId]);
    const isoCode = currency?.values.isocurrencycode;
    if (typeof isoCode !== 'string' || !isoCode) throw postedInvoiceErrors.currencyMissing(invoiceNo);
    const name = currencyPriceListName(isoCode);
    const [found] = await crm.findByValues('pricelevel', { candidates: [{ name, _transactioncurrencyid_value: currencyId }] });
    if (found) return found.id;
    const [result] = await crm.write('pricelevel', [
      { kind: 'insert', ref: 'pricelevel', id: deterministicId(CURRENCY_PRICE_LIST_IDS, currencyId), values: { name, _transactioncurrencyid_value: currencyId } },
    ]);
    if (!result?.ok) throw postedInvoiceErrors.crmWriteFailed(`price list "${name}"`, result?.error ?? new Error('the store gave no result'));
    return result.id;
  }
}
