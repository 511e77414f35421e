import type { InjectionToken } from '@tandem/core';
import { CURRENCY, LOCAL_CURRENCY_ID } from './constants';
import type { CurrencyEnvironment } from './CurrencyEnvironment';

/**
 * Currency code ↔ CRM `transactioncurrencyid`, through the CURRENCY couplings, with the local currency's blank code
 * included: for plugins that set a CRM currency lookup or an ERP currency code in their own code (the sales-order
 * plugin). Field mappings need none of this: a `reference: { mapping: CURRENCY }` field handles the blank code by
 * itself (see `localCurrencyReference`). Get it with `services.resolve(CURRENCY_LOOKUP)` in `ready` (depend on
 * `CurrencyPlugin`).
 */
export class CurrencyLookup {
  constructor(private readonly env: CurrencyEnvironment) {}

  /** The CRM currency of the local currency, or null while CURRENCY has not run yet (or the ERP has no setup). */
  async localCurrencyId(): Promise<string | null> {
    const coupling = await this.env.services.state.findCoupling(CURRENCY, 'business', LOCAL_CURRENCY_ID);
    return coupling?.integrationId ?? null;
  }

  /** The CRM currency id of an ERP currency code; blank (`null`/`''`) is the local currency. Null when not coupled. */
  async integrationIdOf(currencyCode: string | null | undefined): Promise<string | null> {
    if (!currencyCode) return this.localCurrencyId();
    const coupling = await this.env.services.state.findCoupling(CURRENCY, 'business', currencyCode);
    return coupling?.integrationId ?? null;
  }

  /**
   * The ERP currency code of a CRM currency: `null` for the local currency (the ERP's blank code), `undefined` when the
   * CRM currency is not coupled.
   */
  async currencyCodeOf(transactioncurrencyid: string): Promise<string | null | undefined> {
    const coupling = await this.env.services.state.findCoupling(CURRENCY, 'integration', transactioncurrencyid.toLowerCase());
    if (!coupling?.businessId) return undefined;
    return coupling.businessId === LOCAL_CURRENCY_ID ? null : coupling.businessId;
  }
}

/** The host's `CurrencyLookup`, provided by `CurrencyPlugin`. */
export const CURRENCY_LOOKUP: InjectionToken<CurrencyLookup> = Symbol('CurrencyLookup');
