import { MikroORM, type EntityManager } from '@mikro-orm/sqlite';
import { erpEntities, generateDemoData } from '@tandem/erp';
import { Output } from '../src/Output';
import { runCli } from '../src/runCli';
import { SecretScrubber } from '../src/logging/SecretScrubber';

/** Runs the command line in this process with `--config <file>`; returns the exit code and what it printed. */
export async function cliIn(config: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output = new Output(new SecretScrubber([]), (text) => void (stdout += text), (text) => void (stderr += text));
  const code = await runCli(['--config', config, ...args], output);
  return { code, stdout, stderr };
}

/** Demo ERP rows in a SQLite file (customers whose salespeople are not coupled fail to send when `salespeople` > 0). */
export async function seedErp(file: string, salespeople = 0, customers = 4, tweak?: (em: EntityManager) => Promise<unknown>): Promise<void> {
  const orm = await MikroORM.init({ dbName: file, entities: [...erpEntities] });
  try {
    await orm.schema.createSchema();
    await generateDemoData(orm.em.fork(), { seed: 3, customers, items: 3, salespeople, salesOrders: 0, localCurrencyCode: 'USD' });
    await tweak?.(orm.em.fork());
  } finally {
    await orm.close();
  }
}
