import { emptyCounters, errorMessage, type HostServices, type InjectionToken, type PluginJobContext, type SyncJob } from '@tandem/core';
import type { CurrencyLookup } from '@tandem/plugin-currency';
import { CUSTOMER_STATISTICS } from './constants';
import { customersToSend } from './customersToSend';
import { StatisticsUploader } from './StatisticsUploader';

/** What an on-demand update did. */
export interface StatisticsReport {
  inserted: number;
  modified: number;
  unchanged: number;
  failed: { customerNo: string; code: string | null; message: string }[];
}

/**
 * The customer statistics job and its on-demand forms (the seed's "Update Account Statistics"). `runJob` is the
 * plugin job's body; `runNow()` runs that job at once, recorded as a job; `updateCustomers(nos)` updates the given
 * customers whatever their activity and returns a report.
 */
export class CustomerStatisticsService {
  readonly #uploader: StatisticsUploader;

  constructor(private readonly services: HostServices, currencies: CurrencyLookup, pageSize: number) {
    this.#uploader = new StatisticsUploader(services, currencies, pageSize);
  }

  /** One run of the job: the first and second pass's customers, page by page. */
  async runJob(context: PluginJobContext): Promise<void> {
    const nos = await customersToSend(this.services, context.watermark);
    await this.#uploader.upload(nos, { counters: context.counters, fail: (no, error, destination) => context.fail(no, error, destination) }, context.signal);
  }

  /** Runs the job now (every customer it would choose), recorded as a job; returns the job. */
  async runNow(): Promise<SyncJob> {
    return this.services.jobs.run(CUSTOMER_STATISTICS);
  }

  /** Updates the statistics of these customers now, changed or not (only changed values are written). */
  async updateCustomers(customerNos: readonly string[]): Promise<StatisticsReport> {
    const counters = emptyCounters();
    const failed: StatisticsReport['failed'] = [];
    await this.#uploader.upload(customerNos, {
      counters,
      fail: (customerNo, error) => failed.push({ customerNo, code: (error as { code?: string }).code ?? null, message: errorMessage(error) }),
    });
    return { inserted: counters.inserted, modified: counters.modified, unchanged: counters.unchanged, failed };
  }
}

/** The host's `CustomerStatisticsService`, provided by `CustomerStatisticsPlugin`. */
export const CUSTOMER_STATISTICS_SERVICE: InjectionToken<CustomerStatisticsService> = Symbol('CustomerStatisticsService');
