import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/core';
import { CurrencyExchangeRateSchema, CurrencySchema, ERP_SETUP_KEY, ErpSetupSchema } from '@tandem/erp';

/** Test data helpers: ERP rows written natively, with their system fields. */
const system = () => ({ systemId: randomUUID(), modifiedAt: new Date() });

export async function setLocalCurrency(em: EntityManager, code: string): Promise<void> {
  await em.insert(ErpSetupSchema, {
    key: ERP_SETUP_KEY, localCurrencyCode: code, writeInItemNo: null,
    customerNos: null, itemNos: null, salespersonNos: null, orderNos: null, postedInvoiceNos: null, ...system(),
  });
}

export async function addCurrency(
  em: EntityManager,
  code: string,
  values: { description?: string | null; isoCode?: string | null; symbol?: string | null; amountRoundingPrecision?: string } = {},
): Promise<void> {
  await em.insert(CurrencySchema, {
    code, description: values.description === undefined ? `${code} currency` : values.description, isoCode: values.isoCode ?? null, symbol: values.symbol ?? null,
    amountRoundingPrecision: values.amountRoundingPrecision ?? '0.01', ...system(),
  });
}

/** From `startingDate` on, `amount` units of the currency are worth `relational` units of the local currency. */
export async function addRate(em: EntityManager, currencyCode: string, startingDate: string, amount: string, relational: string): Promise<void> {
  await em.insert(CurrencyExchangeRateSchema, {
    currencyCode, startingDate, exchangeRateAmount: amount, relationalExchangeRateAmount: relational, ...system(),
  });
}

export const today = () => new Date().toISOString().slice(0, 10);
export const daysFromToday = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
