import { SyncStage, isEmpty, maybeAsync, type HostServices, type SyncHooks, type SyncJob, type WriteContext } from '@tandem/core';
import { ERP_SETUP_KEY, ErpSetupSchema, NoSeriesSchema, erpErrors, incrementNo } from '@tandem/erp';
import { CUSTOMER, PLUGIN_NAME } from '../constants';
import { customerAccountErrors } from '../errors';

/** Numbers a job takes from the series in its first block; each later block is twice the one before… */
const FIRST_BLOCK = 100;
/** …up to this many numbers. */
const LARGEST_BLOCK = 1000;

/**
 * How many numbers the job's `index`-th block (0 first) takes: 100, 200, 400, 800, then 1 000 each. Each block is
 * one committed update of the series, so a full sync of many new customers takes a few blocks, not one per 100.
 */
export function customerNumberBlockSize(index: number): number {
  return Math.min(LARGEST_BLOCK, FIRST_BLOCK * 2 ** Math.min(index, 10));
}

/** A job's reserved numbers: the series, what it said before, the numbers not handed out yet, the block's last. */
interface Block {
  series: string;
  before: string | null;
  left: string[];
  end: string;
  handedOut: string | null;
  /** How many blocks the job took before this one. */
  index: number;
}

/**
 * Blocks a job keeps reserved ahead of the one it hands out from, from its second block on: a CRM → ERP page (2 000
 * rows) takes two blocks of 1 000, and a block reserved while a page is written is ready only for the page after.
 */
const BLOCKS_AHEAD = 2;

/** A job's numbers: the block it hands out from, and the reservations of the next ones, in order. */
interface JobBlocks {
  current?: Block;
  /** Each starts once the one before it has ended; a failure is met by the record that needs that block. */
  ahead: Promise<Block>[];
  /** The `index` of the next block reserved. */
  nextIndex: number;
}

function ignore(): undefined {
  return undefined;
}

/**
 * A new ERP customer made from a CRM account takes its number from the setup's customer number series
 * (`ErpSetup.customerNos`), as BC fills "No." from the template's series. Without a setup row or series the record
 * fails with `TANDEM_CUSTOMER_NUMBER_SERIES_MISSING` (and the series' own errors when it cannot count on).
 *
 * A job reserves numbers in blocks (one conditional update of the series, which no other writer can share) rather
 * than one update per customer: 100 first, then growing to 1 000 (`customerNumberBlockSize`), since each block is a
 * commit of its own. From its second block on, a job keeps the next blocks reserved ahead (`BLOCKS_AHEAD`): on
 * SQLite the update waits for the page being written (one connection), and a record waiting for it held up the next
 * page's decisions (a third of a CRM → ERP full sync). When the job ends it gives back what it did not use —
 * unless someone else took a number after its blocks, when the unused ones stay a gap. Numbers are taken before the
 * page's write transaction (before-write hooks run outside it), so a record that then fails to be written leaves a
 * gap too; the series never gives the same number twice.
 */
export function customerNumberFromSeries(hooks: SyncHooks, services: HostServices): void {
  const blocks = new WeakMap<SyncJob, JobBlocks>();
  const reserve = async (index: number): Promise<Block> => {
    const size = customerNumberBlockSize(index);
    const em = services.orm.em.fork();
    const setup = await em.findOne(ErpSetupSchema, { key: ERP_SETUP_KEY }, { disableIdentityMap: true });
    if (!setup) throw customerAccountErrors.numberSeriesMissing('there is no ERP setup row');
    if (!setup.customerNos) throw customerAccountErrors.numberSeriesMissing('the ERP setup names no customer number series');
    const code = setup.customerNos;
    const series = await em.findOne(NoSeriesSchema, { code }, { disableIdentityMap: true });
    if (!series) throw erpErrors.noSeriesNotFound(code);
    const left: string[] = [];
    let next: string | undefined = series.lastNoUsed === null ? series.startingNo : incrementNo(series.lastNoUsed);
    while (next !== undefined && left.length < size) {
      left.push(next);
      next = incrementNo(next);
    }
    if (left.length === 0) throw erpErrors.noSeriesInvalid(code, series.lastNoUsed ?? series.startingNo);
    const end = left[left.length - 1]!;
    const updated = await em.nativeUpdate(NoSeriesSchema, { code, lastNoUsed: series.lastNoUsed }, { lastNoUsed: end, modifiedAt: new Date() });
    if (updated !== 1) throw erpErrors.noSeriesConflict(code);
    return { series: code, before: series.lastNoUsed, left, end, handedOut: null, index };
  };

  const handOut = (context: WriteContext, block: Block) => {
    const no = block.left.shift()!;
    block.handedOut = no;
    context.values.no = no;
  };
  /** Reserves the job's next block once the reservations before it have ended (two at once would conflict). */
  const reserveNext = (held: JobBlocks): void => {
    const index = held.nextIndex++;
    const before = held.ahead[held.ahead.length - 1];
    const reserved = before ? before.then(ignore, ignore).then(() => reserve(index)) : reserve(index);
    // Met where it is awaited (the record that needs it, or the job's end); until then not an unhandled rejection.
    reserved.catch(ignore);
    held.ahead.push(reserved);
  };
  // A promise only when a block is to be reserved: the tap runs for every new row, both directions.
  hooks.onBeforeInsert.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, maybeAsync((context) => {
    if (context.direction !== 'fromIntegration' || !isEmpty(context.values.no)) return;
    const held = blocks.get(context.job) ?? { ahead: [], nextIndex: 0 };
    blocks.set(context.job, held);
    if (held.current && held.current.left.length > 0) return handOut(context, held.current);
    if (held.ahead.length === 0) reserveNext(held);
    // A failed reservation is not kept: the next record takes the next one.
    return held.ahead.shift()!.then((block) => {
      held.current = block;
      if (block.index >= 1) while (held.ahead.length < BLOCKS_AHEAD) reserveNext(held);
      handOut(context, block);
    });
  }));

  // The unused numbers go back, if the series still ends with the job's blocks.
  hooks.onJobEnd.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (context) => {
    const held = blocks.get(context.job);
    blocks.delete(context.job);
    if (!held) return;
    const ahead = await Promise.all(held.ahead.map((reserved) => reserved.catch(ignore)));
    // The last block reserved goes back first, then each one before it while the series then ends with it.
    for (const block of [...ahead.reverse(), held.current]) {
      if (!block) continue;
      if (block.left.length === 0) return;
      const updated = await services.orm.em.fork().nativeUpdate(
        NoSeriesSchema,
        { code: block.series, lastNoUsed: block.end },
        { lastNoUsed: block.handedOut ?? block.before, modifiedAt: new Date() },
      );
      if (updated !== 1) return;
    }
  });
}
