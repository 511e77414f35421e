import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { ErpSetupSchema, ItemSchema, PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME as UNIT_OF_MEASURE_PLUGIN, unitOfMeasureModeOf } from '@tandem/plugin-unit-of-measure';
import { DEFAULT_PRICE_LIST, DEFAULT_PRICE_LIST_NAME, DefaultPriceList } from './DefaultPriceList';
import { ITEM_PRODUCT, itemProductMapping } from './itemProductMapping';
import { ItemProductSetupSchema } from './ItemProductSetup';
import { ItemRules } from './ItemRules';
import { NON_NEGATIVE_RULE, nonNegative } from './nonNegative';
import { ProductRules } from './ProductRules';

export const PLUGIN_NAME = 'ItemProductPlugin';

export interface ItemProductPluginOptions {
  /** The name of the CRM price list the plugin creates; default 'Tandem Default Price List'. */
  priceListName?: string;
}

/**
 * Items ↔ CRM products (ITEM-PRODUCT), with the default price list and a price list item per product. Used as a class
 * (`plugins: [ItemProductPlugin]`), or configured through `ItemProductPlugin.withOptions({ priceListName })`.
 */
@injectable()
export class ItemProductPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, UNIT_OF_MEASURE_PLUGIN];
  #priceListName = DEFAULT_PRICE_LIST_NAME;
  #services: HostServices | undefined;
  #priceList: DefaultPriceList | undefined;

  static withOptions(options: ItemProductPluginOptions): ItemProductPlugin {
    const plugin = new ItemProductPlugin();
    if (options.priceListName !== undefined) plugin.#priceListName = options.priceListName;
    return plugin;
  }

  register(registry: PluginRegistry): void {
    registry.addEntities(ItemSchema, ErpSetupSchema, ItemProductSetupSchema);
    registry.addTransformationRule(NON_NEGATIVE_RULE, nonNegative);
    const mode = unitOfMeasureModeOf(registry);
    registry.addMapping(itemProductMapping(mode));
    registry.provide(DEFAULT_PRICE_LIST, { useFactory: (services) => new DefaultPriceList(services, this.#priceListName) });

    const services = () => this.#ready();
    const product = new ProductRules(services, () => this.#priceList!, mode);
    const item = new ItemRules(services);
    const hooks = registry.hooks;
    const tap = { name: PLUGIN_NAME };
    const validate = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };

    hooks.onJobStart.for(ITEM_PRODUCT).tap(tap, () => product.forget());
    hooks.onQueryPostFilter.for(ITEM_PRODUCT).tap(tap, (ctx) => {
      if (ctx.direction !== 'toIntegration') return item.ignoreInactiveUncoupled(ctx);
      const ignored = product.ignoreBlockedUncoupled(ctx);
      if (!ignored) product.collect(ctx);
      return ignored;
    });
    hooks.onBeforeTransform.for(ITEM_PRODUCT).tapPromise(validate, async (ctx) => {
      if (ctx.direction === 'toIntegration') await product.checkBaseUnit(ctx);
    });
    hooks.onAfterTransform.for(ITEM_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'toIntegration') await product.completeProduct(ctx);
      else item.blockedFromState(ctx);
    });
    hooks.onBeforeInsert.for(ITEM_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'fromIntegration') await item.newItemKeys(ctx);
    });
    hooks.onAfterInsert.for(ITEM_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'toIntegration') await product.completeNewProduct(ctx);
    });
  }

  ready(services: HostServices): void {
    this.#services = services;
    this.#priceList = services.resolve(DEFAULT_PRICE_LIST);
  }

  #ready(): HostServices {
    if (!this.#services) throw new Error(`${PLUGIN_NAME} is not ready`);
    return this.#services;
  }
}
