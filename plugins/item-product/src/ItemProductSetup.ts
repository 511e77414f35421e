import { EntitySchema } from '@mikro-orm/core';

/** The key of the plugin's one setup row. */
export const ITEM_PRODUCT_SETUP_KEY = 'DEFAULT';

/**
 * The plugin's setup row (BC keeps the same value as "Default CRM Price List ID" in its connection setup): the id of
 * the CRM price list the plugin created, so that a renamed list is still found by its id.
 */
export interface ItemProductSetup {
  key: string;
  defaultPriceListId: string | null;
}

export const ItemProductSetupSchema = new EntitySchema<ItemProductSetup>({
  name: 'ItemProductSetup',
  tableName: 'tandem_item_product_setup',
  properties: {
    key: { type: 'string', length: 20, primary: true },
    defaultPriceListId: { type: 'string', length: 36, nullable: true },
  },
});
