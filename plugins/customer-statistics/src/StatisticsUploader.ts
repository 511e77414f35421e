import { deterministicId, type HostServices, type JobCounters, type Row, type WriteOperation } from '@tandem/core';
import { CustomerSchema, ERP_SETUP_KEY, ErpSetupSchema } from '@tandem/erp';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { CrmStatisticsUploadSchema } from './CrmStatisticsUpload';
import { ACCOUNT_STATISTICS_LOOKUP, ACCOUNT_STATISTICS_VALUE, CUSTOMER_STATISTICS, STATISTICS_TABLE } from './constants';
import { customerStatistics, type CustomerStatistics } from './customerStatistics';
import { customerStatisticsErrors as errors } from './errors';
import { changedValues, newRowValues, statisticsRowValues } from './statisticsRow';

/** Where a page's outcomes go: the job's counters and errors, or an on-demand report. */
export interface UploadSink {
  counters: Pick<JobCounters, 'inserted' | 'modified' | 'unchanged'>;
  fail(customerNo: string, error: unknown, destinationId?: string | null): void;
}

/** One customer on its way through a page. */
interface Pending {
  no: string;
  couplingId: number;
  couplingStamp: Date | null;
  accountId: string;
  account: Row;
  stats: CustomerStatistics;
  statisticsId: string;
  values: Record<string, unknown>;
  /** The CRM row as it is; absent for a row still to be made. */
  row?: Row;
}

/**
 * Writes customers' statistics to their accounts' `nav_accountstatistics` rows, a page at a time: per page one read of
 * customers, couplings and ERP figures, one read of the accounts and of their statistics rows, then one batch each for
 * new rows, changed rows and account links. Unchanged rows are not written. A customer that fails (not coupled, its
 * account gone, bad currency, a refused write) is reported to the sink; the rest of the page goes on.
 */
export class StatisticsUploader {
  constructor(
    private readonly services: HostServices,
    private readonly currencies: CurrencyLookup,
    private readonly pageSize: number,
  ) {}

  /** Uploads the statistics of these customers, `pageSize` at a time; stops between pages once `signal` is aborted. */
  async upload(customerNos: readonly string[], sink: UploadSink, signal?: AbortSignal): Promise<void> {
    const nos = [...new Set(customerNos)];
    for (let i = 0; i < nos.length; i += this.pageSize) {
      if (signal?.aborted) return;
      await this.#page(nos.slice(i, i + this.pageSize), sink);
    }
  }

  async #page(nos: string[], sink: UploadSink): Promise<void> {
    const { orm, state, stores, clock } = this.services;
    const crm = stores.integration;
    const em = orm.em.fork();
    const customers = new Map((await em.find(CustomerSchema, { no: { $in: nos } }, { disableIdentityMap: true })).map((c) => [c.no, c]));
    const couplings = await state.couplingsBy(CUSTOMER, 'business', nos);
    const coupled = nos.filter((no) => {
      const coupling = couplings.get(no);
      if (!customers.has(no)) sink.fail(no, errors.customerNotFound(no));
      else if (!coupling?.integrationId || coupling.skipped) sink.fail(no, errors.notCoupled(no, CUSTOMER));
      else return true;
      return false;
    });
    if (coupled.length === 0) return;

    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY });
    const asOfDate = clock.now().toISOString().slice(0, 10);
    const figures = await customerStatistics(em, coupled.map((no) => customers.get(no)!), { asOfDate, localCurrencyCode: setup?.localCurrencyCode ?? '' });
    const accounts = new Map((await crm.getByIds('account', coupled.map((no) => couplings.get(no)!.integrationId!))).map((a) => [String(a.id).toLowerCase(), a]));
    const linked = [...accounts.values()].map((a) => a.values[ACCOUNT_STATISTICS_VALUE]).filter((id): id is string => typeof id === 'string' && id !== '');
    const rows = new Map((linked.length ? await crm.getByIds(STATISTICS_TABLE, linked) : []).map((r) => [String(r.id).toLowerCase(), r]));
    const localCurrencyId = await this.currencies.localCurrencyId();

    const pending: Pending[] = [];
    for (const no of coupled) {
      const coupling = couplings.get(no)!;
      const accountId = coupling.integrationId!;
      const account = accounts.get(accountId.toLowerCase());
      const stats = figures.get(no);
      if (!account) sink.fail(no, errors.accountMissing(no, accountId), accountId);
      else if (stats instanceof Error) sink.fail(no, stats, accountId);
      else if (stats) {
        const link = account.values[ACCOUNT_STATISTICS_VALUE];
        const existing = typeof link === 'string' ? rows.get(link.toLowerCase()) : undefined;
        // A row deleted in the CRM (or never made) is made again, under an id derived from the customer: a run that
        // crashed before linking finds the row it made.
        const statisticsId = existing ? String(existing.id) : deterministicId(CUSTOMER_STATISTICS, no);
        const values = statisticsRowValues(stats, localCurrencyId);
        pending.push({ no, couplingId: coupling.id, couplingStamp: coupling.integrationModifiedOn, accountId, account, stats, statisticsId, values, ...(existing ? { row: existing } : {}) });
      }
    }

    // New rows: created with every money column 1 (see newRowValues), then updated with the real values below.
    const failed = new Set<string>();
    const inserts = pending.filter((p) => !p.row);
    await this.#write(STATISTICS_TABLE, inserts.map((p) => ({ kind: 'insert', ref: p.no, id: p.statisticsId, values: newRowValues(p.values) })), sink, 'its statistics row', failed);
    const updates: WriteOperation[] = [];
    for (const p of pending.filter((q) => !failed.has(q.no))) {
      const changes = changedValues(p.values, p.row ? p.row.values : newRowValues(p.values));
      if (Object.keys(changes).length > 0) updates.push({ kind: 'update', ref: p.no, id: p.statisticsId, values: changes });
    }
    await this.#write(STATISTICS_TABLE, updates, sink, 'its statistics row', failed);
    const modified = new Set(updates.map((u) => u.ref));
    const written = pending.filter((p) => !failed.has(p.no));

    // Link the accounts that do not point at their row yet. Linking changes the account; when the account had not
    // changed otherwise since its last sync, the coupling's CRM stamp moves with it, so CUSTOMER does not see a change.
    // An account a user changed since CUSTOMER last brought it over is not linked yet: our write would make the
    // integration identity its last modifier, and an incremental CUSTOMER pass from the CRM would leave the user's
    // change out. Its upload is not recorded, so a later run (after CUSTOMER has synced the change) links it.
    const unlinked = written.filter((p) => String(p.account.values[ACCOUNT_STATISTICS_VALUE] ?? '').toLowerCase() !== p.statisticsId.toLowerCase());
    const fromCrm = this.services.mappings.get(CUSTOMER).direction !== 'toIntegration';
    const userChanged = (p: Pending) => fromCrm && (!p.couplingStamp || p.account.modifiedOn.getTime() > p.couplingStamp.getTime());
    const deferred = new Set(unlinked.filter(userChanged));
    const toLink = unlinked.filter((p) => !deferred.has(p));
    const links = await this.#write('account', toLink.map((p) => ({ kind: 'update', ref: p.no, id: p.accountId, values: { [ACCOUNT_STATISTICS_LOOKUP]: p.statisticsId } })), sink, 'the account\'s statistics link', failed);
    const stamps = new Map<number, Date>();
    for (const p of toLink) {
      const after = links.get(p.no);
      if (after && p.couplingStamp && p.account.modifiedOn.getTime() <= p.couplingStamp.getTime()) stamps.set(p.couplingId, after);
    }
    if (stamps.size > 0) await state.refreshStamps(CUSTOMER, 'integration', stamps);

    const done = written.filter((p) => !failed.has(p.no));
    for (const p of done) {
      if (!p.row) sink.counters.inserted++;
      else if (modified.has(p.no) || toLink.includes(p)) sink.counters.modified++;
      else sink.counters.unchanged++;
    }
    const uploaded = done.filter((p) => !deferred.has(p));
    if (uploaded.length > 0) {
      const now = clock.now();
      await em.upsertMany(CrmStatisticsUploadSchema, uploaded.map((p) => ({ customerNo: p.no, statisticsId: p.statisticsId, uploadedAt: now })));
    }
  }

  /** One batch to the CRM; returns the refs that succeeded with their new modified-on; the others are reported and added to `failed`. */
  async #write(table: string, operations: WriteOperation[], sink: UploadSink, what: string, failed: Set<string>): Promise<Map<string, Date>> {
    const ok = new Map<string, Date>();
    if (operations.length === 0) return ok;
    for (const result of await this.services.stores.integration.write(table, operations)) {
      if (result.ok) ok.set(result.ref, result.modifiedOn);
      else {
        failed.add(result.ref);
        sink.fail(result.ref, errors.crmWriteFailed(result.ref, what, result.error));
      }
    }
    return ok;
  }
}
