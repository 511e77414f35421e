import { describe, expect, it } from 'vitest';
import { readPassPages, type PassStart } from '../src/engine/passPages';
import type { SyncEnvironment } from '../src/engine/SyncEnvironment';
import type { Row } from '../src/model/Row';
import type { TableMapping } from '../src/model/TableMapping';
import type { ReadChangedRequest, RowPage } from '../src/stores/TableStore';

const PAGE = 2;
const mapping = { name: 'M', businessTable: 'b', integrationTable: 'i', pageSize: PAGE, overlapMs: 1000, syncOnlyCoupled: false } as unknown as TableMapping;
const rows: Row[] = Array.from({ length: 5 }, (_, i) => ({ id: `r${i}`, modifiedOn: new Date(Date.UTC(2026, 0, 1, 0, 0, i)), values: {} }));
const full: PassStart = { full: true, unfinished: null };
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** A source over `rows` that logs each read (and fails the `failAt`-th, 1 first), with `retry` ids to retry first. */
function source(log: string[], options: { failAt?: number; retry?: string[] } = {}) {
  let reads = 0;
  const store = {
    async readChanged(_table: string, request: ReadChangedRequest): Promise<RowPage> {
      reads += 1;
      log.push(`read ${reads}`);
      await tick();
      if (reads === options.failAt) throw new Error('the source is down');
      const after = request.after;
      const rest = rows.filter((r) => !after || r.modifiedOn > after.modifiedOn || (+r.modifiedOn === +after.modifiedOn && r.id > after.id));
      return { rows: rest.slice(0, request.limit) };
    },
    async getByIds(_table: string, ids: readonly string[]): Promise<Row[]> {
      log.push(`getByIds ${ids.join(',')}`);
      return rows.filter((r) => ids.includes(r.id));
    },
    async identity() {
      return 'me';
    },
  };
  const state = {
    async couplingsToRetry() {
      return (options.retry ?? []).map((id) => ({ integrationId: id }));
    },
  };
  return { stores: { business: store, integration: store }, state } as unknown as SyncEnvironment;
}

/** `onPage` that logs the page's ids when it starts and when it ends, with a wait in between. */
const logged = (log: string[]) => async (page: readonly Row[]) => {
  log.push(`page ${page.map((r) => r.id).join(',')}`);
  await tick();
  log.push('page end');
};

// The engine reads no page ahead: a store that profits does it itself (DataverseStore's ReadAhead; core README,
// "Overlapping pages"). These pin the order, the stop and the read error that any read-ahead must keep.
describe('readPassPages: the pages of a pass (issue 8)', () => {
  it('reads page N+1 only after page N was handled; retried records come first and are left out later', async () => {
    const log: string[] = [];
    const end = await readPassPages(source(log, { retry: ['r1'] }), mapping, 'fromIntegration', full, logged(log));
    expect(end).toBe('end');
    expect(log).toEqual([
      'getByIds r1', 'page r1', 'page end',
      'read 1', 'page r0', 'page end',
      'read 2', 'page r2,r3', 'page end',
      'read 3', 'page r4', 'page end',
    ]);
  });

  it('a stop requested during a page ends the pass before the next read', async () => {
    const log: string[] = [];
    let stop = false;
    const onPage = async (page: readonly Row[]) => {
      await logged(log)(page);
      stop = true;
    };
    const end = await readPassPages(source(log), mapping, 'fromIntegration', full, onPage, () => stop);
    expect(end).toBe('stopped');
    expect(log).toEqual(['read 1', 'page r0,r1', 'page end']);
  });

  it('a failed read ends the pass with its error, after the pages before it were handled', async () => {
    const log: string[] = [];
    const pass = readPassPages(source(log, { failAt: 2 }), mapping, 'fromIntegration', full, logged(log));
    await expect(pass).rejects.toThrow('the source is down');
    expect(log).toEqual(['read 1', 'page r0,r1', 'page end', 'read 2']);
  });
});
