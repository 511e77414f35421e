import { deterministicId, type HostServices } from '@tandem/core';
import type { DefaultPriceList } from '@tandem/plugin-item-product';
import { CURRENCY_PRICE_LIST_IDS, currencyPriceListName } from './constants';
import { postedInvoiceErrors } from './errors';

/**
 * The price list of an invoice that is not linked to a CRM order, chosen by its currency (reference §6.3, BC's
 * FindCRMPriceListByCurrencyCode): the local currency takes ITEM-PRODUCT's default price list (`DEFAULT_PRICE_LIST`,
 * made if absent); a foreign currency takes the price list named 'Price List in <ISO code>' in that currency, created
 * when there is none (with an id derived from the currency, so a create retried after a crash makes no second list).
 *
 * `find` only reads (it runs in `onAfterTransform`, which a dry run calls too); `forCurrency` may create (it runs in
 * `onBeforeInsert`). Ids are kept for one job (`forget()` at each job start).
 */
export class CurrencyPriceLists {
  readonly #found = new Map<string, Promise<string | undefined>>();
  readonly #made = new Map<string, Promise<string>>();

  constructor(
    private readonly services: () => HostServices,
    private readonly defaultList: () => DefaultPriceList,
  ) {}

  forget(): void {
    this.#found.clear();
    this.#made.clear();
  }

  /** The price list of a foreign currency when it exists; undefined for the local currency or a list still to make. */
  find(invoiceNo: string, currencyId: string): Promise<string | undefined> {
    return cached(this.#found, currencyId.toLowerCase(), async (key) => {
      if (await this.#isLocal(key)) return undefined;
      const name = currencyPriceListName(await this.#isoCode(invoiceNo, key));
      const [found] = await this.services().stores.integration.findByValues('pricelevel', { candidates: [{ name, _transactioncurrencyid_value: key }] });
      return found?.id;
    });
  }

  /** The price list of a currency, made when absent. */
  forCurrency(invoiceNo: string, currencyId: string): Promise<string> {
    return cached(this.#made, currencyId.toLowerCase(), async (key) => {
      if (await this.#isLocal(key)) return this.defaultList().id();
      const found = await this.find(invoiceNo, key);
      if (found) return found;
      const name = currencyPriceListName(await this.#isoCode(invoiceNo, key));
      const [result] = await this.services().stores.integration.write('pricelevel', [
        { kind: 'insert', ref: 'pricelevel', id: deterministicId(CURRENCY_PRICE_LIST_IDS, key), values: { name, _transactioncurrencyid_value: key } },
      ]);
      if (!result?.ok) throw postedInvoiceErrors.crmWriteFailed(`price list "${name}"`, result?.error ?? new Error('the store gave no result'));
      return result.id;
    });
  }

  async #isLocal(currencyId: string): Promise<boolean> {
    return (await this.defaultList().currencyId()).toLowerCase() === currencyId;
  }

  async #isoCode(invoiceNo: string, currencyId: string): Promise<string> {
    const [currency] = await this.services().stores.integration.getByIds('transactioncurrency', [currencyId]);
    const isoCode = currency?.values.isocurrencycode;
    if (typeof isoCode !== 'string' || !isoCode) throw postedInvoiceErrors.currencyMissing(invoiceNo);
    return isoCode;
  }
}

/** One lookup per key and job; a failed one is asked again. */
function cached<T>(cache: Map<string, Promise<T>>, key: string, load: (key: string) => Promise<T>): Promise<T> {
  let value = cache.get(key);
  if (!value) {
    value = load(key);
    value.catch(() => cache.delete(key));
    cache.set(key, value);
  }
  return value;
}
