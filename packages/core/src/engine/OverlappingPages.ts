import { findReferenceMapping } from '../model/validateMappings';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import type { DecidedPage, PagePipeline, WrittenPage } from './PagePipeline';
import type { PageOptions } from './RecordWork';
import { tableOf, type SyncEnvironment } from './SyncEnvironment';

/**
 * The pages of one pass, in order. Without overlap each page is found, decided, written and committed before the
 * next is read. With overlap (`TableMapping.overlapPages`) the destination works on one page while this process
 * works on the next, and a page's state commit runs beside the next page's write:
 *
 *   page N+1: read → find (its lookups reach the destination before page N's write) → once page N-1's write has
 *   ended, page N's write starts (page N-1's state commit may still run) → once page N-1's commit has ended, page
 *   N+1 is decided while the destination writes page N → page N+2 is read …
 *
 * What stays as without overlap: pages are written in order and commit strictly in order (a page's commit waits for
 * the one before, and none follows a failed one), so the watermark and a full sync's progress only ever name a
 * committed page; a destination row found for a page that has not committed is taken for the pages after it
 * (`PassScope.claims`); a page that removes couplings commits before the next is found; the pass ends (normally,
 * stopped or failed) only after every write and commit under way has ended. What changes, and why a plugin opts in:
 * page N+1's before-hooks (`onQueryPostFilter` … `onBeforeInsert`) may run before page N's after-write hooks and
 * `onAfterCommit`; and a page may be written before the page before it has committed, so a failed commit can leave
 * the next page written but not committed — the next run reads it again and its creates meet their own rows
 * (deterministic ids), as after a crash. A plugin that keeps state per page between those hooks must not opt in.
 */
export class OverlappingPages {
  readonly #pipeline: PagePipeline;
  readonly #overlap: boolean;
  /** The page decided last, whose write has not started (it starts once the next page is found, or at the end). */
  #decided: DecidedPage | undefined;
  /** The write under way (after-write hooks and settlement included), or the last one. */
  #writing: Promise<WrittenPage> | undefined;
  /** The commit under way, or the last one: each waits for the one before. */
  #committing: Promise<unknown> | undefined;

  constructor(pipeline: PagePipeline, overlap: boolean) {
    this.#pipeline = pipeline;
    this.#overlap = overlap;
  }

  async add(rows: readonly Row[], options: PageOptions): Promise<void> {
    if (!this.#overlap) {
      await this.#pipeline.process(rows, options);
      return;
    }
    try {
      const found = await this.#pipeline.find(rows, options);
      // The page before the decided one has committed before this page is decided: a page's decisions never run
      // ahead of more than one page's after-write hooks and `onAfterCommit`.
      await this.#writeDecided();
      const decided = await this.#pipeline.decide(found);
      // Removed couplings free destination rows the next page may match: that page is found after this commit.
      if (decided.works.some((w) => w.halt === 'uncouple' && !w.error)) {
        await this.#writeDecided(decided);
        await this.#writing;
        await this.#committing;
      } else {
        this.#decided = decided;
      }
    } catch (error) {
      await this.#settled();
      throw error;
    }
  }

  /** Writes and commits what is left; the pass ends after this. */
  async finish(): Promise<void> {
    try {
      await this.#writeDecided();
      await this.#writing;
      await this.#committing;
    } catch (error) {
      await this.#settled();
      throw error;
    }
    this.#writing = undefined;
    this.#committing = undefined;
  }

  /** Waits for the write and commit under way to end, whatever their result (the pass is failing already); drops the decided page. */
  async #settled(): Promise<void> {
    this.#decided = undefined;
    await this.#writing?.catch(() => undefined);
    await this.#committing?.catch(() => undefined);
    this.#writing = undefined;
    this.#committing = undefined;
  }

  /**
   * Once the write under way has ended, starts the decided page's, and chains its commit after the commit under way;
   * returns once that commit (the page before's) has ended. An error of either is thrown here.
   */
  async #writeDecided(page: DecidedPage | undefined = this.#decided): Promise<void> {
    this.#decided = undefined;
    const before = await this.#writing;
    const committingBefore = this.#committing;
    // A store that writes inside the state transaction commits with its write: nothing to run beside it.
    if (before?.committed) await committingBefore;
    if (page) {
      const writing = this.#pipeline.write(page);
      const committing = writing.then(async (written) => {
        await committingBefore;
        return this.#pipeline.commitWritten(written);
      });
      // Each is handled where it is awaited (here, `finish`, or `#settled`); until then it must not count as unhandled.
      writing.catch(() => undefined);
      committing.catch(() => undefined);
      this.#writing = writing;
      this.#committing = committing;
    }
    await committingBefore;
  }
}

/**
 * Whether a pass of `mapping` overlaps its pages: the plugin said its hooks allow it (`overlapPages`), and no field
 * refers to a row of the mapping itself (a row may point at one the page before created, whose coupling must be
 * committed before the reference is translated).
 */
export function overlapsPages(env: SyncEnvironment, mapping: TableMapping): boolean {
  if (mapping.overlapPages !== true) return false;
  const business = tableOf(env, mapping, 'business');
  const integration = tableOf(env, mapping, 'integration');
  return !mapping.fields.some((field) => field.reference && field.constant === undefined
    && findReferenceMapping(field, env.mappings(), business, integration)?.name === mapping.name);
}
