import {
  CouplingSchema,
  ErrorCodes,
  SyncStage,
  TandemError,
  injectable,
  type HostServices,
  type InjectionToken,
  type PluginRegistry,
  type TandemPlugin,
} from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, PLUGIN_NAME as ERP_PLUGIN, SALES_ORDER_SERVICE, SalesOrderService, archiveSalesDocument } from '@tandem/erp';
import { CURRENCY_LOOKUP } from '@tandem/plugin-currency';
import { ArchivedOrderUpdateSchema } from './bidirectional/ArchivedOrderUpdate';
import { ArchivedSalesOrders } from './bidirectional/ArchivedSalesOrders';
import type { BidirectionalContext } from './bidirectional/BidirectionalContext';
import { bidirectionalOrderMapping } from './bidirectional/bidirectionalOrderMapping';
import { deletedErpLines } from './bidirectional/deletedErpLines';
import { erpLineValues } from './bidirectional/erpLineValues';
import { lineRules } from './bidirectional/lineRules';
import { orderRules } from './bidirectional/orderRules';
import { salesLineMapping } from './bidirectional/salesLineMapping';
import { CrmInvoicing } from './CrmInvoicing';
import { PLUGIN_NAME, SALES_ORDER } from './names';
import { PendingCrmInvoicingSchema } from './PendingCrmInvoicing';
import { DEFAULT_ERP_NAME, type SalesOrderPluginOptions } from './SalesOrderPluginOptions';
import { salesOrderMapping } from './SalesOrderMapping';
import { SalesOrderTransfer } from './SalesOrderTransfer';
import { getSalesOrderTransferHooks } from './SalesOrderTransferHooks';
import { recordTransferReport } from './recordTransferReport';
import { salesOrderErrors } from './salesOrderErrors';

/** The sales-order transfer of a host (`host.container.resolve(SALES_ORDER_TRANSFER)`, or `services.resolve` in `ready`). */
export const SALES_ORDER_TRANSFER: InjectionToken<SalesOrderTransfer> = Symbol('SalesOrderTransfer');
/** The CRM side of posting (pending rows, delivery), for hosts and tools. */
export const CRM_INVOICING: InjectionToken<CrmInvoicing> = Symbol('CrmInvoicing');
/** Bidirectional mode: the archived-orders job (pending orders, `run()`), for hosts and tools. */
export const ARCHIVED_SALES_ORDERS: InjectionToken<ArchivedSalesOrders> = Symbol('ArchivedSalesOrders');

/** The plugins whose mappings this one reads couplings of (their class names). */
const COUPLED_PLUGINS = ['CustomerAccountPlugin', 'CurrencyPlugin', 'ItemProductPlugin'] as const;

/**
 * CRM sales orders → ERP sales orders (reference §6.1): on demand (`SALES_ORDER_TRANSFER.createFromCrm`) or, with
 * `autoCreateSalesOrders`, on every run of SALESORDER-ORDER; posting a coupled order marks its CRM order Invoiced
 * and writes a post on the account's wall. Options through `SalesOrderPlugin.withOptions({...})`; the class itself
 * runs with the defaults.
 */
@injectable()
export class SalesOrderPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, ...COUPLED_PLUGINS];
  #options: SalesOrderPluginOptions & { autoCreateSalesOrders: boolean; erpName: string } = { autoCreateSalesOrders: false, erpName: DEFAULT_ERP_NAME };
  #services: HostServices | undefined;
  #invoicing: CrmInvoicing | undefined;
  #transfer: SalesOrderTransfer | undefined;
  #archived: ArchivedSalesOrders | undefined;

  /** A plugin object with these options (pass it to `createHost({ plugins })` instead of the class). */
  static withOptions(options: SalesOrderPluginOptions): SalesOrderPlugin {
    // The two modes exclude each other (seed, reference §6.2): refused here, before any host is built.
    if (options.autoCreateSalesOrders && options.bidirectionalSalesOrders) throw salesOrderErrors.modesExclusive();
    const plugin = new SalesOrderPlugin();
    plugin.#options = {
      ...options,
      autoCreateSalesOrders: options.autoCreateSalesOrders ?? false,
      erpName: options.erpName ?? DEFAULT_ERP_NAME,
    };
    return plugin;
  }

  get options(): Readonly<SalesOrderPluginOptions> {
    return this.#options;
  }

  /** Whether the plugin runs in bidirectional mode (`bidirectionalSalesOrders`). */
  get bidirectional(): boolean {
    return this.#options.bidirectionalSalesOrders === true;
  }

  register(registry: PluginRegistry): void {
    if (this.#options.autoCreateSalesOrders && this.bidirectional) throw salesOrderErrors.modesExclusive();
    registry.addEntities(PendingCrmInvoicingSchema);
    registry.provide(SALES_ORDER_TRANSFER, { useFactory: () => this.#transferService() });
    registry.provide(CRM_INVOICING, { useFactory: () => this.#invoicingService() });
    if (this.bidirectional) this.#registerBidirectional(registry);
    else this.#registerLegacy(registry);

    // After each run's pass from the CRM: pending CRM updates of posted orders, then the automatic transfer.
    registry.hooks.onJobEnd.for(SALES_ORDER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.OBSERVE }, async ({ job, direction, lease }) => {
      if (job.type !== 'synchronization' || direction !== 'fromIntegration') return;
      try {
        // Under the run's own lease of SALESORDER-ORDER: the transfer couples and syncs orders of this mapping.
        const { transfer, archived } = await this.#transferService().runAutomatic(lease ? { lease } : {});
        if (transfer) {
          const report = archived ? { ...transfer, failed: [...transfer.failed, ...archived.failed] } : transfer;
          await recordTransferReport(this.#ready().state, job, report, this.#ready().clock.now(), { modified: archived?.updated.length ?? 0 });
        }
      } catch (error) {
        // Per-order failures are reported inside; this is the CRM being unreachable for the order list itself.
        this.#services?.logger.error({ mapping: SALES_ORDER, error: error instanceof Error ? error.message : String(error) }, 'automatic sales-order pass failed');
      }
    });

  }

  /** The one-way flow (reference §6.1): a field-less SALESORDER-ORDER, and posting → Invoiced through the outbox. */
  #registerLegacy(registry: PluginRegistry): void {
    registry.addMapping(salesOrderMapping);
    // No field sync ever runs on a transferred order (seed rule): every record of a SALESORDER-ORDER run is ignored.
    registry.hooks.onQueryPostFilter.for(SALES_ORDER).tap({ name: PLUGIN_NAME, stage: SyncStage.VALIDATE }, () => true);
    const erpHooks = SalesOrderService.getHooks(registry.hooks);
    // In the posting transaction: the outbox row commits with the post (and rolls back with it).
    erpHooks.afterPostSalesOrder.tapPromise(PLUGIN_NAME, (context) => this.#invoicingService().record(context));
    // After the commit: the CRM writes. Failures stay pending for the next run and never undo or fail the post.
    erpHooks.afterPostSalesOrderCommit.tapPromise(PLUGIN_NAME, async (context) => {
      await this.#invoicingService().deliverPending({ erpOrderNo: context.orderNo });
    });
  }

  /** Bidirectional mode (reference §6.2): SALESORDER-ORDER both ways, SOLINE-ORDERDETAIL, and their rules. */
  #registerBidirectional(registry: PluginRegistry): void {
    registry.addMapping(bidirectionalOrderMapping);
    registry.addMapping(salesLineMapping);
    const context: BidirectionalContext = {
      services: () => this.#ready(),
      currencies: () => this.#ready().resolve(CURRENCY_LOOKUP),
      erpName: this.#options.erpName,
    };
    orderRules(registry.hooks, context);
    lineRules(registry.hooks, context);
    erpLineValues(registry.hooks, context);
    deletedErpLines(registry.hooks, context);

    // The archived-orders job learns of each archived version of a coupled order inside the archiving transaction.
    registry.addEntities(ArchivedOrderUpdateSchema);
    registry.provide(ARCHIVED_SALES_ORDERS, { useFactory: () => this.#archivedService() });
    const erpHooks = SalesOrderService.getHooks(registry.hooks);
    erpHooks.afterArchiveSalesDocument.tapPromise(PLUGIN_NAME, (archive) => this.#archivedService().record(archive));
    // Posting a coupled order must leave an archived version for the job even when the ERP's Archive Orders is off.
    erpHooks.beforePostSalesOrder.tapPromise(PLUGIN_NAME, async (post) => {
      const setup = await post.em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
      if (setup?.archiveOrders) return; // the ERP archives it itself
      // Read through the posting transaction (SQLite has one connection: another one would wait for this one).
      if (!(await post.em.findOne(CouplingSchema, { mapping: SALES_ORDER, businessId: post.orderNo }))?.integrationId) return;
      await archiveSalesDocument(post.em, post.order, post.lines, { now: this.#ready().clock.now(), hooks: erpHooks });
    });
  }

  #archivedService(): ArchivedSalesOrders {
    const services = this.#ready();
    this.#archived ??= new ArchivedSalesOrders({
      orm: services.orm, crm: services.stores.integration, state: services.state, clock: services.clock, logger: services.logger,
    });
    return this.#archived;
  }

  ready(services: HostServices): void {
    // One plugin object may serve several hosts in turn (a restart): services are built per host.
    this.#services = services;
    this.#invoicing = undefined;
    this.#transfer = undefined;
    this.#archived = undefined;
  }

  #invoicingService(): CrmInvoicing {
    const services = this.#ready();
    this.#invoicing ??= new CrmInvoicing({
      orm: services.orm, crm: services.stores.integration, clock: services.clock, logger: services.logger, erpName: this.#options.erpName,
    });
    return this.#invoicing;
  }

  #transferService(): SalesOrderTransfer {
    const services = this.#ready();
    this.#transfer ??= new SalesOrderTransfer({
      orm: services.orm,
      crm: services.stores.integration,
      state: services.state,
      engine: services.engine,
      sales: services.resolve(SALES_ORDER_SERVICE),
      currencies: services.resolve(CURRENCY_LOOKUP),
      hooks: getSalesOrderTransferHooks(services.hooks),
      invoicing: this.#invoicingService(),
      clock: services.clock,
      logger: services.logger,
      autoCreate: this.#options.autoCreateSalesOrders,
      bidirectional: this.bidirectional,
      ...(this.bidirectional ? { archivedOrders: this.#archivedService() } : {}),
      ...(this.#options.orderFilter ? { orderFilter: this.#options.orderFilter } : {}),
    });
    return this.#transfer;
  }

  #ready(): HostServices {
    if (!this.#services) throw new TandemError(ErrorCodes.PLUGIN_INVALID, `${PLUGIN_NAME} is not ready yet: use its services after createHost has returned`);
    return this.#services;
  }
}
