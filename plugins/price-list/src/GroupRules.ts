import type { HostServices, TransformContext } from '@tandem/core';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import { priceListErrors } from './errors';
import { groupCurrencies } from './groupCurrencies';

/**
 * The rule of CUSTPRCGRP-PRICE that a field mapping cannot say (BC's subscriber): the price list's currency is the one
 * currency of the group's sales prices; a group without prices gets the local currency; several currencies fail the
 * group, since a CRM price list has exactly one.
 */
export class GroupRules {
  constructor(
    private readonly services: () => HostServices,
    private readonly currencies: () => CurrencyLookup,
  ) {}

  /** After the transfer: the price list's transaction currency. */
  async setCurrency(ctx: TransformContext): Promise<void> {
    const code = String(ctx.source.values.code);
    const used = await groupCurrencies(this.services().orm.em.fork(), code);
    if (used.length > 1) throw priceListErrors.severalCurrencies(code, used);
    const currencyCode = used[0] ?? '';
    const currencyId = await this.currencies().integrationIdOf(currencyCode);
    if (!currencyId) throw priceListErrors.currencyNotCoupled(code, currencyCode);
    if (ctx.action === 'insert' || ctx.destination?.values._transactioncurrencyid_value !== currencyId) {
      ctx.changes._transactioncurrencyid_value = currencyId;
    }
  }
}
