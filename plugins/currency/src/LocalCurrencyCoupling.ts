import { deterministicId, valuesEqual, type Row } from '@tandem/core';
import { CURRENCY, DEFAULT_CURRENCY_PRECISION, LOCAL_CURRENCY_ID } from './constants';
import type { CurrencyEnvironment, CurrencyJobView } from './CurrencyEnvironment';
import { currencyErrors } from './errors';
import { isStandardIsoCode } from './isoCode';

/**
 * The local currency is no currency row in the ERP (documents carry a blank code), but it has a CRM currency: the one
 * with the local currency's ISO code — the base currency when they are the same (the usual set-up). If the CRM has none,
 * it is created, as BC does, with the rate of the local currency against the base. Either way it is coupled in
 * `CURRENCY` under the business id `LOCAL_CURRENCY_ID`, so references through couplings can translate a blank code,
 * and its rate is kept up to date when it is not the base currency. Runs at the start of every CURRENCY job.
 */
export class LocalCurrencyCoupling {
  constructor(private readonly env: CurrencyEnvironment) {}

  /** Returns the CRM id of the local currency, or null when the ERP has no (standard) local currency code yet. */
  async ensure(view: CurrencyJobView): Promise<string | null> {
    const { rates, base, baseIso } = view;
    const lcy = rates.localCurrencyCode;
    if (!isStandardIsoCode(lcy)) return null;
    const store = this.env.services.stores.integration;
    const [found] = lcy === baseIso ? [base] : await store.findByValues('transactioncurrency', { candidates: [{ isocurrencycode: lcy }] });
    const row = found ?? (await this.create(lcy, rates.crmRate(lcy, baseIso)));
    if (found && row.id !== base.id) await this.updateRate(row, rates.crmRate(lcy, baseIso));
    await this.couple(lcy, row.id);
    return row.id;
  }

  private async create(lcy: string, rate: string): Promise<Row> {
    const store = this.env.services.stores.integration;
    const id = deterministicId(CURRENCY, LOCAL_CURRENCY_ID);
    const [existing] = await store.getByIds('transactioncurrency', [id]); // made by an earlier run that stopped before coupling
    if (existing) return existing;
    const values = { isocurrencycode: lcy, currencyname: lcy, currencysymbol: lcy, currencyprecision: DEFAULT_CURRENCY_PRECISION, exchangerate: rate };
    const [result] = await store.write('transactioncurrency', [{ kind: 'insert', ref: 'lcy', id, values }]);
    if (!result?.ok) throw result?.error ?? new Error('the CRM returned no result for the local currency');
    return { id: result.id, modifiedOn: result.modifiedOn, values };
  }

  private async updateRate(row: Row, rate: string): Promise<void> {
    if (valuesEqual(row.values.exchangerate, rate, 'decimal')) return;
    const [result] = await this.env.services.stores.integration.write('transactioncurrency', [
      { kind: 'update', ref: 'lcy', id: row.id, values: { exchangerate: rate } },
    ]);
    if (!result?.ok) throw result?.error ?? new Error('the CRM returned no result for the local currency');
  }

  private async couple(lcy: string, integrationId: string): Promise<void> {
    const state = this.env.services.state;
    const other = await state.findCoupling(CURRENCY, 'integration', integrationId);
    if (other && other.businessId !== LOCAL_CURRENCY_ID) throw currencyErrors.localCurrencyConflict(lcy, other.businessId ?? '?');
    const mine = await state.findCoupling(CURRENCY, 'business', LOCAL_CURRENCY_ID);
    if (mine?.integrationId === integrationId) return;
    await state.pairDirectly(CURRENCY, LOCAL_CURRENCY_ID, integrationId);
  }
}
