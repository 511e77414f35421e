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
 * A new ERP customer made from a CRM account takes its number from the setup's customer number series
 * (`ErpSetup.customerNos`), as BC fills "No." from the template's series. Without a setup row or series the record
 * fails with `TANDEM_CUSTOMER_NUMBER_SERIES_MISSING` (and the series' own errors when it cannot count on).
 *
 * A job reserves numbers in blocks (one conditional update of the series, which no other writer can share) rather
 * than one update per customer: 100 first, then growing to 1 000 (`customerNumberBlockSize`), since each block is a
 * commit of its own. When the job ends it gives back what it did not use — unless someone else took a number after
 * its block, when the unused ones stay a gap. Numbers are taken before the page's write transaction
 * (before-write hooks run outside it), so a record that then fails to be written leaves a gap too; the series never
 * gives the same number twice.
 */
export function customerNumberFromSeries(hooks: SyncHooks, services: HostServices): void {
  const blocks = new WeakMap<SyncJob, Block>();

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
  // A promise only when a block is to be reserved: the tap runs for every new row, both directions.
  hooks.onBeforeInsert.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, maybeAsync((context) => {
    if (context.direction !== 'fromIntegration' || !isEmpty(context.values.no)) return;
    const block = blocks.get(context.job);
    if (block && block.left.length > 0) return handOut(context, block);
    return reserve(block ? block.index + 1 : 0).then((reserved) => {
      blocks.set(context.job, reserved);
      handOut(context, reserved);
    });
  }));

  // The unused rest of the last block goes back, if the series still ends with it.
  hooks.onJobEnd.for(CUSTOMER).tapPromise({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, async (context) => {
    const block = blocks.get(context.job);
    blocks.delete(context.job);
    if (!block || block.left.length === 0) return;
    await services.orm.em.fork().nativeUpdate(
      NoSeriesSchema,
      { code: block.series, lastNoUsed: block.end },
      { lastNoUsed: block.handedOut ?? block.before, modifiedAt: new Date() },
    );
  });
}
