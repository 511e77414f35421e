import type { EntityManager } from '@mikro-orm/core';
import { BaseSqlitePlatform } from '@mikro-orm/knex';
import { chunks } from '../util/chunks';
import { placeholders } from '../util/placeholders';
import { stateQuery } from './stateQuery';
import { stateTable } from './stateTable';
import { STRING_LEAD } from './textMergeBase';

const PER_STATEMENT = 500;

/** Ids learnt in transactions waiting to be confirmed, at most (past it, the oldest are forgotten). */
const PENDING_MAX = 5_000;

/**
 * The registry of shared merge base values (`tandem_merge_base_value`), cached in memory. As with the layouts
 * (`MergeBaseLayouts`), rows are only ever added and only rows known to be committed are cached: an id seen in a
 * transaction that then rolled back could be given to another value. Ids learnt in a page's transaction wait in
 * `#pending` until a read outside any transaction finds the same id with the same value (`confirm`), so the next
 * pages refer to a value shared by an earlier one without looking it up.
 */
export class MergeBaseValues {
  readonly #byId = new Map<number, string>();
  readonly #idOf = new Map<string, number>();
  /** The ids of the plain strings' tokens by the string itself (see `cachedIdOfPlain`). */
  readonly #idOfPlain = new Map<string, number>();
  readonly #pending = new Map<number, string>();

  /** The id of a value known to be committed, if any (no query). */
  cachedId(token: string): number | undefined {
    return this.#idOf.get(token);
  }

  /**
   * `cachedId` of a plain string's token (`isPlainString`), asked by the string: its hash is known already, the
   * token's would be computed (this runs for every distinct value of every page written).
   */
  cachedIdOfPlain(value: string): number | undefined {
    return this.#idOfPlain.get(value);
  }

  /** The tokens of shared values `ids`, read from the table for those not cached (missing ids are left out). */
  async tokens(em: EntityManager, ids: Iterable<number>): Promise<Map<number, string>> {
    const found = new Map<number, string>();
    const missing: number[] = [];
    for (const id of ids) {
      const token = this.#byId.get(id);
      if (token === undefined) missing.push(id);
      else found.set(id, token);
    }
    for (const [id, token] of await this.#rowsById(em, missing)) this.#found(em, found, id, token);
    return found;
  }

  /** Caches the pending ids that a read outside any transaction finds committed with the same value. */
  async confirm(em: EntityManager): Promise<void> {
    if (this.#pending.size === 0 || em.isInTransaction()) return;
    const pending = [...this.#pending];
    this.#pending.clear();
    const committed = await this.#rowsById(em, pending.map(([id]) => id));
    for (const [id, token] of pending) if (committed.get(id) === token) this.#cache(id, token);
  }

  /** The stored tokens of ids `ids` (missing ids are left out), read in statements of `PER_STATEMENT` ids. */
  async #rowsById(em: EntityManager, ids: readonly number[]): Promise<Map<number, string>> {
    const rows = new Map<number, string>();
    const table = stateTable(em, 'MergeBaseValue');
    for (const part of chunks(ids, PER_STATEMENT)) {
      const found = await stateQuery(em, `select id, ${this.#column(em)} as token from ${table} where id in (${placeholders(part.length)})`, part, 'all');
      for (const row of found) rows.set(Number(row.id), row.token as string);
    }
    return rows;
  }

  /** The ids of `tokens`, rows added in `em`'s transaction for those not in the table yet. */
  async idsOf(em: EntityManager, tokens: readonly string[]): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    const unknown: string[] = [];
    for (const token of tokens) {
      const id = this.#idOf.get(token);
      if (id === undefined) unknown.push(token);
      else ids.set(token, id);
    }
    if (unknown.length === 0) return ids;
    const table = stateTable(em, 'MergeBaseValue');
    const column = this.#column(em);
    const select = async (part: readonly string[]) => {
      const rows = await stateQuery(em, `select id, ${column} as token from ${table} where ${column} in (${placeholders(part.length)})`, part, 'all');
      for (const row of rows) {
        ids.set(row.token as string, Number(row.id));
        if (em.isInTransaction() && this.#pending.size < PENDING_MAX) this.#pending.set(Number(row.id), row.token as string);
      }
    };
    // Ids are given in the order asked (the caller asks most used first). SQLite has one writer at a time; on other
    // databases two transactions adding the same values must lock them in one order (else a deadlock): by token.
    const order = em.getPlatform() instanceof BaseSqlitePlatform ? unknown : [...unknown].sort();
    for (const part of chunks(order, PER_STATEMENT)) {
      await select(part);
      const added = part.filter((token) => !ids.has(token));
      if (added.length === 0) continue;
      await stateQuery(em, `insert into ${table} (${column}) values ${added.map(() => '(?)').join(', ')} on conflict do nothing`, added, 'run');
      await select(added);
    }
    return ids;
  }

  #found(em: EntityManager, found: Map<number, string>, id: number, token: string): void {
    found.set(id, token);
    if (!em.isInTransaction()) this.#cache(id, token);
  }

  #cache(id: number, token: string): void {
    this.#byId.set(id, token);
    this.#idOf.set(token, id);
    if (token.startsWith(STRING_LEAD)) this.#idOfPlain.set(token.slice(1), id);
  }

  #column(em: EntityManager): string {
    return em.getPlatform().quoteIdentifier('value');
  }
}
