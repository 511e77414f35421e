import type { EntityManager } from '@mikro-orm/core';
import { CurrencySchema } from '../entities/Currency';
import { CurrencyExchangeRateSchema } from '../entities/CurrencyExchangeRate';
import type { ErpSetup } from '../entities/ErpSetup';
import { erpErrors } from '../errors/erpErrors';
import { Dec } from '../money/Decimal';

/** The currency of a document: its code (blank for the local currency), factor and amount rounding. */
export interface DocumentCurrency {
  /** `null` for the local currency. */
  code: string | null;
  /** Document-currency units per local-currency unit (NAV "Currency Factor"); 1 in the local currency. */
  factor: Dec;
  amountRoundingPrecision: Dec;
}

const LOCAL_PRECISION = Dec.of('0.01');

/**
 * Resolves a currency code for a document dated `date`. A blank code or the local currency's code gives the local
 * currency (stored blank, as NAV does). Other codes must exist and have an exchange rate starting on or before the
 * date; the latest such rate sets the factor.
 */
export async function documentCurrency(em: EntityManager, setup: ErpSetup, code: string | null | undefined, date: string): Promise<DocumentCurrency> {
  const normalized = code?.trim() ?? '';
  if (normalized === '' || normalized.toUpperCase() === setup.localCurrencyCode.toUpperCase()) {
    return { code: null, factor: Dec.of(1), amountRoundingPrecision: LOCAL_PRECISION };
  }
  const currency = await em.findOne(CurrencySchema, { code: normalized });
  if (!currency) throw erpErrors.currencyNotFound(normalized);
  const [rate] = await em.find(
    CurrencyExchangeRateSchema,
    { currencyCode: currency.code, startingDate: { $lte: date } },
    { orderBy: { startingDate: 'desc' }, limit: 1 },
  );
  if (!rate) throw erpErrors.exchangeRateMissing(currency.code, date);
  const factor = Dec.of(rate.exchangeRateAmount, 'exchange rate amount').dividedBy(Dec.of(rate.relationalExchangeRateAmount, 'relational exchange rate amount'));
  return { code: currency.code, factor, amountRoundingPrecision: Dec.of(currency.amountRoundingPrecision) };
}
