import type { Cursor } from '../model/Cursor';
import type { Filter } from '../model/Filter';
import type { Row, RowId } from '../model/Row';
import type { TableDefinition } from '../model/TableDefinition';

/** What `readChanged` is asked for: rows after a cursor, in (modified-on, id) order. */
export interface ReadChangedRequest {
  /** Start strictly after this position; omitted means from the beginning. */
  after?: Cursor;
  filter?: Filter;
  /** Page size: at most this many rows are returned. */
  limit: number;
  /** Leave out rows last modified by this identity (echo suppression on the reverse pass). */
  excludeModifiedBy?: string;
}

/** One page of changed rows. `rows` are in (modified-on, id) order; fewer than `limit` rows means the end. */
export interface RowPage {
  rows: Row[];
  /**
   * A time, by the clock that stamps this table's rows, at or before which the read saw the table: a row stamped
   * earlier than `readAt` minus the mapping's overlap window had committed by then. Optional; with it the engine
   * closes its overlap window (a pass reads nothing twice once the table has been quiet for longer than the window),
   * without it every pass re-reads the window below its watermark. Err early: a `readAt` later than the truth can
   * lose a row that commits late.
   */
  readAt?: Date;
}

/**
 * A match query: find rows whose fields equal any one of the given value sets. Text is compared case-insensitively
 * unless the field is listed in `caseSensitive`.
 */
export interface MatchQuery {
  /** Each entry is one candidate: field name → value; all its fields must match. */
  candidates: Record<string, unknown>[];
  caseSensitive?: string[];
  /** The mapping's filter on this table: only rows inside it are matched. */
  filter?: Filter;
  /**
   * Only a narrowing, by the caller's own (local) clock: a store that can leaves out rows created at or after this
   * instant; one that cannot ignores it. A store whose rows are stamped by another clock translates the instant into
   * that clock and errs towards later (more rows), never earlier: a row created before it is always among the
   * results. The engine passes the start of its pass, so a full sync does not read back the rows it created itself.
   * Not a `Date` that holds a time: `TANDEM_MATCH_QUERY_INVALID` (see `createdBeforeOf`).
   */
  createdBefore?: Date;
}

/** One operation of a write batch; `ref` is the caller's key to find its result. */
export type WriteOperation =
  | { kind: 'insert'; ref: string; values: Record<string, unknown>; id?: RowId }
  | { kind: 'update'; ref: string; id: RowId; values: Record<string, unknown>; etag?: string; expectedModifiedOn?: Date }
  | { kind: 'delete'; ref: string; id: RowId; etag?: string };

/** The outcome of one operation: the row's id and stamp after the write, or the error that stopped it. */
export type WriteResult =
  | { ref: string; ok: true; id: RowId; modifiedOn: Date; etag?: string }
  | { ref: string; ok: false; error: Error };

/**
 * An open transaction of the state store. A store on the same database joins it, so a business write and its
 * coupling commit together; any other store ignores it.
 */
export interface StateTransaction {
  /** Returns the transactional handle when `database` is the state database, or undefined. */
  join<T>(database: T): T | undefined;
}

export interface WriteOptions {
  transaction?: StateTransaction;
}

/**
 * Reads and writes the tables of one system. The engine is symmetric over two of these: the business store (the
 * ERP) and the integration store (the CRM).
 */
export interface TableStore {
  /** A short name for messages, e.g. "business (sqlite)" or "dataverse https://org.crm.dynamics.com". */
  readonly name: string;
  /**
   * Declared by a store whose create of a row id that already exists updates that row instead (never a second row,
   * never a failure). The engine then sends a create retried after a crash as it is, without first looking for the
   * row the crashed run made under the same deterministic id: one query per page fewer. Without it, the engine looks.
   */
  readonly createsAreIdempotent?: boolean;
  /** Describes a table: its id, stamp and fields. Throws for an unknown table. */
  describe(table: string): Promise<TableDefinition>;
  /** Reads the rows changed after a cursor, one page at a time. */
  readChanged(table: string, request: ReadChangedRequest): Promise<RowPage>;
  /** Gets rows by id; missing ids are simply absent from the result. */
  getByIds(table: string, ids: readonly RowId[]): Promise<Row[]>;
  /** Finds rows by field values, for match-based coupling. */
  findByValues(table: string, query: MatchQuery): Promise<Row[]>;
  /** Writes a batch and reports each operation's outcome; one failing operation never fails the others. */
  write(table: string, operations: readonly WriteOperation[], options?: WriteOptions): Promise<WriteResult[]>;
  /** The identity this store writes as (rows it modified carry it as modified-by), when it has one. */
  identity(): Promise<string | undefined>;
  /**
   * A link that opens a row in its own application (a CRM deep link, an ERP page), when the store knows how to make
   * one; `undefined` otherwise.
   */
  recordUrl?(table: string, id: RowId): string | undefined;
  /** True when this store's writes would join the given state transaction (it is on the state database). */
  joins?(transaction: StateTransaction): boolean;
  /**
   * The problems this store would have with a filter on a table, found without reading anything: what its own
   * translation (SQL, OData) cannot express. Returns one line per problem, empty when the filter is fine. The host
   * calls it at boot for every mapping's filter on this store's side, so a filter that would throw on every read
   * (a `$like` pattern OData cannot say) stops the boot instead. Optional: a store without it is not asked.
   */
  checkFilter?(table: string, filter: Filter): string[];
  /**
   * The columns the mappings on a table use (mapped fields, filters, template filters), told by the host at boot;
   * declarations add up. A store may then read only these (plus its id and stamps) instead of every column. Plugins
   * whose hooks read other columns of a table declare them with the same call. Optional.
   */
  useColumns?(table: string, columns: readonly string[]): void;
}
