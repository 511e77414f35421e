// `pnpm start`: the quickstart. An ERP with demo data and a CRM (the Dataverse emulator) get synchronized by every
// plugin of its config, then the worker keeps them in step while both sides change. See examples/quickstart/README.md.
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLogger, hostFromConfig, loadConfig, applyOverrides } from '@tandem/cli';
import { createHost, errorMessage, type Host, type SyncJob } from '@tandem/core';
import { CustomerSchema, SalesInvoiceHeaderSchema, SalesLineSchema, SalespersonSchema } from '@tandem/erp';
import { ACCOUNT_VIEW } from '@tandem/plugin-account-view';
import { CUSTOMER } from '@tandem/plugin-customer-account';
import { ITEM_PRODUCT } from '@tandem/plugin-item-product';
import { POSTED_SALES_INVOICE } from '@tandem/plugin-posted-sales-invoice';
import { SALES_ORDER } from '@tandem/plugin-sales-order';
import { SALES_QUOTE } from '@tandem/plugin-sales-quote';
import { CrmPerson } from './CrmPerson';
import { ACTIVE_QUOTE } from './crmActivity';
import { CASEY, customersKnownToTheCrm, DEMO, postDemoOrder, seedCrm, seedErp, type DemoSize } from './demoData';
import { inSeedsJobOrder } from './jobOrder';
import { printJobs } from './progress';
import { coupleSalespeople } from './setup';
import { statusTable } from './statusTable';
import { failureLines } from './failureLines';
import { rowsWritten, summaryTable } from './summaryTable';
import { workerCycle } from './workerCycle';

const write = (line = '') => process.stdout.write(`${line}\n`);
const started = Date.now();
const seconds = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

/**
 * `--config <file>`: the host's config (default: the tandem.config.ts of this example), as `pnpm tandem --config`
 * takes it. `--customers N`, `--items N`: the size of the ERP demo data on a first run (the tests use a small one).
 */
function parseOptions(argv: string[]): { config: string; size: DemoSize } {
  const { values } = parseArgs({ args: argv, options: { config: { type: 'string', short: 'c' }, customers: { type: 'string' }, items: { type: 'string' } } });
  // The story picks six customers among the first 40 and two unblocked items.
  const count = (name: 'customers' | 'items', least: number) => {
    if (values[name] === undefined) return DEMO[name];
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n < least) throw new Error(`--${name} must be a whole number of at least ${least}, got "${values[name]}"`);
    return n;
  };
  return {
    config: values.config ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'tandem.config.ts'),
    size: { customers: count('customers', 40), items: count('items', 10) },
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const loaded = await loadConfig(options.config);
  if (!('emulator' in loaded.config.dataverse)) {
    throw new Error('the quickstart seeds demo data into the embedded emulator; against a real Dataverse use `pnpm tandem sync --all --full` instead');
  }
  const logging = loaded.config.logging ?? {};
  const prepared = await hostFromConfig(loaded, { logger: createLogger({ level: logging.level ?? 'warn', format: logging.format ?? 'pretty' }) });
  let host: Host | undefined;
  try {
    host = await createHost(prepared.options);
    await applyOverrides(host, loaded.config);
    const dbName = (prepared.options.database as { dbName?: string }).dbName ?? loaded.file;
    await story(host, prepared.emulator!, relative(process.cwd(), dirname(dbName)) || '.', options.size);
  } finally {
    await host?.close();
    await prepared.close();
  }
}

async function story(host: Host, emulator: NonNullable<Awaited<ReturnType<typeof hostFromConfig>>['emulator']>, dataDir: string, size: DemoSize): Promise<void> {
  const em = () => host.orm.em.fork();
  const progress = printJobs(host, write);
  const kept = (await em().count(CustomerSchema, {})) > 0;

  write(`Tandem quickstart — an ERP (SQLite) and Dynamics 365 Sales (the Dataverse emulator at ${emulator.url})`);
  write(`Data folder: ${dataDir} (delete it to start over)`);
  write();
  if (kept) {
    const [customers, couplings] = [await em().count(CustomerSchema, {}), await em().count('Coupling', {})];
    write(`1. Kept state found: ${customers} ERP customers and ${couplings} couplings from an earlier run — no demo data added.`);
  } else {
    const summary = await seedErp(em(), size);
    const invoiceNo = await postDemoOrder(host);
    write(`1. ERP demo data: ${summary.Customer} customers, ${summary.Item} items, ${summary.Salesperson} salespeople, ${summary.Currency} foreign currencies, ${summary.UnitOfMeasure} units of measure, posted invoice ${invoiceNo}`);
  }
  const crmSeed = await seedCrm(emulator, em());
  write(crmSeed.matchingAccounts + crmSeed.crmOnlyAccounts + crmSeed.activity > 0
    ? `   CRM: ${crmSeed.users} users, ${crmSeed.matchingAccounts} accounts named like ERP customers, ${crmSeed.crmOnlyAccounts} accounts only the CRM has; on the first, Casey added a contact, an opportunity, a quote and cases; on the second, an activated quote`
    : `   CRM: users, accounts and Casey's contact, opportunity, quotes and cases are there from the earlier run`);
  const casey = new CrmPerson(emulator, CASEY.userId);

  const setup = await coupleSalespeople(host, casey);
  const missing = setup.missing.length ? `; no CRM user for ${setup.missing.join(', ')}` : '';
  write(setup.coupled === 0 && setup.alreadyCoupled > 0
    ? `2. Setup: the ${setup.alreadyCoupled} ERP salespeople are already coupled to their CRM users${missing}`
    : `2. Setup: ${setup.coupled} ERP salespeople coupled to the CRM users of the same name${setup.alreadyCoupled ? `, ${setup.alreadyCoupled} already coupled` : ''}${missing}`);

  write(`3. Full synchronization of every mapping in the seeds' job order (run 1):`);
  const order = inSeedsJobOrder(host.mappings.all()).filter((m) => m.enabled);
  const jobs: SyncJob[] = [];
  for (const mapping of order) jobs.push(...(await host.engine.fullSync(mapping.name)));
  const total = (name: 'inserted' | 'modified' | 'coupled' | 'failed') => jobs.reduce((n, j) => n + j[name], 0);
  if (kept && total('inserted') + total('coupled') === 0) {
    const modified = total('modified');
    write(`   already synchronized: 0 inserted, 0 coupled${modified ? `; ${modified} modified where comparing every record found a field to update` : ', 0 modified'}, ${total('failed')} failed`);
  } else {
    write(`   ${total('inserted')} inserted, ${total('coupled')} coupled by name, ${total('modified')} modified, ${total('failed')} failed`);
  }
  const matched = (await Promise.all((await customersKnownToTheCrm(em())).map((c) => host.state.findCoupling(CUSTOMER, 'business', c.no)))).filter((c) => c?.integrationId).length;
  const crmPeople = await em().count(SalespersonSchema, { code: { $like: 'SP NO.%' } });
  write(`   ${matched} ERP customers are coupled to the CRM accounts that had their name; ${crmPeople} CRM user became an ERP salesperson`);
  // The plugin jobs (customer statistics, item availability) run after the mappings, as the worker runs them.
  const pluginJobs: SyncJob[] = [];
  for (const job of host.jobs.all()) pluginJobs.push(await host.jobs.run(job.name));
  write(`   Plugin jobs: ${pluginJobs.map((j) => `${j.mapping} ${j.inserted} inserted, ${j.modified} modified, ${j.failed} failed`).join('; ')}`);
  jobs.push(...pluginJobs);
  const thisRun = new Set(jobs.map((j) => j.id));
  for (const line of failureLines((await host.state.errors()).filter((e) => thisRun.has(e.jobId)))) write(`   ! ${line}`);

  // Runs 2 and 3: regular runs with nothing changed in between. They must write nothing on either side.
  progress.quiet = true;
  emulator.resetStats();
  const regularRun = async () => {
    const ran = await host.engine.runAll();
    for (const job of host.jobs.all()) ran.push(await host.jobs.run(job.name));
    return ran;
  };
  const second = await regularRun();
  const third = await regularRun();
  const { requests, rowsCreated, rowsUpdated, rowsDeleted } = emulator.stats;
  write(`   Then two regular runs with nothing changed (runs 2 and 3). Per mapping:`);
  write(await summaryTable(host, order, [jobs, second, third]));
  write(`   Runs 2 and 3: ${[...second, ...third].reduce((n, j) => n + rowsWritten(j), 0)} rows written on either side; the CRM answered ${requests} requests and wrote ${rowsCreated + rowsUpdated + rowsDeleted} rows.`);
  const [first] = await customersKnownToTheCrm(em());
  const view = await host.container.resolve(ACCOUNT_VIEW).forCustomer(first!.no, { limit: 0 });
  const open = (count: number, one: string, many: string) => `${count} open ${count === 1 ? one : many}`;
  write(`   The CRM view of ${first!.no} from the ERP (\`pnpm tandem crm-stats ${first!.no}\`): ${open(view.opportunities.count, 'opportunity', 'opportunities')}, ${open(view.quotes.count, 'quote', 'quotes')}, ${open(view.cases.count, 'case', 'cases')}`);
  write(await quoteAndInvoice(host, casey));
  write(`   (${seconds()})`);
  write(`4. The worker runs the schedule (every 2 s here) while both sides change:`);
  const cycle = await workerCycle(host, emulator, casey, first!, write);
  await host.engine.runAll(); // settles what the posting changed, so a next run starts in step

  write();
  write(`5. Status`);
  write(await statusTable(host, inSeedsJobOrder(host.mappings.all())));
  write();
  write(`Links (CRM links point at the emulator while it runs; with a real Dataverse they open the record):`);
  const account = await host.links.of(CUSTOMER, { businessId: cycle.customerNo });
  write(`  customer ${cycle.customerNo}   ERP ${account.business ?? '-'}`);
  write(`                      CRM ${account.integration ?? '-'}`);
  const [item] = await host.state.couplings(ITEM_PRODUCT, {});
  if (item?.businessId) write(`  item ${item.businessId}       CRM ${(await host.links.of(ITEM_PRODUCT, { businessId: item.businessId })).integration ?? '-'}`);
  write(`  order ${cycle.erpOrderNo}      CRM ${(await host.links.of(SALES_ORDER, { integrationId: cycle.crmOrderId })).integration ?? '-'} (invoice ${cycle.invoiceNo})`);
  write();
  write(`Done in ${seconds()}. Run \`pnpm start\` again: the kept files are found and new changes still travel.`);
  write(`Same host from the CLI: pnpm tandem --config examples/quickstart/tandem.config.ts status`);
}

/** Where Casey's activated quote and the invoice posted before Tandem came are now: each on the other side, with its lines. */
async function quoteAndInvoice(host: Host, casey: CrmPerson): Promise<string> {
  const em = host.orm.em.fork();
  const crmQuote = await casey.findBy('quote', 'name', ACTIVE_QUOTE);
  const quoteNo = crmQuote ? (await host.state.findCoupling(SALES_QUOTE, 'integration', String(crmQuote.id)))?.businessId : undefined;
  const quote = quoteNo
    ? `Casey's quote "${ACTIVE_QUOTE}" is ERP sales quote ${quoteNo} (${await em.count(SalesLineSchema, { documentType: 'Quote', documentNo: quoteNo })} lines)`
    : `Casey's quote "${ACTIVE_QUOTE}" has no ERP quote`;
  const [invoice] = await em.find(SalesInvoiceHeaderSchema, {}, { orderBy: { no: 'asc' }, limit: 1 });
  const crmInvoice = invoice ? (await host.state.findCoupling(POSTED_SALES_INVOICE, 'business', invoice.no))?.integrationId : undefined;
  const lines = crmInvoice ? (await casey.rows('invoicedetail', { _invoiceid_value: crmInvoice })).length : 0;
  return `   ${quote}; posted invoice ${invoice?.no ?? '-'} ${crmInvoice ? `is a CRM invoice with ${lines} lines` : 'is not in the CRM'}`;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`quickstart failed: ${(error as { code?: string }).code ? `${(error as { code: string }).code}: ` : ''}${errorMessage(error)}\n`);
    process.exit(1);
  },
);
