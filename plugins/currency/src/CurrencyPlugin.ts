import { injectable, type HostServices, type PluginRegistry, type TandemPlugin } from '@tandem/core';
import { PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';
import { PLUGIN_NAME } from './constants';
import { coupleByIsoCode } from './coupleByIsoCode';
import { currencyDefaults } from './currencyDefaults';
import { CurrencyEnvironment } from './CurrencyEnvironment';
import { CURRENCY_LOOKUP, CurrencyLookup } from './CurrencyLookup';
import { currencyMapping } from './currencyMapping';
import type { CurrencyOptions } from './CurrencyOptions';
import { currencyErrors } from './errors';
import { isStandardIsoCode } from './isoCode';
import { LocalCurrencyCoupling } from './LocalCurrencyCoupling';
import { localCurrencyReference } from './localCurrencyReference';
import { rejectNonIsoCurrencies } from './rejectNonIsoCurrencies';
import { resendChangedRates } from './resendChangedRates';
import { sendExchangeRate } from './sendExchangeRate';

/**
 * Currencies to CRM transaction currencies (mapping `CURRENCY`), the local currency's coupling, and `CURRENCY_LOOKUP`.
 * Use the class as it is (`plugins: [CurrencyPlugin]`), or `CurrencyPlugin.withOptions({ baseCurrencyIsoCode })`.
 */
@injectable()
export class CurrencyPlugin implements TandemPlugin {
  readonly name = PLUGIN_NAME;
  readonly dependsOn = [ERP_PLUGIN];
  #env = new CurrencyEnvironment({});

  /** A configured instance (pass it in `plugins` instead of the class). */
  static withOptions(options: CurrencyOptions): CurrencyPlugin {
    if (options.baseCurrencyIsoCode !== undefined && !isStandardIsoCode(options.baseCurrencyIsoCode)) {
      throw currencyErrors.optionsInvalid(`baseCurrencyIsoCode must be three letters A–Z, not ${JSON.stringify(options.baseCurrencyIsoCode)}`);
    }
    const plugin = new CurrencyPlugin();
    plugin.#env = new CurrencyEnvironment({ ...options });
    return plugin;
  }

  register(registry: PluginRegistry): void {
    const env = this.#env;
    const lookup = new CurrencyLookup(env);
    registry.addMapping(currencyMapping);
    registry.provide(CURRENCY_LOOKUP, { useValue: lookup });
    rejectNonIsoCurrencies(registry);
    coupleByIsoCode(registry, () => env.services.stores.integration);
    currencyDefaults(registry);
    sendExchangeRate(registry, env);
    resendChangedRates(registry, env, new LocalCurrencyCoupling(env));
    localCurrencyReference(registry, lookup);
  }

  ready(services: HostServices): void {
    this.#env.attach(services);
  }
}
