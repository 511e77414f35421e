/** Options of `CurrencyPlugin.withOptions(…)`. */
export interface CurrencyOptions {
  /**
   * The ISO code of the CRM organization's base currency (Dataverse's `organization.basecurrencyid`, which the
   * connector does not read). Without it, the base currency is the oldest CRM currency whose exchange rate is 1.
   */
  baseCurrencyIsoCode?: string;
}
