import { afterEach, describe, expect, it } from 'vitest';
import { startTestPair, type TestPair } from '@tandem/testing';
import { CURRENCY, CURRENCY_LOOKUP, CurrencyErrorCodes, CurrencyPlugin, LOCAL_CURRENCY_ID, precisionOf } from '../src/index';
import { addCurrency, addRate, daysFromToday, setLocalCurrency } from './erpCurrencies';

let pair: TestPair | undefined;
afterEach(async () => {
  await pair?.close();
  pair = undefined;
});

async function crmCurrencies(p: TestPair) {
  const { rows } = await p.host.stores.integration.readChanged('transactioncurrency', { limit: 100 });
  return rows;
}
async function crmCurrency(p: TestPair, iso: string) {
  const rows = (await crmCurrencies(p)).filter((r) => r.values.isocurrencycode === iso);
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe('CURRENCY: Currency → transactioncurrency', () => {
  it('couples an ERP currency to the CRM currency with its ISO code (the seeded USD base) instead of creating another', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'EUR');
    await addCurrency(em, 'USD', { description: 'US Dollar' });
    await addRate(em, 'USD', '2024-01-01', '125', '100'); // 1.25 USD per EUR
    const [job] = await pair.host.engine.fullSync(CURRENCY);
    expect(job).toMatchObject({ coupled: 1, failed: 0 });
    const coupling = await pair.host.state.findCoupling(CURRENCY, 'business', 'USD');
    expect(coupling?.integrationId).toBe(pair.emulator.baseCurrencyId);
    const usd = await crmCurrency(pair, 'USD'); // still one USD, and the base rate untouched
    expect(Number(usd.values.exchangerate)).toBe(1);
    // the local currency EUR had no CRM currency: it was made (rate = EUR per USD) and coupled under the pseudo id
    const eur = await crmCurrency(pair, 'EUR');
    expect(Number(eur.values.exchangerate)).toBe(0.8);
    expect((await pair.host.state.findCoupling(CURRENCY, 'business', LOCAL_CURRENCY_ID))?.integrationId).toBe(eur.id);
    // A new USD rate moves the local currency's CRM rate on the next run; the base rate stays 1.
    await addRate(pair.erp(), 'USD', daysFromToday(0), '2', '1'); // 2 USD per EUR
    const [second] = await pair.host.engine.run(CURRENCY);
    expect(second).toMatchObject({ failed: 0, inserted: 0 });
    expect(Number((await crmCurrency(pair, 'EUR')).values.exchangerate)).toBe(0.5);
    expect(Number((await crmCurrency(pair, 'USD')).values.exchangerate)).toBe(1);
  });

  it('creates a new currency with the ISO code, defaulted symbol, precision and the LCY→FCY rate of today', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'GBP', { description: 'Pound Sterling', symbol: null, amountRoundingPrecision: '0.001' });
    await addRate(em, 'GBP', '2024-01-01', '1', '2'); // old: 0.5 GBP per USD
    await addRate(em, 'GBP', daysFromToday(-1), '1', '1.25'); // in force: 0.8 GBP per USD
    await addRate(em, 'GBP', daysFromToday(30), '1', '1.6'); // not yet
    await addCurrency(em, 'JPY', { description: null, symbol: '¥', amountRoundingPrecision: '1' });
    await addRate(em, 'JPY', '2024-01-01', '150', '1');
    const [job] = await pair.host.engine.fullSync(CURRENCY);
    expect(job).toMatchObject({ inserted: 2, failed: 0 });
    const gbp = await crmCurrency(pair, 'GBP');
    expect(gbp.values).toMatchObject({ currencyname: 'Pound Sterling', currencysymbol: 'GBP', currencyprecision: 3 });
    const jpy = await crmCurrency(pair, 'JPY');
    expect(jpy.values).toMatchObject({ currencyname: 'JPY', currencysymbol: '¥', currencyprecision: 0 });
    expect(Number(jpy.values.exchangerate)).toBe(150);
    expect(Number(gbp.values.exchangerate)).toBe(0.8);
  });

  it('reports a currency without a standard ISO code as a job error with a stable code and sends nothing', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'EURO');
    await addCurrency(em, 'X1');
    await addCurrency(em, 'SEK', { isoCode: 'sek' });
    await addRate(em, 'EURO', '2024-01-01', '1', '1');
    const before = (await crmCurrencies(pair)).length;
    const [job] = await pair.host.engine.fullSync(CURRENCY);
    expect(job).toMatchObject({ inserted: 0, coupled: 0, failed: 3 });
    const errors = await pair.host.state.errors(CURRENCY);
    // The tap's error is stored wrapped (TANDEM_HOOK_FAILED); its message ends with the rule's own code.
    expect(errors.map((e) => e.sourceId).sort()).toEqual(['EURO', 'SEK', 'X1']);
    expect(errors.every((e) => e.message.endsWith(`(${CurrencyErrorCodes.ISO_CODE_INVALID})`))).toBe(true);
    expect(errors.find((e) => e.sourceId === 'EURO')!.message).toMatch(/currency "EURO" has no standard ISO code/);
    expect((await crmCurrencies(pair)).length).toBe(before);
  });

  it('a currency whose ISO code field differs from its code is coupled by the ISO code', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'EUR');
    await addCurrency(em, 'DOLLAR', { isoCode: 'USD' });
    await addRate(em, 'DOLLAR', '2024-01-01', '1', '1');
    await pair.host.engine.fullSync(CURRENCY);
    expect((await pair.host.state.findCoupling(CURRENCY, 'business', 'DOLLAR'))?.integrationId).toBe(pair.emulator.baseCurrencyId);
  });

  it('a new exchange rate is re-sent although the currency row did not change; a quiet run then writes nothing', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'GBP');
    await addRate(em, 'GBP', '2024-01-01', '1', '1.25');
    await pair.host.engine.fullSync(CURRENCY);
    expect(Number((await crmCurrency(pair, 'GBP')).values.exchangerate)).toBe(0.8);
    await addRate(pair.erp(), 'GBP', daysFromToday(0), '1', '2'); // only a rate row; Currency GBP is untouched
    const [second] = await pair.host.engine.run(CURRENCY);
    expect(second).toMatchObject({ modified: 1, failed: 0 });
    const gbp = await crmCurrency(pair, 'GBP');
    expect(Number(gbp.values.exchangerate)).toBe(0.5);
    const [third] = await pair.host.engine.run(CURRENCY);
    expect(third).toMatchObject({ modified: 0, inserted: 0, failed: 0 });
    expect((await crmCurrency(pair, 'GBP')).modifiedOn).toEqual(gbp.modifiedOn);
  });

  it('a missing exchange rate fails the record with a stable code', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'NOK');
    await addRate(em, 'NOK', daysFromToday(10), '1', '1');
    const [job] = await pair.host.engine.fullSync(CURRENCY);
    expect(job!.failed).toBe(1);
    const [error] = await pair.host.state.errors(CURRENCY);
    expect(error!.sourceId).toBe('NOK');
    expect(error!.message).toMatch(/currency "NOK" has no exchange rate starting on or before \d{4}-\d\d-\d\d/);
    expect(error!.message.endsWith(`(${CurrencyErrorCodes.EXCHANGE_RATE_MISSING})`)).toBe(true);
  });

  it('couples the local currency (blank code) to the CRM base currency and looks both ways through CURRENCY_LOOKUP', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    const em = pair.erp();
    await setLocalCurrency(em, 'USD');
    await addCurrency(em, 'GBP');
    await addRate(em, 'GBP', '2024-01-01', '1', '1.25');
    await pair.host.engine.run(CURRENCY); // a regular run settles the local currency too
    const lookup = pair.host.container.resolve(CURRENCY_LOOKUP);
    expect(await lookup.integrationIdOf(null)).toBe(pair.emulator.baseCurrencyId);
    expect(await lookup.integrationIdOf('')).toBe(pair.emulator.baseCurrencyId);
    expect(await lookup.currencyCodeOf(pair.emulator.baseCurrencyId!)).toBeNull();
    expect(await lookup.integrationIdOf('GBP')).toBeNull(); // not coupled: a regular run creates nothing
    await pair.host.engine.fullSync(CURRENCY);
    const gbp = await crmCurrency(pair, 'GBP');
    expect(await lookup.integrationIdOf('GBP')).toBe(gbp.id);
    expect(await lookup.currencyCodeOf(gbp.id)).toBe('GBP');
    expect(await lookup.currencyCodeOf('00000000-0000-4000-8000-000000000000')).toBeUndefined();
  });

  it('runs every 30 minutes with an inactivity timeout of 720 minutes, ERP → CRM, coupled records only', async () => {
    pair = await startTestPair({ plugins: [CurrencyPlugin] });
    expect(pair.host.mappings.get(CURRENCY)).toMatchObject({
      direction: 'toIntegration', syncOnlyCoupled: true, schedule: { intervalSeconds: 1800, inactivityTimeoutSeconds: 43200 },
    });
  });

  it('derives the CRM precision from the amount rounding precision', () => {
    expect([precisionOf('0.01'), precisionOf('1'), precisionOf('0.001'), precisionOf('1.00'), precisionOf('0.05'), precisionOf('0.00001')]).toEqual([2, 0, 3, 0, 2, 2]);
  });
});
