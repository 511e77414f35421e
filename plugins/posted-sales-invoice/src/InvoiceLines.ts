import {
  deterministicId,
  type DeletionConflictContext,
  type DeletionConflictDecision,
  type HostServices,
  type RecordContext,
  type TransformContext,
  type WriteContext,
  type WriteOperation,
} from '@tandem/core';
import { LINE_WRITE_CHUNK, POSTED_SALES_LINE_IDS } from './constants';
import { PostedInvoiceErrorCodes, postedInvoiceErrors } from './errors';
import { invoiceLineDrafts, type LineDraft } from './lineDrafts';
import type { InvoicePages } from './InvoicePage';

type LineResult = { ok: true } | { ok: false; error: Error };

/** A line's id: derived from its invoice's id and the posted line, so a retried write finds the row it made. */
export function invoiceLineId(headerId: string, lineKey: string): string {
  return deterministicId(POSTED_SALES_LINE_IDS, `${headerId}:${lineKey}`);
}

/**
 * The invoice's lines travel with it (BC's POSTEDSALESLINE-INV is pushed from the header's OnAfterInsertRecord; it has
 * no run of its own), and no CRM invoice is left without its lines:
 * 1. `check` (`onBeforeTransform`, inserts only): the lines are built and checked before the header is written — a
 *    blocked item, a vanished product or a product without a unit fails the record and nothing is written;
 * 2. `expect` (`onBeforeInsert`): the header's id is known from the engine's deterministic id scheme;
 * 3. `write` (`onAfterInsert`): the first inserted invoice of a page writes the lines of every invoice of the page in
 *    one batch; each invoice then reads its lines' results (an invoice whose id differs from the expected one writes
 *    its own). If any line of an invoice failed, the invoice is deleted again (its lines go with it) and the record
 *    fails with `TANDEM_POSTED_INVOICE_LINES_FAILED`; its coupling then names a row that is gone, and
 * 4. `restoreRemoved` (`onDeletionConflict`) answers `restore` for exactly that case, so the next run creates the
 *    invoice anew (a CRM invoice deleted by someone else stays a deletion conflict, as in BC);
 * 5. if that delete failed too, the incomplete invoice is still there: the retry (`check` sees the coupling's
 *    `LINES_FAILED`) writes all its lines again once the header is handled (`complete`, on `onUnchanged` or
 *    `onAfterModify`); lines that made it the first time are the same rows (their ids are derived), so none doubles.
 */
export class InvoiceLines {
  constructor(
    private readonly services: () => HostServices,
    private readonly pages: InvoicePages,
  ) {}

  async check(context: TransformContext): Promise<void> {
    const incomplete = context.action === 'modify' && context.destination && failedOnLines(context.coupling?.lastErrorToIntegration);
    if (context.action !== 'insert' && !incomplete) return;
    const page = await this.pages.of(context.job.id, context.source);
    const lines = invoiceLineDrafts(context.source.id, page);
    page.drafts.set(context.source.id, incomplete ? { headerId: context.destination!.id, lines, complete: true } : { headerId: '', lines });
  }

  /** Step 5: the lines of an incomplete invoice left by an earlier run, written again. */
  async complete(context: RecordContext): Promise<void> {
    // Most records are not incomplete: they stop here without reading the page's data.
    if (!failedOnLines(context.coupling?.lastErrorToIntegration)) return;
    const draft = (await this.pages.of(context.job.id, context.source)).drafts.get(context.source.id);
    if (!draft?.complete || draft.lines.length === 0) return;
    await this.#settle(context.source.id, draft.headerId, draft.lines, await this.#writeLines([draft]));
  }

  async expect(context: WriteContext): Promise<void> {
    const page = await this.pages.of(context.job.id, context.source);
    const draft = page.drafts.get(context.source.id);
    if (!draft) return;
    // The engine's id of a new row: the mapping and source id, or, restoring a deleted counterpart, that row's id too.
    const deleted = context.coupling?.integrationId;
    draft.headerId = deterministicId(context.mapping.name, deleted ? `${context.source.id}:restored:${deleted}` : context.source.id);
  }

  async write(context: WriteContext): Promise<void> {
    const headerId = context.result!.id;
    const page = await this.pages.of(context.job.id, context.source);
    const draft = page.drafts.get(context.source.id);
    if (!draft || draft.lines.length === 0) return;
    let results: Map<string, LineResult>;
    if (draft.headerId === headerId) {
      page.written ??= this.#writeLines([...page.drafts.values()].filter((d) => d.headerId && !d.complete));
      results = await page.written;
    } else {
      results = await this.#writeLines([{ headerId, lines: draft.lines }]);
    }
    await this.#settle(context.source.id, headerId, draft.lines, results);
  }

  restoreRemoved(context: DeletionConflictContext): DeletionConflictDecision | undefined {
    return failedOnLines(context.coupling.lastErrorToIntegration) ? 'restore' : undefined;
  }

  /** Every line of the invoice was written, or the invoice is deleted again and the record fails. */
  async #settle(invoiceNo: string, headerId: string, lines: LineDraft[], results: Map<string, LineResult>): Promise<void> {
    const outcomes = lines.map((line) => results.get(invoiceLineId(headerId, line.key)));
    const failed = outcomes.findIndex((result) => !result?.ok);
    if (failed < 0) return;
    const failure = outcomes[failed];
    const cause = failure && !failure.ok ? failure.error : new Error(`the store gave no result for line ${failed + 1}`);
    throw postedInvoiceErrors.linesFailed(invoiceNo, headerId, cause, await this.#remove(headerId));
  }

  /** One batch (chunked) of line creates; the result of each line by its id. */
  async #writeLines(drafts: readonly { headerId: string; lines: LineDraft[] }[]): Promise<Map<string, LineResult>> {
    const operations = drafts.flatMap(({ headerId, lines }) => lines.map((line) => lineInsert(headerId, line)));
    const results = new Map<string, LineResult>();
    const crm = this.services().stores.integration;
    for (let start = 0; start < operations.length; start += LINE_WRITE_CHUNK) {
      const chunk = operations.slice(start, start + LINE_WRITE_CHUNK);
      try {
        for (const result of await crm.write('invoicedetail', chunk)) results.set(result.ref, result.ok ? { ok: true } : { ok: false, error: result.error });
      } catch (error) {
        for (const operation of chunk) results.set(operation.ref, { ok: false, error: error instanceof Error ? error : new Error(String(error)) });
      }
    }
    return results;
  }

  /** Deletes the invoice whose lines failed (the CRM deletes its lines with it); says what happened. */
  async #remove(headerId: string): Promise<string> {
    let problem: string;
    try {
      const [result] = await this.services().stores.integration.write('invoice', [{ kind: 'delete', ref: headerId, id: headerId }]);
      if (result?.ok) return 'The CRM invoice was deleted again, so none is left without its lines; the next run creates it anew.';
      problem = result ? result.error.message : 'the store gave no result';
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
    }
    return `Deleting the incomplete CRM invoice failed too (${problem}): delete invoice ${headerId} in the CRM; the next run then creates it anew.`;
  }
}

function failedOnLines(lastError: string | null | undefined): boolean {
  return !!lastError?.includes(PostedInvoiceErrorCodes.LINES_FAILED);
}

function lineInsert(headerId: string, line: LineDraft): WriteOperation {
  const id = invoiceLineId(headerId, line.key);
  return { kind: 'insert', ref: id, id, values: { ...line.values, _invoiceid_value: headerId } };
}
