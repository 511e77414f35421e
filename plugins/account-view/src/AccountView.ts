import type { MikroORM } from '@mikro-orm/core';
import type { Cursor, Row, StateStore, TableStore } from '@tandem/core';
import { CustomerSchema } from '@tandem/erp';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { accountViewErrors } from './errors';
import { RELATED_TABLES, type RelatedTable } from './relatedTables';

/** One CRM record as the view shows it. */
export interface RelatedRecord {
  id: string;
  name: string | null;
  /** The quote or case number. */
  number: string | null;
  /** Estimated value (opportunities) or total (quotes). */
  amount: number | null;
  statecode: number | null;
  statuscode: number | null;
  modifiedOn: Date;
  /** A link into the CRM's web client, when the store gives one. */
  url: string | null;
}

/** How many open records of one kind the account has, and the most recently changed ones. */
export interface RelatedList {
  count: number;
  rows: RelatedRecord[];
}

/** The CRM side of a coupled customer: its account and the account's open opportunities, quotes and cases. */
export interface CrmAccountView {
  customerNo: string;
  accountId: string;
  accountName: string | null;
  accountUrl: string | null;
  opportunities: RelatedList;
  quotes: RelatedList;
  cases: RelatedList;
}

export interface AccountViewOptions {
  /** How many rows of each kind to list (the newest first); 0 gives the counts only. Default 10. */
  limit?: number;
}

const PAGE = 500;

/**
 * The seed's "view and access opportunities, cases, and quotes that are associated with a corresponding account"
 * from the ERP: for a customer coupled in CUSTOMER, the counts and lists of its account's open opportunities, quotes
 * and cases, read live from the CRM (nothing is stored). Three tables, each read page by page through the
 * integration store; a view costs one request per 500 open records per table, plus one for the account.
 */
export class AccountView {
  constructor(private readonly deps: { orm: MikroORM; state: StateStore; crm: TableStore }) {}

  async forCustomer(customerNo: string, options: AccountViewOptions = {}): Promise<CrmAccountView> {
    const limit = options.limit ?? 10;
    if (!Number.isInteger(limit) || limit < 0 || limit > 5000) throw accountViewErrors.limitInvalid(limit);
    const customer = await this.deps.orm.em.fork().findOne(CustomerSchema, { no: customerNo }, { disableIdentityMap: true });
    if (!customer) throw accountViewErrors.customerNotFound(customerNo);
    const accountId = (await this.deps.state.findCoupling(CUSTOMER, 'business', customerNo))?.integrationId;
    if (!accountId) throw accountViewErrors.notCoupled(customerNo, CUSTOMER);
    const [account] = await this.deps.crm.getByIds('account', [accountId]);
    if (!account) throw accountViewErrors.accountMissing(customerNo, accountId);
    const lists = await Promise.all(RELATED_TABLES.map((related) => this.#list(related, accountId, limit)));
    const [opportunities, quotes, cases] = lists as [RelatedList, RelatedList, RelatedList];
    return {
      customerNo, accountId, accountName: (account.values.name as string | null) ?? null, accountUrl: this.#url('account', accountId),
      opportunities, quotes, cases,
    };
  }

  async #list(related: RelatedTable, accountId: string, limit: number): Promise<RelatedList> {
    const rows: Row[] = [];
    let after: Cursor | undefined;
    for (;;) {
      const page = await this.deps.crm.readChanged(related.table, { filter: related.openOf(accountId), limit: PAGE, ...(after ? { after } : {}) });
      rows.push(...page.rows);
      const last = page.rows[page.rows.length - 1];
      if (page.rows.length < PAGE || !last) break;
      after = { modifiedOn: last.modifiedOn, id: last.id };
    }
    // The store reads oldest first; the view lists the most recently changed first.
    const newest = rows.sort((a, b) => b.modifiedOn.getTime() - a.modifiedOn.getTime()).slice(0, limit);
    return { count: rows.length, rows: newest.map((row) => this.#record(related, row)) };
  }

  #record(related: RelatedTable, row: Row): RelatedRecord {
    const v = row.values;
    const amount = related.amountField ? v[related.amountField] : null;
    return {
      id: row.id, name: (v[related.nameField] as string | null) ?? null, number: related.numberField ? ((v[related.numberField] as string | null) ?? null) : null,
      amount: amount === null || amount === undefined ? null : Number(amount), statecode: (v.statecode as number | null) ?? null,
      statuscode: (v.statuscode as number | null) ?? null, modifiedOn: row.modifiedOn, url: this.#url(related.table, row.id),
    };
  }

  #url(table: string, id: string): string | null {
    return this.deps.crm.recordUrl?.(table, id) ?? null;
  }
}
