// Progress: a cli-progress bar with rows per second on a terminal, plain lines otherwise; and the sync command's
// plain output (job lines, progress lines on the progress stream, the summary table) against a real host.
import { afterAll, describe, expect, it } from 'vitest';
import { ProgressReporter, type ProgressStream } from '../src/commands/ProgressReporter';
import { syncCommand } from '../src/commands/syncCommand';
import { bootCommandHost, capture, type CommandHost } from './commandHost';

function fakeStream(isTTY: boolean): ProgressStream & { text: string } {
  const stream = { isTTY, columns: 120, text: '', write: (chunk: string) => ((stream.text += chunk), true) };
  return stream;
}

function clock(): { now: () => number; at(ms: number): void } {
  let time = 1_000_000;
  return { now: () => time, at: (ms) => void (time = 1_000_000 + ms) };
}

describe('ProgressReporter on a terminal', () => {
  it('draws a bar with a percentage and rows per second when the total is known', () => {
    const stream = fakeStream(true);
    const time = clock();
    const progress = new ProgressReporter(stream, { now: time.now });
    progress.start('CUSTOMER toIntegration', 1000);
    time.at(1000);
    progress.advance(500);
    time.at(2000);
    progress.advance(500);
    progress.finish();
    expect(stream.text).toContain('\x1B[?25l'); // the cursor is hidden while the bar draws: terminal mode
    expect(stream.text).toMatch(/CUSTOMER toIntegration \[[█░]{24}\] 100% \| 1000\/1000 rows \| 500 rows\/s/);
  });

  it('shows rows and rows per second without a bar when the total is not known', () => {
    const stream = fakeStream(true);
    const time = clock();
    const progress = new ProgressReporter(stream, { now: time.now });
    progress.start('CUSTOMER fromIntegration');
    time.at(2000);
    progress.advance(42);
    progress.finish();
    expect(stream.text).toContain('CUSTOMER fromIntegration | 42 rows | 21 rows/s');
  });
});

describe('ProgressReporter without a terminal', () => {
  it('writes a plain line at most every plainEveryMs, no escape codes, nothing for a short pass', () => {
    const stream = fakeStream(false);
    const time = clock();
    const progress = new ProgressReporter(stream, { now: time.now, plainEveryMs: 2000 });
    progress.start('ITEM-PRODUCT toIntegration', 5000);
    time.at(1000);
    progress.advance(100);
    expect(stream.text).toBe('');
    time.at(2500);
    progress.advance(100);
    time.at(3000);
    progress.advance(100);
    time.at(5000);
    progress.advance(200);
    progress.finish();
    expect(stream.text).toBe('ITEM-PRODUCT toIntegration: 200 rows, 80 rows/s\nITEM-PRODUCT toIntegration: 500 rows, 100 rows/s\n');
  });
});

describe('tandem sync output without a terminal', () => {
  let ctx: CommandHost | undefined;
  afterAll(async () => ctx?.close());

  it('prints one line per job and a summary table; progress lines go to the progress stream', async () => {
    ctx = await bootCommandHost();
    const out = capture();
    const stream = fakeStream(false);
    const code = await syncCommand(ctx.host, ['CURRENCY', 'CUSTOMER'], { full: true }, out.output, new ProgressReporter(stream, { plainEveryMs: 0 }));
    expect(code).toBe(0);
    const lines = out.text().trim().split('\n');
    expect(lines[0]).toMatch(/^CURRENCY +toIntegration +7 inserted.* in \d+\.\d s$/);
    expect(lines[1]).toMatch(/^CUSTOMER +toIntegration +4 inserted in \d+\.\d s$/);
    expect(lines[2]).toMatch(/^CUSTOMER +fromIntegration +/);
    expect(lines[3]).toBe('');
    expect(lines[4]).toMatch(/^MAPPING +DIRECTION +INSERTED +MODIFIED +COUPLED +UNCHANGED +SKIPPED +FAILED +TIME +ROWS\/S$/);
    expect(lines[5]).toMatch(/^CURRENCY +toIntegration +7 +0 +\d+ +\d+ +0 +0 +\d+\.\d s +(\d+|-)$/);
    expect(lines[6]).toMatch(/^CUSTOMER +toIntegration +4 +0 +0 +0 +0 +0 +\d+\.\d s +(\d+|-)$/);
    expect(lines.at(-1)).toMatch(/^3 job\(s\): 11 inserted, .* 0 failed$/);
    expect(stream.text).toMatch(/^CURRENCY toIntegration: \d+ rows, \d+ rows\/s$/m);
    expect(stream.text).toMatch(/^CUSTOMER toIntegration: 4 rows, \d+ rows\/s$/m);
    expect(stream.text).not.toContain('\x1B');
  }, 120_000);
});
