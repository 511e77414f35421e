import { SecretScrubber } from './logging/SecretScrubber';

/** Where commands print: results to stdout, messages to stderr, both scrubbed of the environment's secrets. */
export class Output {
  readonly scrubber: SecretScrubber;
  readonly #out: (text: string) => void;
  readonly #err: (text: string) => void;

  constructor(
    scrubber = new SecretScrubber(),
    out = (text: string) => void process.stdout.write(text),
    err = (text: string) => void process.stderr.write(text),
  ) {
    this.scrubber = scrubber;
    this.#out = out;
    this.#err = err;
  }

  line(text = ''): void {
    this.#out(this.scrubber.scrub(`${text}\n`));
  }

  json(value: unknown): void {
    this.line(JSON.stringify(value, null, 2));
  }

  error(text: string): void {
    this.#err(this.scrubber.scrub(text.endsWith('\n') ? text : `${text}\n`));
  }
}

/** Rows as aligned columns under a header. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => (row[i] ?? '').length)));
  const format = (row: readonly string[]) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ');
  return [format(header), ...rows.map(format)].join('\n');
}
