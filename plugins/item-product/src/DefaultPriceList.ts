import type { HostServices, InjectionToken } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema } from '@tandem/erp';
import { writeOne } from './crmWrite';
import { itemProductErrors } from './errors';
import { ITEM_PRODUCT_SETUP_KEY, ItemProductSetupSchema } from './ItemProductSetup';

/** The default name of the CRM price list the plugin creates (BC: '<product> Default Price List'). */
export const DEFAULT_PRICE_LIST_NAME = 'Tandem Default Price List';

/**
 * The CRM price list every product of an item is priced in (the seed: "automatically creates a price list").
 * Found by the id remembered in the plugin's setup row, so renaming it in the CRM changes nothing; when that list is
 * gone, one with the configured name is taken over, or a new one is created in the ERP's local currency, and its id is
 * remembered. Ids are kept for one job (`forget()` at each job start), so a list deleted between runs is re-created.
 */
export class DefaultPriceList {
  #priceListId: string | undefined;
  #currencyId: string | undefined;

  constructor(
    private readonly services: HostServices,
    readonly name: string,
  ) {}

  /** Drops the ids kept so far: the next call checks the CRM again. */
  forget(): void {
    this.#priceListId = undefined;
    this.#currencyId = undefined;
  }

  /** The CRM transaction currency of the ERP's local currency (matched by ISO code). */
  async currencyId(): Promise<string> {
    if (this.#currencyId) return this.#currencyId;
    const setup = await this.services.orm.em.fork().findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    if (!setup) throw itemProductErrors.setupMissing();
    const [currency] = await this.services.stores.integration.findByValues('transactioncurrency', {
      candidates: [{ isocurrencycode: setup.localCurrencyCode }],
    });
    if (!currency) throw itemProductErrors.currencyNotFound(setup.localCurrencyCode);
    return (this.#currencyId = currency.id);
  }

  /** The id of the default price list, made or found again when needed. */
  async id(): Promise<string> {
    if (this.#priceListId) return this.#priceListId;
    const crm = this.services.stores.integration;
    const em = this.services.orm.em.fork();
    const setup = await em.findOne(ItemProductSetupSchema, { key: ITEM_PRODUCT_SETUP_KEY });
    const remembered = setup?.defaultPriceListId;
    if (remembered && (await crm.getByIds('pricelevel', [remembered])).length > 0) return (this.#priceListId = remembered);

    const [named] = await crm.findByValues('pricelevel', { candidates: [{ name: this.name }] });
    const id =
      named?.id ??
      (await writeOne(crm, 'pricelevel', { kind: 'insert', values: { name: this.name, _transactioncurrencyid_value: await this.currencyId() } }));
    await em.upsert(ItemProductSetupSchema, { key: ITEM_PRODUCT_SETUP_KEY, defaultPriceListId: id });
    return (this.#priceListId = id);
  }
}

/** The default price list service, provided by `ItemProductPlugin` to plugins that depend on it. */
export const DEFAULT_PRICE_LIST: InjectionToken<DefaultPriceList> = Symbol('DefaultPriceList');
