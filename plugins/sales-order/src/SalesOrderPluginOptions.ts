/** What a host can set on `SalesOrderPlugin.withOptions(...)`. */
export interface SalesOrderPluginOptions {
  /**
   * The seed's "Automatically Create Sales Orders": every run of SALESORDER-ORDER (and `runAutomatic()`) turns every
   * submitted, not yet transferred CRM order into an ERP order. Default `false`: orders are created on demand only.
   */
  autoCreateSalesOrders?: boolean;
  /** The ERP's name in the posts written on the CRM account's wall. Default `'Tandem ERP'`. */
  erpName?: string;
}

export const DEFAULT_ERP_NAME = 'Tandem ERP';
