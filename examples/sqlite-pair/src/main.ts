// The smallest host (`pnpm example:sqlite-pair`): core alone syncs two SQLite databases — an ERP and a CRM-shaped one — and prints what it did.
// Files go to ./.tandem/ (override with TANDEM_EXAMPLE_DIR); run it again to see only changes travel.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MikroORM } from '@mikro-orm/sqlite';
import { createHost, MikroOrmStore, type SyncJob } from '@tandem/core';
import { CustomerAccountPlugin } from './CustomerAccountPlugin';
import { AccountSchema } from './entities';

const dir = resolve(process.env.TANDEM_EXAMPLE_DIR ?? '.tandem');
mkdirSync(dir, { recursive: true });

const crm = await MikroORM.init({ dbName: join(dir, 'example-crm.sqlite'), entities: [AccountSchema] });
await crm.schema.updateSchema({ safe: true });
const host = await createHost({
  plugins: [CustomerAccountPlugin],
  database: { dbName: join(dir, 'example-erp.sqlite') },
  business: { identity: 'tandem' },
  integration: new MikroOrmStore(crm, { name: 'crm', identity: 'tandem' }),
});

function report(title: string, jobs: SyncJob[]): void {
  console.log(title);
  for (const job of jobs) {
    const counters = (['inserted', 'modified', 'unchanged', 'skipped', 'failed', 'coupled'] as const).map((k) => `${k} ${job[k]}`).join(', ');
    console.log(`  ${job.mapping} ${job.direction.padEnd(15)} ${counters}`);
  }
}

try {
  const erp = host.orm.em.fork();
  if ((await erp.count('Customer')) === 0) {
    await erp.insertMany('Customer', [
      { no: 'C10000', name: 'Adatum Corporation', city: 'Atlanta', phone: '+1 404 555 0100', modifiedOn: new Date(), modifiedBy: 'erp-user' },
      { no: 'C20000', name: 'Trey Research', city: 'Chicago', phone: null, modifiedOn: new Date(), modifiedBy: 'erp-user' },
      { no: 'C30000', name: 'School of Fine Art', city: 'Miami', phone: null, modifiedOn: new Date(), modifiedBy: 'erp-user' },
    ]);
    await crm.em.fork().insertMany('account', [
      { accountid: crypto.randomUUID(), name: 'Trey Research', address1_city: 'Chicago', telephone1: '+1 312 555 0199', modifiedon: new Date(), modifiedby: 'crm-user' },
      { accountid: crypto.randomUUID(), name: 'Fabrikam Inc.', address1_city: 'Seattle', telephone1: null, modifiedon: new Date(), modifiedby: 'crm-user' },
    ]);
    console.log(`Seeded ${dir}: 3 ERP customers, 2 CRM accounts (one of them the same company).`);
  }
  report('Full synchronization (matches by name, creates the rest, both ways):', await host.engine.fullSync('CUSTOMER'));

  await erp.nativeUpdate('Customer', { no: 'C10000' }, { city: 'Savannah', modifiedOn: new Date(Date.now() + 5), modifiedBy: 'erp-user' });
  report('After an ERP user moved Adatum to Savannah:', await host.engine.run('CUSTOMER'));
  report('Nothing changed since (no echo):', await host.engine.run('CUSTOMER'));

  const customers = await host.orm.em.fork().count('Customer');
  const accounts = await crm.em.fork().count('account');
  console.log(`ERP customers: ${customers}, CRM accounts: ${accounts}, couplings: ${(await host.state.couplings('CUSTOMER')).length}`);
} finally {
  await host.close();
  await crm.close();
}
