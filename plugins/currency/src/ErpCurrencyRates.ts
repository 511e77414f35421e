import type { EntityManager } from '@mikro-orm/core';
import { CurrencyExchangeRateSchema, CurrencySchema, Dec, ERP_SETUP_KEY, ErpSetupSchema, type Currency } from '@tandem/erp';
import { currencyErrors } from './errors';
import { isoCodeOf } from './isoCode';

/**
 * The ERP's view of currencies on one day: the local currency's code, the currency rows, and each currency's factor
 * (units of the currency per unit of the local currency) from the latest exchange rate starting on or before that day
 * (`exchangeRateAmount / relationalExchangeRateAmount`, NAV's currency factor).
 */
export class ErpCurrencyRates {
  private constructor(
    readonly today: string,
    /** `ErpSetup.localCurrencyCode`, or null when the ERP has no setup row yet. */
    readonly localCurrencyCode: string | null,
    private readonly currencies: readonly Currency[],
    private readonly factors: ReadonlyMap<string, Dec>,
  ) {}

  static async load(em: EntityManager, now: Date): Promise<ErpCurrencyRates> {
    const today = now.toISOString().slice(0, 10);
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    const currencies = await em.find(CurrencySchema, {});
    const rates = await em.find(CurrencyExchangeRateSchema, { startingDate: { $lte: today } }, { orderBy: { startingDate: 'desc' } });
    const factors = new Map<string, Dec>();
    for (const rate of rates) {
      if (factors.has(rate.currencyCode)) continue; // the latest one counts
      const relational = Dec.of(rate.relationalExchangeRateAmount);
      if (!relational.isPositive() || !Dec.of(rate.exchangeRateAmount).isPositive()) continue;
      factors.set(rate.currencyCode, Dec.of(rate.exchangeRateAmount).dividedBy(relational));
    }
    return new ErpCurrencyRates(today, setup?.localCurrencyCode?.trim() || null, currencies, factors);
  }

  /** The currency row whose ISO code is `iso` (see `isoCodeOf`), if any. */
  currencyOfIso(iso: string): Currency | undefined {
    return this.currencies.find((c) => isoCodeOf(c) === iso);
  }

  /** The currency row with this code, if any. */
  currencyOfCode(code: string): Currency | undefined {
    return this.currencies.find((c) => c.code === code);
  }

  /** Units of the currency with ISO code `iso` per unit of the local currency; 1 for the local currency itself. */
  factor(iso: string): Dec {
    if (iso === this.localCurrencyCode) return Dec.of(1);
    const currency = this.currencyOfIso(iso);
    const factor = currency && this.factors.get(currency.code);
    if (!factor) throw currencyErrors.exchangeRateMissing(currency?.code ?? iso, this.today);
    return factor;
  }

  /**
   * The CRM exchange rate of the currency `iso`: units of it per unit of the CRM base currency `baseIso` — the
   * LCY→FCY factor when the local currency is the base, else both factors divided (BC's GetFCYtoFCYExchangeRate).
   * As text, exact to 10 decimals (Dataverse's precision for it).
   */
  crmRate(iso: string, baseIso: string): string {
    if (iso === baseIso) return '1';
    return this.factor(iso).dividedBy(this.factor(baseIso)).toString();
  }
}
