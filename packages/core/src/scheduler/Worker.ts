import { errorMessage, ErrorCodes, type TandemError } from '../errors/TandemError';
import { storedErrorText } from '../errors/storedErrorText';
import type { Clock } from '../host/Clock';
import type { Host } from '../host/createHost';
import type { Logger } from '../host/Logger';
import type { TableMapping } from '../model/TableMapping';
import { STOPPED_MESSAGE } from '../engine/SyncPass';
import type { ScheduleEntry } from '../state/ScheduleEntry';
import { backoffSeconds } from './backoff';
import { jobsChanged } from './jobsChanged';
import { newestBusinessChange } from './newestBusinessChange';
import { resolveWorkerOptions, type ResolvedWorkerOptions, type WorkerOptions } from './WorkerOptions';

/** What one look at the schedule did. */
export interface TickReport {
  /** Mappings run, in the order they ran. */
  ran: string[];
  /** On-hold mappings a business change woke. */
  woken: string[];
  /** Due mappings another worker or process was running (their lease was taken). */
  busy: string[];
}

/**
 * Runs the schedule (BC's job queue for the integration): every `pollMs` it reads the `ScheduleEntry` rows, wakes
 * on-hold mappings whose business table changed, and runs the due ones in dependency order, each under its mapping
 * lease, so two workers (in one process or many) never run one mapping at once. See the README's "Scheduler / worker".
 */
export class Worker {
  readonly #host: Host;
  readonly #options: ResolvedWorkerOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #abort = new AbortController();
  #loop: Promise<void> | undefined;
  #wakeSleep: (() => void) | undefined;

  constructor(host: Host, options: WorkerOptions = {}) {
    this.#host = host;
    this.#options = resolveWorkerOptions(options);
    this.#clock = options.clock ?? host.clock;
    this.#logger = (options.logger ?? host.logger).child({ component: 'worker', holder: host.leases.holder });
  }

  /** True once `stop()` was called. */
  get stopped(): boolean {
    return this.#abort.signal.aborted;
  }

  /** Starts the loop: a look at the schedule now, then every `pollMs`, until `stop()`. */
  start(): this {
    if (this.#loop || this.stopped) return this;
    this.#logger.info({ pollMs: this.#options.pollMs }, 'worker started');
    this.#loop = (async () => {
      while (!this.stopped) {
        try {
          await this.tick();
        } catch (error) {
          // The state database may be briefly unavailable; the next look tries again.
          this.#logger.error({ error: errorMessage(error) }, 'worker: reading the schedule failed');
        }
        await this.#sleep(this.#options.pollMs);
      }
    })();
    return this;
  }

  /**
   * Stops the worker: no new run starts, a run on its way finishes the page it is on (its job says it was stopped,
   * the watermark stays at that page), its lease is released, and the promise resolves.
   */
  async stop(): Promise<void> {
    if (!this.stopped) {
      this.#abort.abort();
      this.#wakeSleep?.();
      this.#logger.info({}, 'worker stopping');
    }
    await this.#loop;
  }

  /**
   * Stops the worker on SIGINT / SIGTERM (once; a second signal while stopping is logged), then calls `then` (close
   * the host there). With nothing else keeping Node busy, the process then ends with exit code 0. Returns a function
   * that removes the handlers.
   */
  stopOnSignals(then?: () => unknown, signals: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM']): () => void {
    let stopping = false;
    const handler = (signal: NodeJS.Signals) => {
      if (stopping) return void this.#logger.warn({ signal }, 'worker is already stopping; the current page finishes first');
      stopping = true;
      this.#logger.info({ signal }, 'worker: stop requested by signal');
      void this.stop()
        .then(() => then?.())
        .catch((error: unknown) => this.#logger.error({ error: errorMessage(error) }, 'worker: stopping failed'))
        .finally(remove);
    };
    const remove = () => signals.forEach((s) => process.off(s, handler));
    signals.forEach((s) => process.on(s, handler));
    return remove;
  }

  /** One look at the schedule: wake on-hold mappings whose business table changed, then run the due ones in order. */
  async tick(): Promise<TickReport> {
    const report: TickReport = { ran: [], woken: [], busy: [] };
    const entries = new Map((await this.#host.state.scheduleEntries()).map((e) => [e.mapping, e]));
    for (const mapping of this.#host.mappings.all()) {
      if (this.stopped) break;
      const entry = entries.get(mapping.name);
      if (!entry || !mapping.enabled || entry.status === 'onHold') continue;
      if (this.#options.mappings && !this.#options.mappings.includes(mapping.name)) continue;
      if (entry.status === 'onHoldInactivity' && (await this.#wake(mapping, entry))) report.woken.push(mapping.name);
      if (!isDue(entry, this.#clock.now())) continue;
      const outcome = await this.#runDue(mapping);
      if (outcome === 'ran') report.ran.push(mapping.name);
      if (outcome === 'busy') report.busy.push(mapping.name);
    }
    // Plugin jobs after the mappings they read from; they never go on hold.
    for (const job of this.#host.jobs.all()) {
      if (this.stopped) break;
      const entry = entries.get(job.name);
      if (!entry || entry.status === 'onHold' || !isDue(entry, this.#clock.now())) continue;
      if (this.#options.mappings && !this.#options.mappings.includes(job.name)) continue;
      const outcome = await this.#runDueJob(job.name, job.schedule.intervalSeconds);
      if (outcome === 'ran') report.ran.push(job.name);
      if (outcome === 'busy') report.busy.push(job.name);
    }
    return report;
  }

  /** Wakes an on-hold entry when its business table has a row newer than the mark taken when it went on hold. */
  async #wake(mapping: TableMapping, entry: ScheduleEntry): Promise<boolean> {
    const newest = await newestBusinessChange(this.#host.orm, this.#host.stores.business, mapping.businessTable);
    if (!newest || (entry.holdMark && newest <= entry.holdMark)) return false;
    const now = this.#clock.now();
    await this.#host.state.updateScheduleEntry(mapping.name, { status: 'ready', nextRunAt: now, holdMark: null });
    Object.assign(entry, { status: 'ready', nextRunAt: now, holdMark: null });
    this.#logger.info({ mapping: mapping.name, changedAt: newest.toISOString() }, 'worker: a business change woke the mapping');
    return true;
  }

  /** Runs one due mapping under its lease; `busy` when another worker holds it, `skipped` when it ran meanwhile. */
  async #runDue(mapping: TableMapping): Promise<'ran' | 'busy' | 'skipped' | 'failed'> {
    const name = mapping.name;
    const { state, leases, engine } = this.#host;
    try {
      return await leases.hold(name, { waitMs: 0 }, async (lease) => {
        // Under the lease, read the entry again: another worker may have run it since this look began.
        const [entry] = await state.scheduleEntries(name);
        if (!entry || !isDue(entry, this.#clock.now())) return 'skipped';
        const mark = await newestBusinessChange(this.#host.orm, this.#host.stores.business, mapping.businessTable);
        const startedAt = this.#clock.now();
        await state.updateScheduleEntry(name, { status: 'running', lastRunAt: startedAt, leasedBy: leases.holder });
        try {
          const jobs = await engine.run(name, { signal: this.#abort.signal, lease });
          await this.#finished(mapping, entry, startedAt, mark, jobs);
          return 'ran';
        } catch (error) {
          await this.#failed(mapping.name, entry, error);
          return 'failed';
        }
      });
    } catch (error) {
      if ((error as TandemError).code === ErrorCodes.MAPPING_BUSY) {
        this.#logger.debug({ mapping: name }, 'worker: another worker is running the mapping');
        return 'busy';
      }
      this.#logger.error({ mapping: name, error: errorMessage(error) }, 'worker: the mapping could not be run');
      return 'failed';
    }
  }

  /** Runs one due plugin job under its lease, as `#runDue` does a mapping; ready again after `intervalSeconds`. */
  async #runDueJob(name: string, intervalSeconds: number): Promise<'ran' | 'busy' | 'skipped' | 'failed'> {
    const { state, leases, jobs } = this.#host;
    try {
      return await leases.hold(name, { waitMs: 0 }, async (lease) => {
        const [entry] = await state.scheduleEntries(name);
        if (!entry || !isDue(entry, this.#clock.now())) return 'skipped';
        const startedAt = this.#clock.now();
        await state.updateScheduleEntry(name, { status: 'running', lastRunAt: startedAt, leasedBy: leases.holder });
        try {
          const job = await jobs.run(name, { signal: this.#abort.signal, lease });
          const now = this.#clock.now();
          const changed = jobsChanged([job]);
          await state.updateScheduleEntry(name, {
            status: 'ready', leasedBy: null, failureCount: 0, lastError: null, holdMark: null,
            lastChangeAt: changed ? startedAt : (entry.lastChangeAt ?? startedAt),
            // Stopped: due again at once, so the next worker carries on from the job's watermark.
            nextRunAt: this.stopped ? now : new Date(now.getTime() + intervalSeconds * 1000),
          });
          return 'ran';
        } catch (error) {
          await this.#failed(name, entry, error);
          return 'failed';
        }
      });
    } catch (error) {
      if ((error as TandemError).code === ErrorCodes.MAPPING_BUSY) return 'busy';
      this.#logger.error({ job: name, error: errorMessage(error) }, 'worker: the plugin job could not be run');
      return 'failed';
    }
  }

  /** After a run: ready again at the interval, or on hold after `inactivityTimeoutSeconds` without changes. */
  async #finished(mapping: TableMapping, entry: ScheduleEntry, startedAt: Date, mark: Date | null, jobs: Awaited<ReturnType<Host['engine']['run']>>): Promise<void> {
    const now = this.#clock.now();
    const common = { leasedBy: null, failureCount: 0, lastError: null };
    if (jobs.some((j) => j.message === STOPPED_MESSAGE)) {
      // Stopped between pages: due again at once, so the next worker carries on from the watermark.
      await this.#host.state.updateScheduleEntry(mapping.name, { ...common, status: 'ready', nextRunAt: now });
      this.#logger.info({ mapping: mapping.name }, 'worker: run stopped after a committed page');
      return;
    }
    const changed = jobsChanged(jobs);
    const lastChangeAt = changed ? startedAt : (entry.lastChangeAt ?? startedAt);
    const { intervalSeconds, inactivityTimeoutSeconds } = mapping.schedule;
    const idleMs = now.getTime() - lastChangeAt.getTime();
    if (!changed && inactivityTimeoutSeconds > 0 && idleMs >= inactivityTimeoutSeconds * 1000) {
      // BC: on hold until a local change wakes it, or the timeout has passed again (remote changes are found then).
      await this.#host.state.updateScheduleEntry(mapping.name, {
        ...common, status: 'onHoldInactivity', lastChangeAt, holdMark: mark ?? new Date(0),
        nextRunAt: new Date(now.getTime() + inactivityTimeoutSeconds * 1000),
      });
      this.#logger.info({ mapping: mapping.name, idleSeconds: Math.round(idleMs / 1000) }, 'worker: no changes for the inactivity timeout; on hold');
      return;
    }
    await this.#host.state.updateScheduleEntry(mapping.name, {
      ...common, status: 'ready', lastChangeAt, holdMark: null, nextRunAt: new Date(now.getTime() + intervalSeconds * 1000),
    });
    this.#logger.debug({ mapping: mapping.name, changed }, 'worker: mapping ran');
  }

  /** A run that threw: status `error` with its message, and the next try after the back-off. */
  async #failed(name: string, entry: ScheduleEntry, error: unknown): Promise<void> {
    const failureCount = (entry.failureCount ?? 0) + 1;
    const waitSeconds = backoffSeconds(failureCount, this.#options.backoff);
    const message = storedErrorText(errorMessage(error), 2000);
    await this.#host.state.updateScheduleEntry(name, {
      status: 'error', lastError: message, failureCount, leasedBy: null, holdMark: null,
      nextRunAt: new Date(this.#clock.now().getTime() + waitSeconds * 1000),
    });
    this.#logger.error(
      { mapping: name, failureCount, retryInSeconds: waitSeconds, code: (error as TandemError).code },
      `worker: "${name}" failed (${failureCount} in a row); next try in ${waitSeconds} s: ${message}`,
    );
  }

  /** Waits `ms`, or less when the worker is stopped. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.#wakeSleep = done;
    });
  }
}

/** Due when not paused and its next run time has come. */
function isDue(entry: ScheduleEntry, now: Date): boolean {
  return entry.status !== 'onHold' && !!entry.nextRunAt && entry.nextRunAt.getTime() <= now.getTime();
}
