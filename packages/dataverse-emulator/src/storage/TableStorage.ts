import type Database from 'better-sqlite3';
import type { EntityModel } from '../metadata/EntityModel';
import { isPolymorphic } from '../metadata/EntityModel';
import { TextCache } from '../server/TextCache';
import { RowMemo } from './RowMemo';
import { RowStatement, type StoredRow } from './RowStatement';
import { quoteIdent, targetColumnOf } from './SqlNames';
import type { SqlValue } from './ValueCodec';
import { sqlTypeOf } from './ValueCodec';
import type { WriteScope } from './WriteScope';

export type { StoredRow } from './RowStatement';

/** A compiled query over one table: a WHERE clause with its parameters, an ORDER BY and a LIMIT. */
export interface TableQuery {
  where?: string;
  params?: SqlValue[];
  orderBy?: string;
  limit?: number;
}

/**
 * One Dataverse table in SQLite: one SQL table named after the logical name, one column per attribute (lookups as
 * `_x_value`), the primary id as PRIMARY KEY, and indexes on `modifiedon` (with the id, for keyset paging) and on
 * every lookup column, so id lookups and change reads never scan.
 */
export class TableStorage {
  readonly table: string;
  readonly columnNames: string[];
  private readonly statements = new Map<string, Database.Statement>();
  private readonly reads = new TextCache<RowStatement>(500);
  private readonly pointReads = new TextCache<RowStatement>(500);
  private readonly shapes = new Map<string, Database.Statement>();
  /** The point statements every write runs, prepared once (no SQL text built per call). */
  private byId?: { exists: Database.Statement; all: RowStatement };
  private insertAll?: Database.Statement;
  private insertValues?: SqlValue[];
  private deleteById?: Database.Statement;
  /** Ids found to exist and rows read by a few columns, inside one transaction. */
  private readonly memo: RowMemo;

  constructor(
    private readonly db: Database.Database,
    readonly model: EntityModel,
    /** Told before every write, so that a `$batch` operation's savepoint is opened only when needed. */
    private readonly writes?: WriteScope,
  ) {
    this.table = quoteIdent(model.logicalName);
    this.memo = new RowMemo(db, writes);
    this.columnNames = [];
    for (const column of model.columns) {
      this.columnNames.push(column.name);
      if (isPolymorphic(column)) this.columnNames.push(targetColumnOf(column.name));
    }
  }

  /** Creates the table and its indexes, or adds columns a newer definition has (file databases survive restarts). */
  ensureSchema(): void {
    const model = this.model;
    const existing = this.db.prepare(`PRAGMA table_info(${this.table})`).all() as { name: string }[];
    if (existing.length === 0) {
      const columns = model.columns.flatMap((column) => {
        const sql = [`${quoteIdent(column.name)} ${sqlTypeOf(column)}${column.name === model.primaryId ? ' PRIMARY KEY NOT NULL' : ''}`];
        if (isPolymorphic(column)) sql.push(`${quoteIdent(targetColumnOf(column.name))} TEXT`);
        return sql;
      });
      this.db.exec(`CREATE TABLE ${this.table} (${columns.join(', ')})`);
    } else {
      const have = new Set(existing.map((c) => c.name));
      for (const column of model.columns) {
        if (!have.has(column.name)) this.db.exec(`ALTER TABLE ${this.table} ADD COLUMN ${quoteIdent(column.name)} ${sqlTypeOf(column)}`);
        if (isPolymorphic(column) && !have.has(targetColumnOf(column.name))) {
          this.db.exec(`ALTER TABLE ${this.table} ADD COLUMN ${quoteIdent(targetColumnOf(column.name))} TEXT`);
        }
      }
    }
    const index = (suffix: string, columns: string[], where = ''): void => {
      this.db.exec(
        `CREATE INDEX IF NOT EXISTS ${quoteIdent(`ix_${model.logicalName}_${suffix}`)} ON ${this.table} (${columns.map(quoteIdent).join(', ')})${where}`,
      );
    };
    if (model.byReadName.has('modifiedon')) index('modifiedon', ['modifiedon', model.primaryId]);
    // Change tracking reads rows by version.
    if (model.byReadName.has('versionnumber')) index('versionnumber', ['versionnumber']);
    // Match lookups read rows by their primary name (`name eq 'A' or name eq 'B' …`, `name in (…)`): the index has the
    // column's NOCASE collation, so it answers the same case-insensitive comparisons a scan would.
    const primaryName = model.byReadName.get(model.primaryName);
    if (primaryName && primaryName.name !== model.primaryId && sqlTypeOf(primaryName).includes('NOCASE')) index(primaryName.name, [primaryName.name]);
    // Lookup indexes leave out NULLs: most lookups of a row are empty, and keeping every empty one in its index made
    // each insert several times slower. Reads by a lookup's value (`= ?`, `IN (…)`) and delete cascades still search
    // them. (A file made before keeps its full indexes of the same names, which serve the same reads.)
    for (const column of model.columns) {
      if (column.targets && column.name !== model.primaryId) index(column.name, [column.name], ` WHERE ${quoteIdent(column.name)} IS NOT NULL`);
    }
  }

  /** The row with this id: every column, or only `columns` (SQL names). */
  get(id: string, columns?: readonly string[]): StoredRow | undefined {
    // Write rules read a column or two of another row per write (a currency's rate): the statement is found by the names.
    if (!columns) return this.pointStatements().all.get(id);
    const key = columns.join('\u0000');
    const known = this.memo.read(key, id);
    if (known) return known;
    let statement = this.pointReads.peek(key);
    if (!statement) {
      statement = new RowStatement(this.db.prepare(`SELECT ${this.columnList(columns)} FROM ${this.table} WHERE ${quoteIdent(this.model.primaryId)} = ?`));
      this.pointReads.set(key, statement);
    }
    const row = statement.get(id);
    if (row) this.memo.rememberRead(key, id, row);
    return row;
  }

  /** Whether a row with this id exists (the rows a `$batch` of creates binds to are asked of SQLite once: `RowMemo`). */
  exists(id: string): boolean {
    if (this.memo.knownToExist(id)) return true;
    const found = this.pointStatements().exists.get(id) !== undefined;
    if (found) this.memo.rememberExisting(id);
    return found;
  }

  private pointStatements(): { exists: Database.Statement; all: RowStatement } {
    const where = `WHERE ${quoteIdent(this.model.primaryId)} = ?`;
    return (this.byId ??= {
      // `pluck`: the answer is the bare 1 (or undefined), no row object per check.
      exists: this.db.prepare(`SELECT 1 FROM ${this.table} ${where}`).pluck(),
      all: new RowStatement(this.db.prepare(`SELECT * FROM ${this.table} ${where}`)),
    });
  }

  /**
   * Inserts a row: one statement per table over every column, a column the row leaves out bound as NULL (what an
   * INSERT that omits it stores: no column has a default). One prepared statement and no SQL text or shape key per row.
   */
  insert(row: StoredRow): void {
    const names = this.columnNames;
    this.insertAll ??= this.db.prepare(`INSERT INTO ${this.table} (${names.map(quoteIdent).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`);
    // One array per table, refilled for each row: the statement runs before anything else can use it.
    const values = (this.insertValues ??= new Array<SqlValue>(names.length));
    for (let i = 0; i < names.length; i++) values[i] = row[names[i]!] ?? null;
    const undo = this.writes?.beforeInsert(this.deleteStatement(), row[this.model.primaryId] as string);
    this.insertAll.run(...values);
    if (undo) this.writes!.inserted(undo);
  }

  update(id: string, changes: StoredRow): void {
    const names = Object.keys(changes);
    if (names.length === 0) return;
    this.writes?.beforeWrite();
    this.memo.updated();
    const statement = this.byShape('update', names, () =>
      `UPDATE ${this.table} SET ${names.map((name) => `${quoteIdent(name)} = ?`).join(', ')} WHERE ${quoteIdent(this.model.primaryId)} = ?`,
    );
    statement.run(...names.map((name) => changes[name] ?? null), id);
  }

  delete(id: string): boolean {
    this.writes?.beforeWrite();
    if (this.writes) this.writes.removals += 1;
    return this.deleteStatement().run(id).changes > 0;
  }

  private deleteStatement(): Database.Statement {
    return (this.deleteById ??= this.db.prepare(`DELETE FROM ${this.table} WHERE ${quoteIdent(this.model.primaryId)} = ?`));
  }

  /** The rows of a query: every column, or only `columns` (SQL names). */
  select(query: TableQuery, columns?: readonly string[]): StoredRow[] {
    return this.prepareRead(this.selectSql(query, columns)).all(...(query.params ?? []));
  }

  /** Number of matching rows, counting no further than `cap`. */
  count(query: TableQuery, cap: number): number {
    const inner = `SELECT 1 FROM ${this.table}${query.where ? ` WHERE ${query.where}` : ''} LIMIT ${cap}`;
    const row = this.prepare(`SELECT COUNT(*) AS n FROM (${inner})`).get(...(query.params ?? [])) as { n: number };
    return row.n;
  }

  /** The SQLite query plan of a query, one line per step (`SEARCH account USING INDEX …`). */
  explain(query: TableQuery): string[] {
    const rows = this.db.prepare(`EXPLAIN QUERY PLAN ${this.selectSql(query)}`).all(...(query.params ?? [])) as { detail: string }[];
    return rows.map((row) => row.detail);
  }

  /** The query plan of a lookup by primary id. */
  explainGet(id: string): string[] {
    const rows = this.db
      .prepare(`EXPLAIN QUERY PLAN SELECT * FROM ${this.table} WHERE ${quoteIdent(this.model.primaryId)} = ?`)
      .all(id) as { detail: string }[];
    return rows.map((row) => row.detail);
  }

  /** Rows whose lookup column points at `id` (for delete cascades). */
  referencing(column: string, id: string): StoredRow[] {
    return this.prepareRead(`SELECT * FROM ${this.table} WHERE ${quoteIdent(column)} = ?`).all(id);
  }

  maxVersion(): number {
    if (!this.model.byReadName.has('versionnumber')) return 0;
    const row = this.prepare(`SELECT MAX("versionnumber") AS v FROM ${this.table}`).get() as { v: number | null };
    return row.v ?? 0;
  }

  private columnList(columns: readonly string[] | undefined): string {
    return columns ? columns.map(quoteIdent).join(', ') : '*';
  }

  private selectSql(query: TableQuery, columns?: readonly string[]): string {
    let sql = `SELECT ${this.columnList(columns)} FROM ${this.table}`;
    if (query.where) sql += ` WHERE ${query.where}`;
    if (query.orderBy) sql += ` ORDER BY ${query.orderBy}`;
    if (query.limit !== undefined) sql += ` LIMIT ${Math.max(0, Math.floor(query.limit))}`;
    return sql;
  }

  /** The statement of a write with these column names, prepared once per shape (the SQL is built only then). */
  private byShape(kind: string, names: string[], sql: () => string): Database.Statement {
    const key = `${kind}:${names.join(',')}`;
    let statement = this.shapes.get(key);
    if (!statement) {
      statement = this.db.prepare(sql());
      if (this.shapes.size > 500) this.shapes.clear();
      this.shapes.set(key, statement);
    }
    return statement;
  }

  /** A row-reading statement, prepared once per SQL text (`RowStatement`). */
  private prepareRead(sql: string): RowStatement {
    let statement = this.reads.peek(sql);
    if (!statement) this.reads.set(sql, (statement = new RowStatement(this.db.prepare(sql))));
    return statement;
  }

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }
}
