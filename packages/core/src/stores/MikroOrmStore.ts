import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { SqlEntityManager } from '@mikro-orm/knex';
import type { Filter } from '../model/Filter';
import type { Row, RowId } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';
import { inTransaction } from '../state/inTransaction';
import type { EntityStampFields } from './entityTableDefinition';
import { StoreReads } from './StoreReads';
import { StoreTables } from './StoreTables';
import { StoreWrites } from './StoreWrites';
import type { MatchQuery, ReadChangedRequest, RowPage, StateTransaction, TableStore, WriteOperation, WriteOptions, WriteResult } from './TableStore';

export interface MikroOrmStoreOptions {
  /** A name for messages; defaults to "mikro-orm". */
  name?: string;
  /** The identity this store writes as; stamped into each table's modified-by field when it has one. */
  identity?: string;
  /** Per entity: where its modified-on and modified-by are, when not found by convention. */
  tables?: Record<string, EntityStampFields>;
  /**
   * How to link to a row in the ERP's own user interface, e.g. `https://erp.example.com/{table}/{id}`: `{table}` and
   * `{id}` are replaced by the entity name and the row id, URL-encoded. Without it, `recordUrl` gives no link.
   */
  linkTemplate?: string;
}

/**
 * A `TableStore` over any MikroORM entity: the business side of Tandem, or either side when two databases are
 * synchronized. Reads are keyset pages on (modified-on, id) (`StoreReads`); writes are grouped per batch and fall
 * back to one row at a time only when a batch statement fails (`StoreWrites`); what both know of each entity is in
 * `StoreTables`.
 */
export class MikroOrmStore implements TableStore {
  readonly name: string;
  readonly orm: MikroORM;
  readonly #options: MikroOrmStoreOptions;
  readonly #tables: StoreTables;
  readonly #reads: StoreReads;
  readonly #writes: StoreWrites;

  constructor(orm: MikroORM, options: MikroOrmStoreOptions = {}) {
    this.orm = orm;
    this.#options = options;
    this.name = options.name ?? 'mikro-orm';
    this.#tables = new StoreTables(orm, this.name, options.tables);
    this.#reads = new StoreReads(this.#tables);
    this.#writes = new StoreWrites(this.#tables, this.#reads, options.identity);
  }

  async describe(table: string): Promise<TableDefinition> {
    return this.definition(table);
  }

  recordUrl(table: string, id: RowId): string | undefined {
    const template = this.#options.linkTemplate;
    if (!template) return undefined;
    return template.replaceAll('{table}', encodeURIComponent(table)).replaceAll('{id}', encodeURIComponent(String(id)));
  }

  /** The synchronous form of `describe`, for the host's mapping validation. */
  definition(table: string): TableDefinition {
    return this.#tables.definition(table);
  }

  joins(transaction: StateTransaction): boolean {
    return transaction.join(this.orm.em) !== undefined;
  }

  async identity(): Promise<string | undefined> {
    return this.#options.identity;
  }

  async readChanged(table: string, request: ReadChangedRequest): Promise<RowPage> {
    return this.#reads.readChanged(table, request);
  }

  /** Builds the SQL a read with this filter would send (without sending it) and reports what MikroORM refuses. */
  checkFilter(table: string, filter: Filter): string[] {
    try {
      this.definition(table);
      const em = this.orm.em.fork();
      // Every SQL driver's EntityManager (knex based) builds reads with a QueryBuilder; others are not checked.
      if (em instanceof SqlEntityManager) em.createQueryBuilder(table).select('*').where(this.#tables.where(filter) as never).getFormattedQuery();
      return [];
    } catch (error) {
      return [`${this.name} cannot translate the filter: ${error instanceof Error ? error.message : String(error)}`];
    }
  }

  async getByIds(table: string, ids: readonly RowId[]): Promise<Row[]> {
    return this.#reads.getByIds(table, ids);
  }

  async findByValues(table: string, query: MatchQuery): Promise<Row[]> {
    return this.#reads.findByValues(table, query);
  }

  async write(table: string, operations: readonly WriteOperation[], options: WriteOptions = {}): Promise<WriteResult[]> {
    if (operations.length === 0) return [];
    const joined = options.transaction?.join(this.orm.em);
    if (joined) return this.#writes.write(joined as EntityManager, table, operations);
    return inTransaction(this.orm.em.fork(), (em) => this.#writes.write(em, table, operations));
  }
}
