import type { Filter } from '@tandem/core';

/** What a host can set on `SalesOrderPlugin.withOptions(...)`. */
export interface SalesOrderPluginOptions {
  /**
   * The seed's "Automatically Create Sales Orders": every run of SALESORDER-ORDER (and `runAutomatic()`) turns every
   * submitted, not yet transferred CRM order into an ERP order. Default `false`: orders are created on demand only.
   */
  autoCreateSalesOrders?: boolean;
  /**
   * More conditions on the CRM orders the automatic job takes (a core `Filter` on `salesorder`, added with "and" to
   * Submitted + not transferred), e.g. `{ _ownerid_value: '…' }`. Default none. On-demand creation ignores it.
   */
  orderFilter?: Filter;
  /** The ERP's name in the posts written on the CRM account's wall. Default `'Tandem ERP'`. */
  erpName?: string;
}

export const DEFAULT_ERP_NAME = 'Tandem ERP';
