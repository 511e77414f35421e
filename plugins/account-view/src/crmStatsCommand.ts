import type { CommandOutput, Host, PluginCommand } from '@tandem/core';
import { ACCOUNT_VIEW } from './accountViewToken';
import type { CrmAccountView, RelatedList } from './AccountView';
import { accountViewErrors } from './errors';

/** `tandem crm-stats <customer> [--limit n] [--json]`: the CRM view of one coupled customer, from the ERP side. */
export const crmStatsCommand: PluginCommand = {
  name: 'crm-stats',
  description: "the coupled account's open opportunities, quotes and cases (counts, newest first, with CRM links)",
  arguments: [{ name: 'customer', description: 'the ERP customer no.' }],
  options: [
    { flags: '--limit <n>', description: 'rows listed per kind (0: counts only)', default: '10' },
    { flags: '--json', description: 'print JSON' },
  ],
  async run(host: Host, [customer], options, output) {
    const limit = Number(options.limit);
    if (!/^\d+$/.test(String(options.limit))) throw accountViewErrors.limitInvalid(options.limit);
    const view = await host.container.resolve(ACCOUNT_VIEW).forCustomer(String(customer), { limit });
    if (options.json) output.json(view);
    else printView(view, output);
  },
};

function printView(view: CrmAccountView, output: CommandOutput): void {
  output.line(`Customer ${view.customerNo} ↔ account ${view.accountName ?? '(no name)'} (${view.accountId})`);
  if (view.accountUrl) output.line(`  ${view.accountUrl}`);
  printList('Open opportunities', view.opportunities, output);
  printList('Open quotes', view.quotes, output);
  printList('Open cases', view.cases, output);
}

function printList(title: string, list: RelatedList, output: CommandOutput): void {
  output.line(`${title}: ${list.count}`);
  for (const row of list.rows) {
    const label = [row.number, row.name ?? '(no name)'].filter(Boolean).join(' ');
    const amount = row.amount === null ? '' : `  ${row.amount}`;
    output.line(`  ${label}${amount}  ${row.modifiedOn.toISOString()}${row.url ? `  ${row.url}` : ''}`);
  }
}
