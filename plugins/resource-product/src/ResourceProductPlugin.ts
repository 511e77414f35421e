import { SyncStage, injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN, ResourceSchema } from '@tandem/erp';
import { DEFAULT_PRICE_LIST, ITEM_PRODUCT, PLUGIN_NAME as ITEM_PRODUCT_PLUGIN, type DefaultPriceList } from '@tandem/plugin-item-product';
import { PLUGIN_NAME as UNIT_OF_MEASURE_PLUGIN, unitOfMeasureModeOf } from '@tandem/plugin-unit-of-measure';
import { ProductKinds } from './ProductKinds';
import { RESOURCE_PRODUCT, resourceProductMapping } from './resourceProductMapping';
import { ResourceRules } from './ResourceRules';
import { ServiceProductRules } from './ServiceProductRules';

export const PLUGIN_NAME = 'ResourceProductPlugin';

/**
 * Resources ↔ CRM service products (RESOURCE-PRODUCT). Depends on `ItemProductPlugin`: both share the `product` table
 * and the default price list, and this plugin keeps the two kinds of product apart (`ProductKinds`).
 */
@injectable()
export class ResourceProductPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN, UNIT_OF_MEASURE_PLUGIN, ITEM_PRODUCT_PLUGIN];
  #services: HostServices | undefined;
  #priceList: DefaultPriceList | undefined;

  register(registry: PluginRegistry): void {
    registry.addEntities(ResourceSchema);
    const mode = unitOfMeasureModeOf(registry);
    registry.addMapping(resourceProductMapping(mode));

    const services = () => this.#ready();
    const product = new ServiceProductRules(services, () => this.#priceList!, mode);
    const resource = new ResourceRules(services);
    const kinds = new ProductKinds(services);
    const hooks = registry.hooks;
    const tap = { name: PLUGIN_NAME };
    const validate = { name: PLUGIN_NAME, stage: SyncStage.VALIDATE };

    hooks.onResolveMapping.tapPromise(tap, (ctx) => kinds.resolve(ctx));
    hooks.onQueryPostFilter.for(ITEM_PRODUCT).tapPromise(tap, (ctx) => kinds.coupledElsewhere(ctx, RESOURCE_PRODUCT));
    hooks.onQueryPostFilter.for(RESOURCE_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'toIntegration') {
        const ignored = product.ignoreBlockedUncoupled(ctx);
        if (!ignored) product.collect(ctx);
        return ignored;
      }
      return resource.ignoreInactiveUncoupled(ctx) ?? (await kinds.coupledElsewhere(ctx, ITEM_PRODUCT));
    });
    hooks.onJobStart.for(RESOURCE_PRODUCT).tap(tap, () => product.forget());
    hooks.onBeforeTransform.for(RESOURCE_PRODUCT).tapPromise(validate, async (ctx) => {
      if (ctx.direction !== 'toIntegration') return;
      await product.checkBaseUnit(ctx);
      await product.checkNumberFree(ctx);
    });
    hooks.onAfterTransform.for(RESOURCE_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'toIntegration') await product.completeProduct(ctx);
      else resource.blockedFromState(ctx);
    });
    hooks.onBeforeInsert.for(RESOURCE_PRODUCT).tapPromise(tap, async (ctx) => {
      if (ctx.direction === 'fromIntegration') await resource.newResourceKeys(ctx);
    });
    hooks.onAfterInsert.for(RESOURCE_PRODUCT).tapPromise(tap, async (ctx) => {
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
