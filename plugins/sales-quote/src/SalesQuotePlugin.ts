import {
  ErrorCodes,
  SyncStage,
  TandemError,
  injectable,
  type HostServices,
  type InjectionToken,
  type PluginRegistry,
  type TandemPlugin,
} from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN, SALES_ORDER_SERVICE, SalesHeaderSchema, SalesQuoteService } from '@tandem/erp';
import { CURRENCY_LOOKUP } from '@tandem/plugin-currency';
import { SALES_ORDER_TRANSFER, getSalesOrderTransferHooks } from '@tandem/plugin-sales-order';
import { PLUGIN_NAME, SALES_QUOTE } from './names';
import { recordQuoteReport } from './recordQuoteReport';
import { salesQuoteMapping } from './SalesQuoteMapping';
import type { SalesQuotePluginOptions } from './SalesQuotePluginOptions';
import { SalesQuoteProcessor } from './SalesQuoteProcessor';

/** The quote processing of a host (`host.container.resolve(SALES_QUOTE_PROCESSOR)`, or `services.resolve` in `ready`). */
export const SALES_QUOTE_PROCESSOR: InjectionToken<SalesQuoteProcessor> = Symbol('SalesQuoteProcessor');
/** The host's ERP quote operations (create, revise, delete), built on its `SALES_ORDER_SERVICE`. */
export const SALES_QUOTE_SERVICE: InjectionToken<SalesQuoteService> = Symbol('SalesQuoteService');

/** The plugins whose mappings and services this one uses (their class names). */
const REQUIRED_PLUGINS = ['CustomerAccountPlugin', 'CurrencyPlugin', 'ItemProductPlugin', 'SalesOrderPlugin'] as const;

/**
 * CRM quotes → ERP sales quotes (the seed's "Automatically Process Sales Quotes", reference §6.6): an activated quote
 * becomes an ERP quote, a revision archives and updates it, and a won quote becomes an ERP order once its CRM order
 * is submitted — through the sales-order transfer, whose hooks this plugin taps to set Quote No. and archive and
 * delete the quote. On demand (`SALES_QUOTE_PROCESSOR.processQuote`) or, with `autoProcessSalesQuotes`, on every run
 * of SALESQUOTE-QUOTE (every 30 minutes).
 */
@injectable()
export class SalesQuotePlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, ...REQUIRED_PLUGINS];
  #options: SalesQuotePluginOptions & { autoProcessSalesQuotes: boolean } = { autoProcessSalesQuotes: false };
  #services: HostServices | undefined;
  #processor: SalesQuoteProcessor | undefined;
  #quotes: SalesQuoteService | undefined;

  /** A plugin object with these options (pass it to `createHost({ plugins })` instead of the class). */
  static withOptions(options: SalesQuotePluginOptions): SalesQuotePlugin {
    const plugin = new SalesQuotePlugin();
    plugin.#options = { ...options, autoProcessSalesQuotes: options.autoProcessSalesQuotes ?? false };
    return plugin;
  }

  get options(): Readonly<SalesQuotePluginOptions> {
    return this.#options;
  }

  register(registry: PluginRegistry): void {
    registry.addMapping(salesQuoteMapping);
    registry.provide(SALES_QUOTE_PROCESSOR, { useFactory: () => this.#processorService() });
    registry.provide(SALES_QUOTE_SERVICE, { useFactory: () => this.#quoteService() });

    // No field sync runs on a processed quote: every record of a SALESQUOTE-QUOTE pass is ignored.
    registry.hooks.onQueryPostFilter.for(SALES_QUOTE).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, () => true);

    // After each run's (empty) pass: the automatic processing, its outcome added to the run's job.
    registry.hooks.onJobEnd.for(SALES_QUOTE).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, async ({ job, lease }) => {
      if (job.type !== 'synchronization') return;
      try {
        // Under the run's own lease of SALESQUOTE-QUOTE: processing couples quotes of this mapping.
        const report = await this.#processorService().runAutomatic(lease ? { lease } : {});
        if (report) await recordQuoteReport(this.#ready().state, job, report, this.#ready().clock.now());
      } catch (error) {
        // Per-quote failures are reported inside; this is the CRM being unreachable for the quote list itself.
        this.#services?.logger.error({ mapping: SALES_QUOTE, error: error instanceof Error ? error.message : String(error) }, 'automatic sales-quote pass failed');
      }
    });

    // The order side (reference §6.1): an order made from a won quote names the ERP quote, which is then archived
    // and deleted. Tapped on the sales-order plugin's own hooks, so it applies however the order is transferred.
    const transferHooks = getSalesOrderTransferHooks(registry.hooks);
    transferHooks.beforeCreateErpOrder.tapPromise(PLUGIN_NAME, async (context) => {
      const quoteNo = await this.#processorService().quoteNoForOrder(context.crmOrder);
      if (quoteNo) context.input.quoteNo = quoteNo;
    });
    transferHooks.afterTransfer.tapPromise(PLUGIN_NAME, async (context) => {
      const order = await this.#ready().orm.em.fork().findOne(SalesHeaderSchema, { no: context.erpOrderNo, documentType: 'Order' });
      if (order?.quoteNo) await this.#processorService().finishQuote(order.quoteNo);
    });
  }

  ready(services: HostServices): void {
    // One plugin object may serve several hosts in turn (a restart): services are built per host.
    this.#services = services;
    this.#processor = undefined;
    this.#quotes = undefined;
  }

  #quoteService(): SalesQuoteService {
    const services = this.#ready();
    this.#quotes ??= new SalesQuoteService(services.orm, services.resolve(SALES_ORDER_SERVICE), { clock: () => services.clock.now() });
    return this.#quotes;
  }

  #processorService(): SalesQuoteProcessor {
    const services = this.#ready();
    this.#processor ??= new SalesQuoteProcessor({
      orm: services.orm,
      crm: services.stores.integration,
      state: services.state,
      engine: services.engine,
      quotes: this.#quoteService(),
      currencies: services.resolve(CURRENCY_LOOKUP),
      transfer: () => services.resolve(SALES_ORDER_TRANSFER),
      logger: services.logger,
      autoProcess: this.#options.autoProcessSalesQuotes,
      ...(this.#options.quoteFilter ? { quoteFilter: this.#options.quoteFilter } : {}),
    });
    return this.#processor;
  }

  #ready(): HostServices {
    if (!this.#services) throw new TandemError(ErrorCodes.PLUGIN_INVALID, `${PLUGIN_NAME} is not ready yet: use its services after createHost has returned`);
    return this.#services;
  }
}
