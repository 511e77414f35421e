import { randomUUID } from 'node:crypto';
import {
  CurrencyExchangeRateSchema, CurrencySchema, CustomerPriceGroupSchema, ERP_SETUP_KEY, ErpSetupSchema, ItemSchema,
  SalesPriceSchema, UnitOfMeasureSchema, type SalesPrice,
} from '@tandem/erp';
import { CURRENCY, CurrencyPlugin } from '@tandem/plugin-currency';
import { ITEM_PRODUCT, ItemProductPlugin } from '@tandem/plugin-item-product';
import { UNIT_OF_MEASURE, UnitOfMeasurePlugin } from '@tandem/plugin-unit-of-measure';
import { startTestPair, type TestPair } from '@tandem/testing';
import { PriceListPlugin } from '../src/index';

const system = () => ({ systemId: randomUUID(), modifiedAt: new Date() });

/**
 * A pair with the price-list plugin and its dependencies: local currency USD (the emulator's base), EUR coupled,
 * units PCS and BOX coupled, items I1 (10) and I2 (20) coupled to products.
 */
export async function startPricePair(): Promise<TestPair> {
  const pair = await startTestPair({ plugins: [CurrencyPlugin, UnitOfMeasurePlugin, ItemProductPlugin, PriceListPlugin] });
  const em = pair.erp();
  await em.insert(ErpSetupSchema, { key: ERP_SETUP_KEY, localCurrencyCode: 'USD', ...system() } as never);
  await em.insert(CurrencySchema, { code: 'EUR', description: 'Euro', amountRoundingPrecision: '0.01', ...system() } as never);
  await em.insert(CurrencyExchangeRateSchema, {
    currencyCode: 'EUR', startingDate: '2024-01-01', exchangeRateAmount: '100', relationalExchangeRateAmount: '110', ...system(),
  } as never);
  await em.insert(UnitOfMeasureSchema, { code: 'PCS', description: 'Piece', ...system() } as never);
  await em.insert(UnitOfMeasureSchema, { code: 'BOX', description: 'Box', ...system() } as never);
  for (const [no, price] of [['I1', '10'], ['I2', '20']] as const) {
    await em.insert(ItemSchema, { no, description: `Item ${no}`, baseUnitOfMeasure: 'PCS', unitPrice: price, ...system() } as never);
  }
  for (const mapping of [CURRENCY, UNIT_OF_MEASURE, ITEM_PRODUCT]) {
    const jobs = await pair.host.engine.fullSync(mapping);
    if (jobs.some((j) => j.failed > 0)) throw new Error(`setup: ${mapping} failed: ${JSON.stringify(await pair.host.state.errors(mapping))}`);
  }
  return pair;
}

export async function addGroup(pair: TestPair, code: string, description = `Group ${code}`): Promise<void> {
  await pair.erp().insert(CustomerPriceGroupSchema, { code, description, ...system() } as never);
}

/** A sales price (default: sales type Customer Price Group, local currency, base unit); returns its systemId. */
export async function addPrice(pair: TestPair, price: Partial<SalesPrice> & { itemNo: string; salesCode: string; unitPrice: string }): Promise<string> {
  const row = { salesType: 'Customer Price Group', currencyCode: '', unitOfMeasureCode: '', minimumQuantity: '0', variantCode: '', ...system(), ...price };
  await pair.erp().insert(SalesPriceSchema, row as never);
  return row.systemId;
}

/** A CRM row by id; throws when it does not exist (`getCrm` of @tandem/testing). */
export { getCrm as crmRow } from '@tandem/testing';

export async function crmRows(pair: TestPair, table: string, values: Record<string, unknown>) {
  return pair.crm.findByValues(table, { candidates: [values] });
}

export async function integrationIdOf(pair: TestPair, mapping: string, businessId: string): Promise<string | undefined> {
  return (await pair.host.state.findCoupling(mapping, 'business', businessId))?.integrationId ?? undefined;
}
