import type { PluginCommand } from '@tandem/core';
import { CUSTOMER_STATISTICS_SERVICE } from './CustomerStatisticsService';

/**
 * `tandem update-account-statistics [customers...] [--json]`: the seed's "Update Account Statistics". With customer
 * numbers, updates those customers now; without, runs the statistics job now (every customer it would choose). Exit
 * code 1 when a customer failed.
 */
export const updateStatisticsCommand: PluginCommand = {
  name: 'update-account-statistics',
  description: 'send customer statistics to the coupled CRM accounts now (given customers, or what the job would send)',
  arguments: [{ name: 'customers', description: 'ERP customer numbers (default: run the statistics job)', required: false, variadic: true }],
  options: [{ flags: '--json', description: 'print JSON' }],
  async run(host, [customers], options, output) {
    const service = host.container.resolve(CUSTOMER_STATISTICS_SERVICE);
    const nos = Array.isArray(customers) ? customers.map(String) : [];
    if (nos.length === 0) {
      const job = await service.runNow();
      const failed = await host.state.errors(job.mapping, { jobId: job.id });
      if (options.json) output.json({ job, failed });
      else {
        output.line(`Updated account statistics: ${job.inserted} new, ${job.modified} changed, ${job.unchanged} unchanged, ${job.failed} failed.`);
        for (const error of failed) output.error(`  ${error.sourceId}: ${error.message}`);
      }
      return job.failed > 0 ? 1 : 0;
    }
    const report = await service.updateCustomers(nos);
    if (options.json) output.json(report);
    else {
      output.line(`Updated account statistics: ${report.inserted} new, ${report.modified} changed, ${report.unchanged} unchanged, ${report.failed.length} failed.`);
      for (const failure of report.failed) output.error(`  ${failure.customerNo}: ${failure.message}`);
    }
    return report.failed.length > 0 ? 1 : 0;
  },
};
