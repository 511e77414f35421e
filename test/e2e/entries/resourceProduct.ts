import { expect } from 'vitest';
import { ResourceSchema } from '@tandem/erp';
import { RESOURCE_PRODUCT, ResourceProductPlugin, SERVICES } from '@tandem/plugin-resource-product';
import type { ScenarioEntry } from '../ScenarioEntry';
import { expectedProductUnit } from './productUnit';

const ACTIVE = 0;

/** RESOURCE-PRODUCT → product of type Services, on the default price list; a price change follows. */
export const resourceProduct: ScenarioEntry = {
  plugin: ResourceProductPlugin,
  mappings: { [RESOURCE_PRODUCT]: { toIntegration: { inserted: (s) => s.erp().count(ResourceSchema, { blocked: false }) } } },
  async checkFirstRun(s) {
    const resources = await s.erp().find(ResourceSchema, { blocked: false }, { orderBy: { no: 'asc' } });
    // Service products are the resources' and only theirs (items' products are Sales Inventory).
    expect((await s.crmRows('product', { producttypecode: SERVICES })).map((p) => p.values.productnumber).sort()).toEqual(resources.map((r) => r.no));
    const resource = resources[0];
    const product = await s.crmRow('product', await s.crmIdOf(RESOURCE_PRODUCT, resource!.no));
    expect(product.values).toMatchObject({ productnumber: resource!.no, name: resource!.name, producttypecode: SERVICES, statecode: ACTIVE });
    expect(Number(product.values.price)).toBe(Number(resource!.unitPrice));
    expect(product.values).toMatchObject(await expectedProductUnit(s, 'Resource', resource!.no, resource!.baseUnitOfMeasure!));
    // On the default price list, at its unit price.
    const [listItem] = await s.crmRows('productpricelevel', { _productid_value: product.id });
    expect(listItem?.values._pricelevelid_value).toBe(product.values._pricelevelid_value);
    expect(Number(listItem?.values.amount)).toBe(Number(resource!.unitPrice));
  },
  change: {
    async make(s) {
      await s.erp().nativeUpdate(ResourceSchema, { no: 'R00001' }, { unitPrice: '123.45', modifiedAt: new Date() });
    },
    expected: { [RESOURCE_PRODUCT]: { toIntegration: { modified: 1 } } },
    async verify(s) {
      expect(Number((await s.crmRow('product', await s.crmIdOf(RESOURCE_PRODUCT, 'R00001'))).values.price)).toBe(123.45);
    },
  },
};
