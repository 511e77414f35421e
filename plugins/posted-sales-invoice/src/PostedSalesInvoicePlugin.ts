import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import {
  ErpSetupSchema,
  ItemSchema,
  PLUGIN_NAME as ERP_PLUGIN,
  SalesInvoiceHeaderSchema,
  SalesInvoiceLineSchema,
  ShipmentMethodSchema,
} from '@tandem/erp';
import { PLUGIN_NAME as CURRENCY_PLUGIN } from '@tandem/plugin-currency';
import { PLUGIN_NAME as CUSTOMER_ACCOUNT_PLUGIN } from '@tandem/plugin-customer-account';
import { DEFAULT_PRICE_LIST, PLUGIN_NAME as ITEM_PRODUCT_PLUGIN, type DefaultPriceList } from '@tandem/plugin-item-product';
import { PLUGIN_NAME as SALESPERSON_USER_PLUGIN } from '@tandem/plugin-salesperson-user';
import { PLUGIN_NAME, POSTED_SALES_INVOICE } from './constants';
import { CurrencyPriceLists } from './CurrencyPriceLists';
import { InvoiceLines } from './InvoiceLines';
import { InvoicePages, READ_COLUMNS } from './InvoicePage';
import { postedInvoiceMapping } from './postedInvoiceMapping';
import { CrmOrderLink } from './rules/crmOrderLink';
import { shipmentMethodDescription } from './rules/shipmentMethodDescription';

/**
 * Posted sales invoices → CRM invoices with their lines (BC's POSTEDSALESINV-INV with POSTEDSALESLINE-INV). No
 * options: register the class; change the mapping through `host.mappings`.
 */
@injectable()
export class PostedSalesInvoicePlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, SALESPERSON_USER_PLUGIN, CURRENCY_PLUGIN, CUSTOMER_ACCOUNT_PLUGIN, ITEM_PRODUCT_PLUGIN];
  #services: HostServices | undefined;
  #defaultPriceList: DefaultPriceList | undefined;

  register(registry: PluginRegistry): void {
    registry.addEntities(SalesInvoiceHeaderSchema, SalesInvoiceLineSchema, ItemSchema, ShipmentMethodSchema, ErpSetupSchema);
    registry.addMapping(postedInvoiceMapping);

    const services = () => this.#ready();
    const pages = new InvoicePages(services);
    const priceLists = new CurrencyPriceLists(services, () => this.#defaultPriceList!);
    const orderLink = new CrmOrderLink(services, pages, priceLists);
    const lines = new InvoiceLines(services, pages);
    const hooks = registry.hooks;
    const tap = { name: PLUGIN_NAME };

    hooks.onJobStart.for(POSTED_SALES_INVOICE).tap(tap, () => priceLists.forget());
    hooks.onJobEnd.for(POSTED_SALES_INVOICE).tap(tap, ({ job }) => pages.end(job.id));
    // Collects the page's rows for the prefetch; never ignores a row.
    hooks.onQueryPostFilter.for(POSTED_SALES_INVOICE).tap({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, (context) => {
      pages.collect(context.job.id, context.source);
      return undefined;
    });
    hooks.onBeforeTransform.for(POSTED_SALES_INVOICE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, (context) => lines.check(context));
    hooks.onAfterTransform.for(POSTED_SALES_INVOICE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.TRANSLATE }, async (context) => {
      await orderLink.apply(context);
      await shipmentMethodDescription(pages, context);
    });
    hooks.onBeforeInsert.for(POSTED_SALES_INVOICE).tapPromise(tap, async (context) => {
      await orderLink.beforeInsert(context);
      await lines.expect(context);
    });
    hooks.onAfterInsert.for(POSTED_SALES_INVOICE).tapPromise(tap, (context) => lines.write(context));
    hooks.onAfterModify.for(POSTED_SALES_INVOICE).tapPromise(tap, (context) => lines.complete(context));
    hooks.onUnchanged.for(POSTED_SALES_INVOICE).tapPromise(tap, (context) => lines.complete(context));
    hooks.onDeletionConflict.for(POSTED_SALES_INVOICE).tap(tap, (context) => lines.restoreRemoved(context));
  }

  ready(services: HostServices): void {
    this.#services = services;
    this.#defaultPriceList = services.resolve(DEFAULT_PRICE_LIST);
    for (const [table, columns] of Object.entries(READ_COLUMNS)) services.stores.integration.useColumns?.(table, columns);
  }

  #ready(): HostServices {
    if (!this.#services) throw new Error(`${PLUGIN_NAME} is not ready`);
    return this.#services;
  }
}
