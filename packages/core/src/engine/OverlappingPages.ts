import { findReferenceMapping } from '../model/validateMappings';
import type { Row } from '../model/Row';
import type { TableMapping } from '../model/TableMapping';
import type { DecidedPage, PagePipeline } from './PagePipeline';
import type { PageOptions } from './RecordWork';
import { tableOf, type SyncEnvironment } from './SyncEnvironment';

/**
 * The pages of one pass, in order. Without overlap each page is found, decided, written and committed before the
 * next is read. With overlap (`TableMapping.overlapPages`) the destination works on one page while this process
 * works on the next:
 *
 *   page N+1: read → find (its lookups reach the destination before page N's write) → page N's write and commit
 *   start → page N+1 is decided while the destination writes page N → page N+2 is read …
 *
 * What stays as without overlap: pages are written and committed strictly in order, so the watermark and a full
 * sync's progress only ever name a committed page; a destination row found for a page that has not committed is
 * taken for the pages after it (`PassScope.claims`); a page that removes couplings commits before the next is found;
 * the pass ends (normally, stopped or failed) only after its last page's commit has ended. What changes, and why a
 * plugin opts in: page N+1's before-hooks (`onQueryPostFilter` … `onBeforeInsert`) may run before page N's
 * after-write hooks and `onAfterCommit`. A plugin that keeps state per page between those hooks must not opt in.
 */
export class OverlappingPages {
  readonly #pipeline: PagePipeline;
  readonly #overlap: boolean;
  /** The page decided last, whose write has not started (it starts once the next page is found, or at the end). */
  #decided: DecidedPage | undefined;
  /** The write and commit under way. */
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
      await this.#commitDecided();
      const decided = await this.#pipeline.decide(found);
      // Removed couplings free destination rows the next page may match: that page is found after this commit.
      if (decided.works.some((w) => w.halt === 'uncouple' && !w.error)) {
        await this.#commitDecided(decided);
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
    await this.#commitDecided();
    await this.#committing;
    this.#committing = undefined;
  }

  /** Waits for a commit under way to end, whatever its result (the pass is failing already); drops the decided page. */
  async #settled(): Promise<void> {
    this.#decided = undefined;
    await this.#committing?.catch(() => undefined);
    this.#committing = undefined;
  }

  /** Once the commit under way has ended (its error, if any, thrown here), starts the decided page's. */
  async #commitDecided(page: DecidedPage | undefined = this.#decided): Promise<void> {
    await this.#committing;
    this.#committing = undefined;
    this.#decided = undefined;
    if (!page) return;
    const committing = this.#pipeline.commit(page);
    // Handled where it is awaited (the next page, `finish`, or `#settled`); until then it must not count as unhandled.
    committing.catch(() => undefined);
    this.#committing = committing;
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
