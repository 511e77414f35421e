import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DynamicsWebApi } from 'dynamics-web-api';
import { INTEGRATION_CLIENT } from './benchUsers';
import { token } from './benchPair';
import { startEmulatorProcess, type EmulatorProcess } from './EmulatorProcess';

/** A fresh emulator process, a `dynamics-web-api` client on it, and the script's own SQLite link table. */
export interface Peer {
  emulator: EmulatorProcess;
  client: DynamicsWebApi;
  links: Database.Database;
  close(): Promise<void>;
}

export async function openPeer(dir: string): Promise<Peer> {
  const emulator = await startEmulatorProcess(join(dir, 'crm.sqlite'));
  const bearer = await token(emulator.url, INTEGRATION_CLIENT);
  const client = new DynamicsWebApi({ serverUrl: emulator.url, onTokenRefresh: async () => bearer, dataApi: { version: '9.2' } });
  const links = new Database(join(dir, 'links.sqlite'));
  links.pragma('journal_mode = WAL');
  links.exec('CREATE TABLE link (customer_no TEXT PRIMARY KEY, account_id TEXT NOT NULL)');
  return {
    emulator, client, links,
    async close() {
      links.close();
      await emulator.stop();
    },
  };
}
