import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/core';
import { createHost, type Host, type HostOptions, type PluginClass, type TandemPlugin } from '@tandem/core';
import { DataverseClient, DataverseStore, ThrottleRegistry } from '@tandem/dataverse';
import { startEmulator, type EmulatorOptions, type EmulatorUser, type RunningEmulator } from '@tandem/dataverse-emulator';
import { ErpPlugin, PLUGIN_NAME as ERP_PLUGIN } from '@tandem/erp';

export interface TestPairOptions {
  /** The plugins under test; `ErpPlugin` is added when missing. */
  plugins: readonly (PluginClass | TandemPlugin)[];
  /** CRM people besides the integration identity (the emulator's application user, always there). */
  crmUsers?: EmulatorUser[];
  /** The ERP/state SQLite file; a fresh temporary file by default (removed by `close`). */
  erpFile?: string;
  /** More emulator options (its database is in memory unless `db` says otherwise). */
  emulator?: Partial<EmulatorOptions>;
  /** More host options (`business` options, lease, logger, …). */
  host?: Partial<Omit<HostOptions, 'plugins' | 'database' | 'integration'>>;
  /** The `fetch` of the host's CRM client (not `crm`'s), e.g. one that watches what the host asks and gets. */
  integrationFetch?: typeof fetch;
}

/** A host on an ERP SQLite file, synchronizing with the Dataverse emulator over HTTP — what a plugin's tests run on. */
export interface TestPair {
  host: Host;
  emulator: RunningEmulator;
  /** The CRM as a person uses it: writes are stamped with `crmUserId`, not with the integration identity. */
  crm: DataverseStore;
  /** The systemuserid of the person `crm` writes as (the first of `crmUsers`, or a built-in one). */
  crmUserId: string;
  /** A fresh EntityManager on the ERP database. */
  erp(): EntityManager;
  /** Closes the host and boots a new one on the same files, as a restarted process would. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_CRM_USER: EmulatorUser = { userId: 'c0c0c0c0-0000-4000-8000-00000000c0de', fullName: 'Casey CRM' };

/** Starts the emulator and a host with the given plugins on a fresh ERP file. */
export async function startTestPair(options: TestPairOptions): Promise<TestPair> {
  const users = options.crmUsers?.length ? options.crmUsers : [DEFAULT_CRM_USER];
  const emulator = await startEmulator({ port: 0, db: ':memory:', ...options.emulator, users: [...users, ...(options.emulator?.users ?? [])] });
  const dir = options.erpFile ? undefined : mkdtempSync(join(tmpdir(), 'tandem-pair-'));
  const erpFile = options.erpFile ?? join(dir!, 'erp.sqlite');
  const named = (plugin: PluginClass | TandemPlugin) => (typeof plugin === 'function' ? plugin.name : plugin.name);
  const plugins = options.plugins.some((p) => named(p) === ERP_PLUGIN) ? [...options.plugins] : [ErpPlugin, ...options.plugins];
  const storeAs = (token: string, fetch?: typeof globalThis.fetch) =>
    new DataverseStore({ client: new DataverseClient({ url: emulator.url, auth: { token }, throttleRegistry: new ThrottleRegistry(), ...(fetch ? { fetch } : {}) }) });
  const boot = () =>
    createHost({ ...options.host, plugins, database: { dbName: erpFile }, integration: storeAs(emulator.issueToken(), options.integrationFetch) });
  const pair: TestPair = {
    host: await boot(),
    emulator,
    crm: storeAs(emulator.issueToken(users[0]!.userId)),
    crmUserId: users[0]!.userId,
    erp: () => pair.host.orm.em.fork(),
    restart: async () => {
      await pair.host.close();
      pair.host = await boot();
    },
    close: async () => {
      await pair.host.close();
      await emulator.close();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  return pair;
}

/**
 * Waits until the clock has passed into the next whole second. Dataverse stamps `modifiedon` in whole seconds, so a
 * test that changes a row right after a sync waits for this to give the change a later stamp than the sync's own.
 */
export async function nextSecond(): Promise<void> {
  const ms = 1000 - (Date.now() % 1000) + 20;
  await new Promise((resolve) => setTimeout(resolve, ms));
}
