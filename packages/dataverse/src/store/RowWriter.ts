import type { Row, RowId, WriteOperation, WriteResult } from '@tandem/core';
import type { DataverseClient } from '../client/DataverseClient';
import { DataverseValidationError } from '../errors/DataverseErrors';
import type { DataverseTableDefinition } from '../tables/DataverseTableDefinition';
import type { KnownRowTables } from './KnownRowTables';
import { preparePendingWrite, type PendingWrite } from './PendingWrite';
import { resolvePolymorphicTargets } from './polymorphicTargets';
import { asError, writeWithRetries } from './writeWithRetries';

export interface RowWriterOptions {
  client: DataverseClient;
  /** Ids written are remembered here, deleted ones forgotten (polymorphic lookups). */
  known: KnownRowTables;
  /** The id column of a table by logical name. */
  idFieldOf: (logicalName: string) => string;
  /** The entity set of a table by logical name (for `@odata.bind`). */
  entitySetOf: (logicalName: string) => string;
  /** Reads rows back by id (updates verified after an ambiguous attempt). */
  readBack: (table: DataverseTableDefinition, ids: readonly RowId[]) => Promise<Row[]>;
  idsPerRequest: number;
  batchSize: number;
  concurrency: number;
  maxAttempts: number;
}

/** The write side of `DataverseStore` (see `DataverseStore.write`). */
export class RowWriter {
  constructor(private readonly options: RowWriterOptions) {}

  async write(table: DataverseTableDefinition, operations: readonly WriteOperation[]): Promise<WriteResult[]> {
    const { client, known, entitySetOf } = this.options;
    const results: (WriteResult | undefined)[] = new Array(operations.length).fill(undefined);
    const polymorphic = await resolvePolymorphicTargets(table, operations, {
      client,
      idFieldOf: this.options.idFieldOf,
      entitySetOf,
      idsPerRequest: this.options.idsPerRequest,
      known,
    });
    const queue: PendingWrite[] = [];
    const context = { entitySetOf, polymorphic };
    for (let index = 0; index < operations.length; index++) {
      const op = operations[index]!;
      try {
        queue.push(preparePendingWrite(table, op, index, context));
      } catch (error) {
        results[index] = { ref: op.ref, ok: false, error: asError(error) };
      }
    }
    await writeWithRetries(table, queue, results, {
      client,
      batchSize: this.options.batchSize,
      concurrency: this.options.concurrency,
      maxAttempts: this.options.maxAttempts,
      readBack: (ids) => this.options.readBack(table, ids),
    });
    const written: string[] = [];
    const deleted: string[] = [];
    for (const pending of queue) {
      if (!results[pending.index]?.ok) continue;
      (pending.op.kind === 'delete' ? deleted : written).push(pending.id);
    }
    known.remember(table.name, written);
    known.forget(deleted);
    // Pushed, not `results.map(…)`: V8's optimized `map` makes a holey array, its builtin a packed one, and the engine's
    // loop over the results was compiled again each time the kind changed.
    const answered: WriteResult[] = [];
    for (let index = 0; index < results.length; index++) {
      answered.push(results[index] ?? { ref: operations[index]!.ref, ok: false, error: new DataverseValidationError('No result') });
    }
    return answered;
  }
}
