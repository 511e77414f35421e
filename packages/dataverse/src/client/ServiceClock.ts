/**
 * How far the service's clock is from this machine's, learned from the `Date` headers of the answers the client
 * already gets (no request of its own). Dataverse stamps `createdon` / `modifiedon` by its clock; a caller that thinks
 * in its local clock (the start of a sync pass) has the instant translated here before it goes into a filter.
 *
 * Each answer bounds the offset: the service wrote its `Date` (whole seconds, rounded down, so the true time is below
 * `Date` + 1 s) at some local moment between sending and receiving, so `service − local < Date + 1 s − sentAt`.
 * `latest` is that bound of the most recent answer, a late estimate by construction: it errs towards a later service
 * instant, never an earlier one. The most recent answer, not the tightest of all, so that a clock that is set back
 * on either side is followed at the next answer instead of leaving a bound that is too early forever.
 */
export class ServiceClock {
  #offsetUpperMs: number | undefined;

  /** Learns from one answer: its `Date` header and the local times (ms since the epoch) it was sent and received. */
  observe(dateHeader: string | null, sentAtMs: number): void {
    const answeredAt = dateHeader ? Date.parse(dateHeader) : NaN;
    if (Number.isNaN(answeredAt)) return;
    this.#offsetUpperMs = answeredAt + SECOND_MS - sentAtMs;
  }

  /**
   * A service-clock instant at or after the local one, or `undefined` while no answer carried a usable `Date` (then
   * the caller must not bound anything). `marginMs` is added for the caller's own rounding (stamps in whole seconds).
   */
  latest(local: Date, marginMs = 0): Date | undefined {
    if (this.#offsetUpperMs === undefined) return undefined;
    return new Date(local.getTime() + this.#offsetUpperMs + marginMs);
  }
}

const SECOND_MS = 1000;
