import { describe, expect, it } from 'vitest';
import { dataverseTables } from '@tandem/dataverse';
import { KnownRowTables } from '../src/store/KnownRowTables';

const id = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

describe('KnownRowTables: the tables of ids a store has seen, bounded', () => {
  it('remembers rows of tables a polymorphic lookup points at, and only those', () => {
    const known = new KnownRowTables(() => Object.values(dataverseTables), 100);
    known.remember('systemuser', [id(1)]);
    known.remember('account', [id(2)]);
    known.remember('uom', [id(3)]);
    expect([known.tableOf(id(1)), known.tableOf(id(2)), known.tableOf(id(3))]).toEqual(['systemuser', 'account', undefined]);
    known.forget([id(1)]);
    expect(known.tableOf(id(1))).toBeUndefined();
  });

  it('past its capacity drops the oldest ids and keeps the newest, over many times its capacity (issue 8: 100 000 accounts)', () => {
    const known = new KnownRowTables(() => Object.values(dataverseTables), 1000);
    for (let page = 0; page < 100; page++) known.remember('account', Array.from({ length: 1000 }, (_, i) => id(page * 1000 + i)));
    const kept = Array.from({ length: 100_000 }, (_, i) => id(i)).filter((row) => known.tableOf(row) === 'account');
    // Each time it is over, it drops the oldest down to 90 % of its capacity: the newest 900 are what is left.
    expect(kept).toEqual(Array.from({ length: 900 }, (_, i) => id(99_100 + i)));
  });
});
