import { randomBytes, randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { MikroORM } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/knex';
import { ErrorCodes, TandemError } from '../errors/TandemError';
import { systemClock, type Clock } from '../host/Clock';
import { silentLogger, type Logger } from '../host/Logger';
import type { HeldLease, MappingLease } from './MappingLease';
import { EngineErrors } from '../errors/engineErrors';

/** How leases behave; a host option (`lease`). */
export interface LeaseOptions {
  /** Who this process is in the lease table; default `hostname:pid:random`. */
  holder?: string;
  /** How long a lease lasts without renewal (default 60 000 ms). A crashed holder blocks its mapping this long. */
  ttlMs?: number;
  /** How often a held lease is renewed while its work runs (default a third of `ttlMs`). */
  heartbeatMs?: number;
  /** How often a waiting acquire tries again (default 250 ms). */
  pollMs?: number;
  clock?: Clock;
  /** Where a lost lease is reported. */
  logger?: Logger;
}

export interface AcquireOptions {
  /** Wait up to this long for a busy mapping (default 0: fail at once with TANDEM_MAPPING_BUSY). */
  waitMs?: number;
  /** This lease's lifetime; default the leases' `ttlMs`. */
  ttlMs?: number;
}

/** A holder id for this process: `hostname:pid:random`. */
export function newHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One lease per mapping in the state database, so a mapping never runs twice at once, across processes (SQLite file
 * or PostgreSQL). Acquire is one atomic statement: insert the row, or take it over when it has expired (or carries
 * our token). Renew moves the expiry while the token still matches; release deletes the row only when it is still
 * ours. The scheduler and scale-out workers use this API directly.
 */
export class MappingLeases {
  readonly holder: string;
  readonly ttlMs: number;
  readonly heartbeatMs: number;
  readonly pollMs: number;
  readonly #orm: MikroORM;
  readonly #clock: Clock;
  readonly #logger: Logger;
  /** The tokens of the leases `hold` holds right now, with their mappings: `holds` answers from it. */
  readonly #open = new Map<string, string>();

  constructor(orm: MikroORM, options: LeaseOptions = {}) {
    this.#orm = orm;
    this.holder = options.holder ?? newHolderId();
    this.ttlMs = positive('ttlMs', options.ttlMs ?? 60_000);
    this.heartbeatMs = positive('heartbeatMs', options.heartbeatMs ?? Math.max(1, Math.floor(this.ttlMs / 3)));
    this.pollMs = positive('pollMs', options.pollMs ?? 250);
    this.#clock = options.clock ?? systemClock;
    this.#logger = options.logger ?? silentLogger;
    if (this.holder.length === 0 || this.holder.length > 200) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `lease holder must be 1 to 200 characters, got ${this.holder.length}`);
    }
    if (this.heartbeatMs >= this.ttlMs) {
      throw new TandemError(ErrorCodes.CONFIG_INVALID, `lease heartbeatMs (${this.heartbeatMs}) must be shorter than ttlMs (${this.ttlMs})`);
    }
  }

  /** Takes the lease of a mapping if it is free or expired; `undefined` when someone else holds it. */
  async tryAcquire(mapping: string, options: Pick<AcquireOptions, 'ttlMs'> & { token?: string } = {}): Promise<MappingLease | undefined> {
    const now = this.#clock.now();
    const lease: MappingLease = {
      mapping, holder: this.holder, token: options.token ?? randomUUID(), acquiredAt: now, expiresAt: new Date(now.getTime() + (options.ttlMs ?? this.ttlMs)),
    };
    const em = this.#em();
    const meta = em.getMetadata().get('MappingLease');
    const column = (property: 'expiresAt' | 'token') => `${meta.tableName}.${meta.properties[property].fieldNames[0]}`;
    const at = (date: Date) => em.getPlatform().processDateProperty(date);
    // One statement: insert, or take the row over only where it has expired or already carries our token.
    const statement = em
      .createQueryBuilder<MappingLease>('MappingLease')
      .insert({ ...lease })
      .onConflict('mapping')
      .merge(['holder', 'token', 'acquiredAt', 'expiresAt'])
      .getKnexQuery()
      .where((where) => void where.where(column('expiresAt'), '<', at(now) as never).orWhere(column('token'), lease.token));
    const result = await em.getConnection().execute<{ affectedRows: number }>(statement, [], 'run');
    return result.affectedRows > 0 ? lease : undefined;
  }

  /**
   * Takes the lease of a mapping, waiting up to `waitMs` for its holder to finish. Fails with TANDEM_MAPPING_BUSY,
   * naming the holder and when its lease expires.
   */
  async acquire(mapping: string, options: AcquireOptions = {}): Promise<MappingLease> {
    const deadline = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      const lease = await this.tryAcquire(mapping, options);
      if (lease) return lease;
      if (Date.now() >= deadline) break;
      await sleep(Math.min(this.pollMs, Math.max(1, deadline - Date.now())));
    }
    const current = await this.current(mapping);
    if (!current) return this.acquire(mapping, { ...options, waitMs: 0 }); // released just now
    throw busyError(current, options.waitMs ?? 0);
  }

  /** Moves a held lease's expiry to now + ttl. Fails with TANDEM_LEASE_LOST when another holder took it over. */
  async renew(lease: MappingLease, ttlMs = this.ttlMs): Promise<MappingLease> {
    const expiresAt = new Date(this.#clock.now().getTime() + ttlMs);
    const updated = await this.#em().nativeUpdate('MappingLease', { mapping: lease.mapping, token: lease.token }, { expiresAt });
    if (updated === 0) {
      const current = await this.current(lease.mapping);
      throw new TandemError(
        ErrorCodes.LEASE_LOST,
        `the lease of mapping "${lease.mapping}" held by ${lease.holder} was lost` +
          (current ? `: ${current.holder} took it over after it expired` : ': it was released or removed') +
          '; make heartbeatMs shorter than ttlMs and keep the process responsive',
      );
    }
    return { ...lease, expiresAt };
  }

  /** Gives a lease back; does nothing when it is no longer ours. Returns whether it was. */
  async release(lease: MappingLease): Promise<boolean> {
    return (await this.#em().nativeDelete('MappingLease', { mapping: lease.mapping, token: lease.token })) > 0;
  }

  /** The lease row of a mapping, expired or not; `null` when nobody holds it. */
  async current(mapping: string): Promise<MappingLease | null> {
    return this.#em().findOne<MappingLease>('MappingLease', { mapping }, { disableIdentityMap: true });
  }

  /** Every lease row (also expired ones a crashed holder left behind). */
  async list(): Promise<MappingLease[]> {
    return this.#em().find<MappingLease>('MappingLease', {}, { orderBy: { mapping: 'asc' }, disableIdentityMap: true });
  }

  /**
   * True while `lease` is one `hold` of `mapping` holds on these leases right now. Re-entrancy is by this explicit
   * lease, not by the async call chain: on Node 20 that needs an AsyncLocalStorage, which turns on promise hooks for
   * every promise of the process (see README, "Transactions"); and a per-mapping flag would let a second, unrelated
   * call in the same process run the mapping at the same time.
   */
  holds(lease: Pick<MappingLease, 'mapping' | 'token'> | undefined, mapping: string): boolean {
    return !!lease && lease.mapping === mapping && this.#open.get(lease.token) === mapping;
  }

  /**
   * Runs `work` under `options.lease` when the caller passes one it holds (TANDEM_LEASE_NOT_HELD when it is not a
   * hold of `mapping` running now on these leases), else under a lease of its own (`hold`, waiting up to `waitMs`).
   * What engine calls and plugin jobs do with their `{ lease }` option.
   */
  async runUnder<T>(mapping: string, options: { lease?: HeldLease; waitMs?: number }, work: (lease: HeldLease) => Promise<T>): Promise<T> {
    if (!options.lease) return this.hold(mapping, options.waitMs !== undefined ? { waitMs: options.waitMs } : {}, work);
    if (!this.holds(options.lease, mapping)) throw EngineErrors.leaseNotHeld(mapping, options.lease.mapping);
    return work(options.lease);
  }

  /**
   * Runs `work` while holding the lease of a mapping: acquire (waiting up to `waitMs`), renew every `heartbeatMs`,
   * release at the end, also when `work` throws. A lost lease is logged as an error; the work is not interrupted.
   * Engine calls for the same mapping made inside `work` run under this lease when they are given it (`{ lease }`);
   * without it they wait for the lease like any other caller.
   */
  async hold<T>(mapping: string, options: AcquireOptions, work: (lease: MappingLease) => Promise<T>): Promise<T> {
    let lease = await this.acquire(mapping, options);
    let lost = false;
    let beating: Promise<void> = Promise.resolve();
    const timer = setInterval(() => {
      if (lost) return;
      beating = this.renew(lease, options.ttlMs).then(
        (renewed) => void (lease = renewed),
        (error: unknown) => {
          lost = true;
          this.#logger.error({ mapping, holder: this.holder, code: (error as TandemError).code }, (error as Error).message);
        },
      );
    }, this.heartbeatMs);
    timer.unref();
    this.#open.set(lease.token, mapping);
    try {
      return await work(lease);
    } finally {
      this.#open.delete(lease.token);
      clearInterval(timer);
      await beating;
      await this.release(lease); // only deletes the row while it is still ours
    }
  }

  #em(): SqlEntityManager {
    return this.#orm.em.fork() as unknown as SqlEntityManager;
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new TandemError(ErrorCodes.CONFIG_INVALID, `lease ${name} must be a positive number of milliseconds, got ${value}`);
  return value;
}

function busyError(current: MappingLease, waitedMs: number): TandemError {
  return new TandemError(
    ErrorCodes.MAPPING_BUSY,
    `mapping "${current.mapping}" is already running: ${current.holder} holds its lease until ${current.expiresAt.toISOString()}` +
      (waitedMs > 0 ? ` (waited ${waitedMs} ms)` : '') +
      '. Wait for that run to finish, or pass waitMs to wait for it; if that process died, the lease expires at that time and the next run takes over.',
    { errorClass: 'transient' },
  );
}
