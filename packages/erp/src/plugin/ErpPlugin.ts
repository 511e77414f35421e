import { randomUUID } from 'node:crypto';
import { EVERY_MAPPING, SyncStage, injectable, type InjectionToken, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { erpEntities } from '../entities/index';
import { LedgerService } from '../ledger/LedgerService';
import { SalesOrderService } from '../sales/SalesOrderService';

export const PLUGIN_NAME = 'ErpPlugin';

/**
 * The host's sales-order service, for plugins that depend on `ErpPlugin`: `services.resolve(SALES_ORDER_SERVICE)` in
 * their ready phase. Its hooks are `SalesOrderService.getHooks(registry.hooks)`, tappable from `register`.
 */
export const SALES_ORDER_SERVICE: InjectionToken<SalesOrderService> = Symbol('SalesOrderService');

/** The host's ledger service (payments, item adjustments, inventory), for plugins that depend on `ErpPlugin`. */
export const LEDGER_SERVICE: InjectionToken<LedgerService> = Symbol('LedgerService');

/** ERP tables whose key is not `systemId`; in the others the store already sets the key (`systemId`) on insert. */
const SYSTEM_ID_NOT_KEY: ReadonlySet<string> = new Set(
  erpEntities.filter((entity) => !entity.meta.properties.systemId?.primary).map((entity) => entity.meta.className),
);

/**
 * Contributes the ERP tables to the host's business database. It also gives every row the engine creates in an
 * ERP table (a `fromIntegration` insert) a fresh `systemId`, because the engine's batch inserts bypass MikroORM's
 * `onCreate`; the store itself stamps `modifiedAt`. Mapping plugins for customers, items, orders, … depend on it.
 */
@injectable()
export class ErpPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;

  register(registry: PluginRegistry): void {
    registry.addEntities(...erpEntities);
    registry.provide(SALES_ORDER_SERVICE, {
      useFactory: (services) => new SalesOrderService(services.orm, { hooks: SalesOrderService.getHooks(services.hooks), clock: () => services.clock.now() }),
    });
    registry.provide(LEDGER_SERVICE, { useFactory: (services) => new LedgerService(services.orm, { clock: () => services.clock.now() }) });
    // At a late stage, so that a mapping plugin's own tap may still choose the systemId. Tables keyed by systemId
    // are left alone: there the store sets the key to the engine's deterministic id, which makes creates idempotent.
    registry.hooks.onBeforeInsert.for(EVERY_MAPPING).tap({ name: PLUGIN_NAME, stage: SyncStage.ENRICH }, (context) => {
      if (context.direction !== 'fromIntegration' || !SYSTEM_ID_NOT_KEY.has(context.mapping.businessTable)) return;
      context.values.systemId ??= randomUUID();
    });
  }
}
