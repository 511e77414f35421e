// jobs, errors, retry and restore in-process on a real SQLite file and the embedded emulator: customers whose
// salespeople are not coupled fail to send, are retried, parked, restored and retried again.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncJob, SyncJobError } from '@tandem/core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { STARTER_CONFIG } from '../src/commands/starterConfig';
import { cliIn, seedErp } from './cliInProcess';
import { tempProject } from './runTandem';

// Every step boots a host (or a process); on a loaded machine that takes many seconds.
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const project = tempProject();
const config = join(project.dir, 'tandem.config.ts');
afterAll(() => project.remove());
beforeAll(async () => {
  writeFileSync(config, STARTER_CONFIG);
  mkdirSync(join(project.dir, '.tandem'));
  await seedErp(join(project.dir, '.tandem', 'erp.sqlite'), 2);
});

describe('jobs, errors, retry, restore', () => {
  let jobId = '';

  it('jobs lists the sync log and errors the failed records of a job', async () => {
    expect((await cliIn(config, 'sync', 'CUSTOMER', '--full', '--direction', 'to')).code).toBe(1);
    const jobs = await cliIn(config, 'jobs', 'CUSTOMER', '--json');
    expect(jobs.code).toBe(0);
    const list = JSON.parse(jobs.stdout) as SyncJob[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ mapping: 'CUSTOMER', direction: 'toIntegration', failed: 4 });
    jobId = list[0]!.id;
    const text = await cliIn(config, 'jobs', '--limit', '1');
    expect(text.stdout).toMatch(/^STARTED +MAPPING +DIRECTION +TYPE +SECONDS +COUNTERS +JOB\n.* CUSTOMER +toIntegration +synchronization +\d+\.\d +4 failed +[0-9a-f-]{36}\n$/);

    const errors = await cliIn(config, 'errors', 'CUSTOMER', '--job', jobId, '--json');
    const rows = JSON.parse(errors.stdout) as SyncJobError[];
    expect(rows.map((e) => e.sourceId).sort()).toEqual(['C00001', 'C00002', 'C00003', 'C00004']);
    expect(rows.every((e) => e.code === 'TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED' && e.jobId === jobId)).toBe(true);
    const table = await cliIn(config, 'errors');
    expect(table.stdout.split('\n')[1]).toMatch(/ CUSTOMER +C0000\d +TANDEM_CUSTOMER_SALESPERSON_NOT_COUPLED +[0-9a-f-]{36} +/);
  });

  it('bad input is a usage error: an unknown job, mapping or limit', async () => {
    expect(await cliIn(config, 'errors', '--job', 'nope')).toMatchObject({ code: 2, stderr: expect.stringContaining('TANDEM_CLI_USAGE: no job "nope"') });
    expect(await cliIn(config, 'jobs', 'CUSTOMR')).toMatchObject({ code: 2, stderr: expect.stringContaining('unknown mapping "CUSTOMR"') });
    expect(await cliIn(config, 'jobs', '--limit', '0')).toMatchObject({ code: 2, stderr: expect.stringContaining('--limit expects a positive whole number') });
  });

  it('retry runs the failed records again; failing with the same message parks them', async () => {
    const retry = await cliIn(config, 'retry', 'CUSTOMER');
    expect(retry.stdout).toContain('CUSTOMER toIntegration: retrying 4 failed record(s)');
    expect(retry.stdout).toMatch(/CUSTOMER +toIntegration +4 skipped/);
    expect(retry.code).toBe(0);
    expect(await cliIn(config, 'retry')).toMatchObject({ code: 0, stdout: 'no failed records to retry\n' });
  });

  it('restore un-parks named records (exit 1 naming an id that is not parked); retry then fails them for real', async () => {
    const restore = await cliIn(config, 'restore', 'CUSTOMER', 'C00001', 'C00009');
    expect(restore.code).toBe(1);
    expect(restore.stdout).toBe('CUSTOMER: C00001 restored\n');
    expect(restore.stderr).toContain('CUSTOMER: C00009 is not parked');
    const retry = await cliIn(config, 'retry', 'CUSTOMER');
    expect(retry.stdout).toContain('retrying 1 failed record(s)');
    expect(retry.stdout).toMatch(/1 job\(s\): 1 record\(s\) still failing/);
    expect(retry.code).toBe(1);
    expect(await cliIn(config, 'restore', 'CUSTOMER', '--all')).toMatchObject({ code: 0, stdout: 'CUSTOMER: restored 3 parked record(s)\n' });
    expect((await cliIn(config, 'restore', 'CUSTOMER')).code).toBe(2);
  });
});
