import { callBail, callSeries, isTapped } from '../hooks/callHooks';
import { isThenable } from '../hooks/guardTaps';
import { EngineErrors } from '../errors/engineErrors';
import { couplingIdField } from '../state/StateStore';
import { deterministicId } from './deterministicId';
import { findMatches } from './MatchFinder';
import type { PassScope } from './PassScope';
import { asError, type RecordWork } from './RecordWork';

/**
 * Finds each record's counterpart on the destination: coupled rows are loaded with one query; an uncoupled record
 * tries `onFindUncoupled`, then the match fields, then the row a crashed run already created under its deterministic
 * id. A row found this way must not be claimed twice or coupled to another record already, and `onBeforeCouple` may
 * veto the new pair.
 */
export class CounterpartFinder {
  readonly #scope: PassScope;

  constructor(scope: PassScope) {
    this.#scope = scope;
  }

  async find(works: RecordWork[]): Promise<void> {
    await this.#loadCoupled(works.filter((w) => this.#scope.counterpartId(w)));
    const uncoupled = works.filter((w) => !this.#scope.counterpartId(w));
    if (uncoupled.length === 0) return;
    await this.#askHooks(uncoupled);
    await this.#match(uncoupled.filter((w) => !w.destination && !w.error));
    await this.#recoverCrashedCreates(uncoupled.filter((w) => !w.destination && !w.error));
    const claimed = uncoupled.filter((w) => w.destination && !w.error);
    this.#refuseDoubleClaims(claimed);
    await this.#refuseTaken(claimed.filter((w) => !w.error));
    await this.#askBeforeCouple(claimed.filter((w) => !w.error));
  }

  async #loadCoupled(coupled: RecordWork[]): Promise<void> {
    const { env, to, destinationTable } = this.#scope;
    if (coupled.length === 0) return;
    const rows = await env.stores[to].getByIds(destinationTable.name, coupled.map((w) => this.#scope.counterpartId(w)!));
    const found = new Map(rows.map((r) => [r.id, r]));
    for (const work of coupled) {
      const destination = found.get(this.#scope.counterpartId(work)!);
      if (destination) work.destination = destination;
    }
  }

  async #askHooks(uncoupled: RecordWork[]): Promise<void> {
    const { env, mapping } = this.#scope;
    if (!isTapped(env.hooks.onFindUncoupled, mapping.name)) return;
    for (const work of uncoupled) {
      try {
        let row = callBail(env.hooks.onFindUncoupled, mapping.name, this.#scope.context(work));
        if (isThenable(row)) row = await row;
        if (row) Object.assign(work, { destination: row, newlyCoupled: true });
      } catch (error) {
        work.error = asError(error);
      }
    }
  }

  async #match(toMatch: RecordWork[]): Promise<void> {
    const { env, mapping, direction, destinationTable, job } = this.#scope;
    // Without match fields every record finds nothing, and `createNewOnNoMatch` does not apply: nothing to ask.
    const hasMatchFields = mapping.fields.some((f) => f.match && f.enabled !== false);
    if (toMatch.length === 0 || !hasMatchFields) return;
    // Only rows that existed when the pass (its job) began: not the ones this pass created (see `findMatches`).
    const matches = await findMatches(env, mapping, direction, toMatch.map((w) => w.source), job.startedAt, this.#scope.claims);
    for (const work of toMatch) {
      const match = matches.get(work.source.id)!;
      if (match.kind === 'match') Object.assign(work, { destination: match.row, newlyCoupled: true });
      else if (match.kind === 'ambiguous') work.error = EngineErrors.ambiguousMatch(match.count, destinationTable.name, match.fields);
      else if (!mapping.createNewOnNoMatch) work.error = EngineErrors.noMatch(destinationTable.name);
    }
  }

  /**
   * A create retried after a crash: the row made with the deterministic id is already there (one query). A store
   * whose creates are idempotent turns that create into an update of the row by itself, so it is not asked first.
   */
  async #recoverCrashedCreates(creating: RecordWork[]): Promise<void> {
    const { env, mapping, to, destinationTable } = this.#scope;
    if (destinationTable.idGenerated || creating.length === 0) return;
    for (const work of creating) work.proposedId = deterministicId(mapping.name, work.source.id);
    if (env.stores[to].createsAreIdempotent) return;
    const existing = new Map((await env.stores[to].getByIds(destinationTable.name, creating.map((w) => w.proposedId!))).map((r) => [r.id, r]));
    for (const work of creating) {
      const row = existing.get(work.proposedId!);
      if (row) Object.assign(work, { destination: row, newlyCoupled: true });
    }
  }

  /** Two records of one page found the same row: neither is coupled; the engine never guesses. */
  #refuseDoubleClaims(claimed: RecordWork[]): void {
    const claims = new Map<string, RecordWork[]>();
    for (const work of claimed) claims.set(work.destination!.id, [...(claims.get(work.destination!.id) ?? []), work]);
    for (const [id, claimants] of claims) {
      if (claimants.length < 2) continue;
      const error = EngineErrors.claimedTwice(this.#scope.destinationTable.name, id, claimants.map((w) => w.source.id));
      for (const work of claimants) work.error = error;
    }
  }

  /** A found row that is coupled to another record already (or claimed by a page not yet committed) is not taken over. */
  async #refuseTaken(claimed: RecordWork[]): Promise<void> {
    const { env, mapping, from, to, destinationTable, claims } = this.#scope;
    if (claimed.length === 0) return;
    // Claims as they were before the read as well: see `findMatches`.
    const claimedBefore = claimed.map((w) => claims.get(w.destination!.id));
    const taken = await env.state.couplingsBy(mapping.name, to, claimed.map((w) => w.destination!.id));
    for (const [i, work] of claimed.entries()) {
      const other = taken.get(work.destination!.id)?.[couplingIdField(from)] ?? claimedBefore[i] ?? claims.get(work.destination!.id);
      if (other && other !== work.source.id) work.error = EngineErrors.alreadyCoupled(destinationTable.name, work.destination!.id, other);
    }
  }

  /** `onBeforeCouple` sees every pair a run is about to make, and may veto it (the record fails). */
  async #askBeforeCouple(claimed: RecordWork[]): Promise<void> {
    const { env, mapping } = this.#scope;
    if (!isTapped(env.hooks.onBeforeCouple, mapping.name)) return;
    for (const work of claimed) {
      let vetoed: string | undefined;
      try {
        const asked = callSeries(env.hooks.onBeforeCouple, mapping.name, {
          mapping, ...this.#scope.pairIds(work.source.id, work.destination!.id), veto: (reason: string) => (vetoed = reason),
        });
        if (asked) await asked;
        if (vetoed !== undefined) work.error = EngineErrors.couplingVetoed(vetoed);
      } catch (error) {
        work.error = asError(error);
      }
    }
  }
}
