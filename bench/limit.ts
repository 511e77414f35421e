import { join } from 'node:path';
import Database from 'better-sqlite3';
import { MikroORM } from '@mikro-orm/sqlite';
import { createHost, MikroOrmStore, type Host } from '@tandem/core';
import { checkClean } from './fullToIntegration';
import { LIMIT_FIELDS, LIMIT_MAPPING, LimitAccountSchema, LimitPlugin } from './limitEntities';
import { microsPerRecord, nextSecond, timed } from './measure';

/** Scenario 8's pair: a host on an ERP file with N limit customers, syncing into a MikroOrmStore on a second file. */
export interface LimitPair {
  host: Host;
  erpFile: string;
  close(): Promise<void>;
}

export async function openLimitPair(dir: string, rows: number): Promise<LimitPair> {
  const erpFile = join(dir, 'limit-erp.sqlite');
  const crm = await MikroORM.init({ dbName: join(dir, 'limit-crm.sqlite'), entities: [LimitAccountSchema] });
  await crm.schema.updateSchema({ safe: true });
  const host = await createHost({
    plugins: [LimitPlugin],
    database: { dbName: erpFile },
    business: { identity: 'tandem' },
    integration: new MikroOrmStore(crm, { name: 'crm', identity: 'tandem' }),
  });
  const close = async () => {
    await host.close();
    await crm.close();
  };
  try {
    const em = host.orm.em.fork();
    const now = new Date();
    for (let start = 0; start < rows; start += 500) {
      const chunk = [];
      for (let i = start; i < Math.min(rows, start + 500); i++) {
        const no = String(i).padStart(7, '0');
        chunk.push({
          no: `C${no}`, name: `Limit Customer ${no}`, contact: `Contact ${no}`, address: `${(i % 200) + 1} Main Street`, address2: `Suite ${i % 50}`,
          postCode: String(10000 + (i % 89999)), city: 'Atlanta', country: 'US', county: 'GA', phone: `+1 404 ${no}`, fax: `+1 555 ${no}`,
          email: `info${no}@example.com`, homePage: `https://www.example.com/${no}`, modifiedOn: now, modifiedBy: 'erp-user',
        });
      }
      await em.insertMany('LimitCustomer', chunk);
    }
    await nextSecond();
    return { host, erpFile, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Tandem's side of scenario 8: a full pass of the limit mapping, which must create every row. */
export async function limitSync(pair: LimitPair, rows: number): Promise<void> {
  const [result] = await pair.host.engine.run(LIMIT_MAPPING, { full: true });
  checkClean(result!, rows);
}

/**
 * Scenario 8: the same N customer-shaped rows (12 fields) copied SQLite → SQLite twice — by raw better-sqlite3
 * prepared statements in one transaction (the ceiling), and by Tandem syncing two MikroOrmStores (no HTTP).
 */
export async function limit(dir: string, rows: number) {
  const pair = await openLimitPair(dir, rows);
  try {
    // The raw copy reads the very rows Tandem reads, from the ERP file, into a file of its own.
    const raw = timed(async () => {
      const source = new Database(pair.erpFile, { readonly: true });
      const target = new Database(join(dir, 'limit-raw.sqlite'));
      target.pragma('journal_mode = WAL');
      const columns = Object.values(LIMIT_FIELDS);
      target.exec(`CREATE TABLE account (accountid TEXT PRIMARY KEY, ${columns.map((c) => `${c} TEXT`).join(', ')}, modifiedon TEXT)`);
      const select = source.prepare(`SELECT no, ${Object.keys(LIMIT_FIELDS).join(', ')} FROM limit_customer`);
      const insert = target.prepare(`INSERT INTO account VALUES (?, ${columns.map(() => '?').join(', ')}, ?)`);
      const stamp = new Date().toISOString();
      target.transaction(() => {
        for (const row of select.iterate() as Iterable<Record<string, string | null>>) {
          insert.run(crypto.randomUUID(), ...Object.keys(LIMIT_FIELDS).map((field) => row[field] ?? null), stamp);
        }
      })();
      const copied = (target.prepare('SELECT count(*) AS n FROM account').get() as { n: number }).n;
      source.close();
      target.close();
      if (copied !== rows) throw new Error(`the raw copy wrote ${copied} of ${rows} rows`);
    });
    const rawRun = await raw;
    const tandemRun = await timed(() => limitSync(pair, rows));
    return {
      rows,
      rawRecordsPerSec: rows / rawRun.seconds,
      tandemRecordsPerSec: rows / tandemRun.seconds,
      rawCpuMicrosPerRecord: microsPerRecord(rawRun.cpuSeconds, rows),
      tandemCpuMicrosPerRecord: microsPerRecord(tandemRun.cpuSeconds, rows),
    };
  } finally {
    await pair.close();
  }
}
