import { DriverException, QueryHelper, type EntityManager } from '@mikro-orm/core';
import { ErrorCodes, TandemError, classifyError } from '../errors/TandemError';
import { withoutStatement } from '../errors/storedErrorText';
import { inTransaction } from '../state/inTransaction';
import { chunks } from '../util/chunks';
import { plainValue } from './plainValue';
import type { StoreReads } from './StoreReads';
import type { StoreTables } from './StoreTables';
import type { WriteOperation, WriteResult } from './TableStore';

/** SQLite allows at most 500 terms in the compound selects MikroORM builds for multi-row upserts. */
const UPSERT_CHUNK = 500;

/**
 * A driver error as the engine gets it: MikroORM (through knex) puts the whole SQL statement, every value inlined,
 * in front of the driver's reason; only the reason is kept. The original stays as `cause`, which is never stored.
 */
function driverError(error: unknown): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  let reason = withoutStatement(error.message);
  // A statement sent to the driver directly (`DirectSqlite`) fails with the reason alone: it reads as the others.
  if (reason === error.message && error instanceof DriverException) reason = `[SQL statement left out]: ${reason}`;
  if (reason === error.message) return error;
  return new TandemError(ErrorCodes.WRITE_FAILED, `the database refused the write: ${reason}`, { errorClass: classifyError(error), cause: error });
}

/**
 * `MikroOrmStore`'s writes, in one transaction (the caller's, or its own): grouped per batch (one multi-row insert,
 * one multi-row update, one delete) that fall back to one row at a time, each in its own savepoint, only when a batch
 * statement fails — so one bad row never fails the others.
 */
export class StoreWrites {
  constructor(
    readonly tables: StoreTables,
    readonly reads: StoreReads,
    readonly identity: string | undefined,
  ) {}

  async write(em: EntityManager, table: string, operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    const def = this.tables.definition(table);
    const now = new Date();
    const results = new Map<string, WriteResult>();
    // The caller's values are copied, never changed. `Object.assign` into an empty object, not a spread: a spread
    // copy took a shape of its own, and the stamps added to it made new shapes for every row (measured on a row of
    // 12 fields: ≈ 2.7 KiB and 6–30 µs per row, against ≈ 0.4 KiB and 1 µs).
    const stamp = (values: Record<string, unknown>) => {
      values[def.modifiedOnField] = now;
      if (def.modifiedByField && this.identity !== undefined) values[def.modifiedByField] = this.identity;
      return values;
    };

    const inserts = operations.filter((op): op is Extract<WriteOperation, { kind: 'insert' }> => op.kind === 'insert');
    const insertRows = inserts.map((op) => {
      const values = stamp(Object.assign({}, op.values));
      // Native inserts skip the entity's `onCreate`: the created-on is stamped here, or the row would have none.
      if (def.createdOnField && values[def.createdOnField] == null) values[def.createdOnField] = now;
      if (!def.idGenerated && values[def.idField] === undefined && op.id !== undefined) values[def.idField] = this.tables.toKey(table, op.id);
      return { op, values };
    });
    const hasKey = (r: (typeof insertRows)[number]) => r.values[def.idField] !== undefined && r.values[def.idField] !== null;
    const keyed = insertRows.filter(hasKey);
    const generated = insertRows.filter((r) => !hasKey(r));
    await this.#grouped(em, keyed, results, async (batch) => {
      await this.#insertPlainRows(em, table, batch.map((r) => r.values));
      return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: String(r.values[def.idField]), modifiedOn: now }));
    });
    // Tables whose ids the database generates insert row by row: only then does each row learn its id.
    for (const r of generated) {
      results.set(r.op.ref, await this.#isolated(em, r.op.ref, async () => {
        const id = await em.insert(table, r.values);
        return { ref: r.op.ref, ok: true, id: String(id), modifiedOn: now };
      }));
    }

    const updates = operations.filter((op): op is Extract<WriteOperation, { kind: 'update' }> => op.kind === 'update');
    if (updates.length > 0) {
      // One read of the current rows: to refuse rows that vanished or changed since the caller read them.
      const current = new Map((await this.reads.load(em, table, updates.map((u) => u.id))).map((row) => [row.id, row]));
      const ready: { op: (typeof updates)[number]; values: Record<string, unknown> }[] = [];
      for (const op of updates) {
        const row = current.get(op.id);
        if (!row) {
          results.set(op.ref, { ref: op.ref, ok: false, error: new TandemError(ErrorCodes.RECORD_NOT_FOUND, `${table} ${op.id} does not exist`, { errorClass: 'conflict' }) });
        } else if (op.expectedModifiedOn && row.modifiedOn.getTime() !== op.expectedModifiedOn.getTime()) {
          results.set(op.ref, { ref: op.ref, ok: false, error: new TandemError(ErrorCodes.CONCURRENT_CHANGE, `${table} ${op.id} changed while it was being synchronized`, { errorClass: 'transient' }) });
        } else {
          const values = stamp(Object.assign({}, op.values));
          delete values[def.idField];
          ready.push({ op, values });
        }
      }
      // One `UPDATE … SET col = CASE WHEN id = ? THEN ? … END WHERE id IN (…)` per chunk: only the written fields,
      // no entities, no re-read (MikroORM's `upsertMany` builds and returns managed entities).
      await this.#grouped(em, ready, results, async (batch) => {
        await em.getDriver().nativeUpdateMany<object>(
          table,
          batch.map((r) => ({ [def.idField]: this.tables.toKey(table, r.op.id) })),
          batch.map((r) => QueryHelper.processObjectParams(r.values)) as never[],
          { ctx: em.getTransactionContext() },
        );
        return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: r.op.id, modifiedOn: now }));
      });
    }

    const deletes = operations.filter((op): op is Extract<WriteOperation, { kind: 'delete' }> => op.kind === 'delete');
    if (deletes.length > 0) {
      await this.#grouped(em, deletes.map((op) => ({ op, values: {} })), results, async (batch) => {
        await em.nativeDelete(table, { [def.idField]: { $in: batch.map((r) => this.tables.toKey(table, r.op.id)) } });
        return batch.map((r) => ({ ref: r.op.ref, ok: true as const, id: r.op.id, modifiedOn: now }));
      });
    }
    return operations.map((op) => results.get(op.ref)!);
  }

  /** Runs a batch statement; when it fails, retries its rows one by one so that only the bad rows fail. */
  async #grouped<T extends { op: WriteOperation; values: Record<string, unknown> }>(
    em: EntityManager,
    rows: T[],
    results: Map<string, WriteResult>,
    run: (batch: T[]) => Promise<WriteResult[]>,
  ): Promise<void> {
    for (const batch of chunks(rows, UPSERT_CHUNK)) {
      let batchResults: WriteResult[] | undefined;
      try {
        batchResults = await inTransaction(em, () => run(batch));
      } catch {
        batchResults = undefined;
      }
      if (batchResults) batchResults.forEach((r) => results.set(r.ref, r));
      else for (const row of batch) results.set(row.op.ref, await this.#isolated(em, row.op.ref, async () => (await run([row]))[0]!));
    }
  }

  /** One write in its own savepoint: its failure is its own result. */
  async #isolated(em: EntityManager, ref: string, run: () => Promise<WriteResult>): Promise<WriteResult> {
    try {
      return await inTransaction(em, run);
    } catch (error) {
      return { ref, ok: false, error: driverError(error) };
    }
  }

  /**
   * `em.insertMany` of plain rows, without its passes over every value that only matter for entities and
   * references: a plain value goes as it is (`undefined` as null), an object value through MikroORM's own conversion
   * (`QueryHelper.processParams`). On SQLite the statement goes to the driver (`DirectSqlite`, which converts each
   * value in the same pass as it binds it); elsewhere the rows are converted here (in place, as `insertMany` changes
   * them) and `nativeInsertMany` builds and runs the statement (its remaining pass only validates, and never fails
   * for data).
   */
  async #insertPlainRows(em: EntityManager, table: string, rows: Record<string, unknown>[]): Promise<void> {
    if (await this.tables.direct.insert(em, table, rows)) return;
    for (const row of rows) {
      for (const key of Object.keys(row)) row[key] = plainValue(row[key]);
    }
    const schema = em.schema;
    await em.getDriver().nativeInsertMany(table, rows, { ctx: em.getTransactionContext(), ...(schema ? { schema } : {}) });
  }
}
