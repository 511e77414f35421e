import type { Filter } from '@tandem/core';

/** What a host can set on `SalesOrderPlugin.withOptions(...)`. */
export interface SalesOrderPluginOptions {
  /**
   * The seed's "Automatically Create Sales Orders": every run of SALESORDER-ORDER (and `runAutomatic()`) turns every
   * submitted, not yet transferred CRM order into an ERP order. Default `false`: orders are created on demand only.
   */
  autoCreateSalesOrders?: boolean;
  /**
   * The seed's "Bidirectional Synch of Sales Orders": released ERP orders ↔ submitted CRM orders with their lines
   * (SALESORDER-ORDER both ways, SOLINE-ORDERDETAIL), and the archived-orders job. Default `false` (the one-way legacy
   * flow). Cannot be combined with `autoCreateSalesOrders` (`TANDEM_SALES_ORDER_MODES_EXCLUSIVE`): in this mode every
   * run of SALESORDER-ORDER transfers the submitted orders anyway.
   */
  bidirectionalSalesOrders?: boolean;
  /**
   * More conditions on the CRM orders the automatic job takes (a core `Filter` on `salesorder`, added with "and" to
   * Submitted + not transferred), e.g. `{ _ownerid_value: '…' }`. Default none. On-demand creation ignores it.
   */
  orderFilter?: Filter;
  /** The ERP's name in the posts written on the CRM account's wall. Default `'Tandem ERP'`. */
  erpName?: string;
}

export const DEFAULT_ERP_NAME = 'Tandem ERP';
