import type { Filter } from '@tandem/core';

/** One kind of CRM record the view lists for an account: its table, which of its rows belong to the account, and how to show one. */
export interface RelatedTable {
  key: 'opportunities' | 'quotes' | 'cases';
  table: string;
  /** The rows of `accountId` that are still open. */
  openOf(accountId: string): Filter;
  nameField: string;
  numberField?: string;
  amountField?: string;
}

/**
 * The seed's "opportunities, cases, and quotes that are associated with a corresponding account", open ones only (as
 * the CRM's account form shows them):
 * - opportunities whose account or potential customer is the account, state Open;
 * - quotes for the account, Draft or Active (won and closed ones are history);
 * - cases for the account, Active.
 */
export const RELATED_TABLES: readonly RelatedTable[] = [
  {
    key: 'opportunities', table: 'opportunity', nameField: 'name', amountField: 'estimatedvalue',
    openOf: (accountId) => ({ $or: [{ parentaccountid: accountId }, { customerid: accountId }], statecode: 0 }),
  },
  {
    key: 'quotes', table: 'quote', nameField: 'name', numberField: 'quotenumber', amountField: 'totalamount',
    openOf: (accountId) => ({ customerid: accountId, statecode: { $in: [0, 1] } }),
  },
  {
    key: 'cases', table: 'incident', nameField: 'title', numberField: 'ticketnumber',
    openOf: (accountId) => ({ customerid: accountId, statecode: 0 }),
  },
];
