import type { HostServices, Row } from '@tandem/core';
import type { CurrencyOptions } from './CurrencyOptions';
import { ErpCurrencyRates } from './ErpCurrencyRates';
import { findBaseCurrency } from './findBaseCurrency';

/** What the taps of one CURRENCY job share: the ERP's rates of today and the CRM base currency, read once per job. */
export interface CurrencyJobView {
  rates: ErpCurrencyRates;
  base: Row;
  baseIso: string;
}

/** The host's services (from the ready phase on) and the per-job view, for the plugin's taps and its lookup service. */
export class CurrencyEnvironment {
  #services: HostServices | undefined;
  #view: { jobId: string; view: Promise<CurrencyJobView> } | undefined;

  constructor(readonly options: CurrencyOptions) {}

  attach(services: HostServices): void {
    this.#services = services;
  }

  get services(): HostServices {
    if (!this.#services) throw new Error('CurrencyPlugin used before the host was ready');
    return this.#services;
  }

  /** The view for a job, read on its first use within that job. */
  forJob(jobId: string): Promise<CurrencyJobView> {
    if (this.#view?.jobId !== jobId) {
      const view = this.read();
      view.catch(() => undefined); // a failed read is reported where it is awaited
      this.#view = { jobId, view };
    }
    return this.#view.view;
  }

  /** A fresh view, outside any job. */
  async read(): Promise<CurrencyJobView> {
    const services = this.services;
    const rates = await ErpCurrencyRates.load(services.orm.em.fork(), services.clock.now());
    const base = await findBaseCurrency(services.stores.integration, this.options.baseCurrencyIsoCode);
    return { rates, base, baseIso: String(base.values.isocurrencycode) };
  }
}
