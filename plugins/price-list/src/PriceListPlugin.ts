import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { CustomerPriceGroupSchema, ItemSchema, PLUGIN_NAME as ERP_PLUGIN, SalesPriceSchema } from '@tandem/erp';
import { CURRENCY_LOOKUP, PLUGIN_NAME as CURRENCY_PLUGIN, type CurrencyLookup } from '@tandem/plugin-currency';
import { PLUGIN_NAME as ITEM_PRODUCT_PLUGIN } from '@tandem/plugin-item-product';
import { PLUGIN_NAME as UNIT_OF_MEASURE_PLUGIN, unitOfMeasureModeOf } from '@tandem/plugin-unit-of-measure';
import { CUSTPRCGRP_PRICE, PLUGIN_NAME, SALESPRC_PRODPRICE } from './constants';
import { GroupRules } from './GroupRules';
import { customerPriceGroupMapping, salesPriceMapping } from './priceListMappings';
import { PriceRules } from './PriceRules';
import { resyncGroupPrices } from './resyncGroupPrices';

/**
 * Legacy pricing (BC's CUSTPRCGRP-PRICE and SALESPRC-PRODPRICE): customer price groups become CRM price lists and
 * their sales prices the lists' items. ERP → CRM only.
 */
@injectable()
export class PriceListPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, CURRENCY_PLUGIN, UNIT_OF_MEASURE_PLUGIN, ITEM_PRODUCT_PLUGIN];
  #services: HostServices | undefined;
  #currencies: CurrencyLookup | undefined;

  register(registry: PluginRegistry): void {
    registry.addEntities(CustomerPriceGroupSchema, SalesPriceSchema, ItemSchema);
    registry.addMapping(customerPriceGroupMapping());
    registry.addMapping(salesPriceMapping());

    const services = () => this.#ready();
    const group = new GroupRules(services, () => this.#currencies!);
    // The unit-of-measure plugin registered first (a dependency): its mode says where a price's unit comes from.
    const price = new PriceRules(services, unitOfMeasureModeOf(registry));
    const hooks = registry.hooks;
    const tap = { name: PLUGIN_NAME };
    const validate = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };

    hooks.onAfterTransform.for(CUSTPRCGRP_PRICE).tapPromise(tap, (ctx) => group.setCurrency(ctx));
    hooks.onAfterCommit.for(CUSTPRCGRP_PRICE).tapPromise(tap, async (ctx) => {
      await resyncGroupPrices(services(), ctx);
    });
    hooks.onJobStart.for(SALESPRC_PRODPRICE).tap(tap, () => price.forget());
    hooks.onQueryPostFilter.for(SALESPRC_PRODPRICE).tap(tap, (ctx) => {
      price.collect(ctx);
      return false;
    });
    hooks.onBeforeTransform.for(SALESPRC_PRODPRICE).tapPromise(validate, (ctx) => price.checkGroupCurrency(ctx));
    hooks.onAfterTransform.for(SALESPRC_PRODPRICE).tapPromise(tap, (ctx) => price.setUnit(ctx));
  }

  ready(services: HostServices): void {
    this.#services = services;
    this.#currencies = services.resolve(CURRENCY_LOOKUP);
  }

  #ready(): HostServices {
    if (!this.#services) throw new Error(`${PLUGIN_NAME} is not ready`);
    return this.#services;
  }
}
