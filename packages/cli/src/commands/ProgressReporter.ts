import { Presets, SingleBar } from 'cli-progress';

/** The part of a stream progress needs (process.stderr, or a fake one in tests). */
export interface ProgressStream {
  isTTY?: boolean;
  columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Milliseconds since some fixed point; `Date.now` unless a test drives the time. */
  now?: () => number;
  /** Without a terminal: the least time between two plain progress lines of one pass (long passes only). */
  plainEveryMs?: number;
}

/**
 * Progress of one pass at a time, with rows per second: a cli-progress bar when the stream is a terminal (with a
 * percentage when the number of rows is known up front), and otherwise a plain line at most every few seconds, so a
 * short pass prints nothing and a log file gets readable lines.
 */
export class ProgressReporter {
  readonly #stream: ProgressStream;
  readonly #now: () => number;
  readonly #plainEveryMs: number;
  #label = '';
  #rows = 0;
  #startedAt = 0;
  #lastLineAt = 0;
  #bar: SingleBar | undefined;

  constructor(stream: ProgressStream, options: ProgressOptions = {}) {
    this.#stream = stream;
    this.#now = options.now ?? Date.now;
    this.#plainEveryMs = options.plainEveryMs ?? 2000;
  }

  get isTTY(): boolean {
    return this.#stream.isTTY === true;
  }

  /** A pass begins; `total` when the rows it will read are known. */
  start(label: string, total?: number): void {
    this.finish();
    this.#label = label;
    this.#rows = 0;
    this.#startedAt = this.#lastLineAt = this.#now();
    if (!this.isTTY) return;
    const format = total !== undefined
      ? '{label} [{bar}] {percentage}% | {value}/{total} rows | {rate} rows/s'
      : '{label} | {value} rows | {rate} rows/s';
    this.#bar = new SingleBar(
      { format, stream: this.#stream as NodeJS.WritableStream, hideCursor: true, clearOnComplete: false, barsize: 24, fps: 10, etaBuffer: 50 },
      Presets.shades_classic,
    );
    this.#bar.start(total ?? 0, 0, { label, rate: '0' });
  }

  /** Rows a page handled. */
  advance(rows: number): void {
    this.#rows += rows;
    const now = this.#now();
    if (this.#bar) {
      const total = this.#bar.getTotal();
      if (total > 0 && this.#rows > total) this.#bar.setTotal(this.#rows);
      this.#bar.update(this.#rows, { rate: this.rate(now) });
      return;
    }
    if (now - this.#lastLineAt < this.#plainEveryMs) return;
    this.#lastLineAt = now;
    this.#stream.write(`${this.#label}: ${this.#rows} rows, ${this.rate(now)} rows/s\n`);
  }

  /** The pass ended: the bar stays on screen with its last numbers. */
  finish(): void {
    if (!this.#bar) return;
    this.#bar.update(this.#rows, { rate: this.rate(this.#now()) });
    this.#bar.stop();
    this.#bar = undefined;
  }

  /** Rows per second since the pass began, as a whole number. */
  rate(now = this.#now()): string {
    const seconds = (now - this.#startedAt) / 1000;
    return seconds > 0 ? String(Math.round(this.#rows / seconds)) : '0';
  }
}
