import { isPlainString, tokenOf } from './textMergeBase';

/**
 * The distinct values of a page of merge bases being written (`StoredMergeBases.encode`), numbered in the order met,
 * with how many of the page's bases hold each. Held in parallel arrays and known by number: no object per value, and
 * the page's list of values met is a list of numbers (tens of thousands of objects listed in arrays that outgrow the
 * young generation cost an allocation and a write barrier each).
 */
export class PageValues {
  /** A string by the value itself (its hash is kept by the string: no token made and hashed), anything else by its token. */
  readonly #byString = new Map<string, number>();
  readonly #byToken = new Map<string, number>();
  /** How many values are numbered. */
  size = 0;
  /**
   * What the text holds for each value: its token, or its reference once shared; undefined for a plain string
   * (`isPlainString`: its token, made only when needed, is `STRING_LEAD` and the string) — see `plain`.
   */
  readonly written: (string | undefined)[] = [];
  /** Each value as it is when a plain string, else undefined. */
  readonly plain: (string | undefined)[] = [];
  /** Each value's token length. */
  lengths = new Int32Array(1024);
  /** How many of the page's bases hold each value. */
  counts = new Int32Array(1024);

  /** The number of `value`, counted once more. */
  use(value: unknown): number {
    if (typeof value === 'string') {
      const known = this.#byString.get(value);
      if (known !== undefined) {
        this.counts[known]!++;
        return known;
      }
      const added = isPlainString(value) ? this.#add(undefined, value, value.length + 1) : this.#addToken(tokenOf(value));
      this.#byString.set(value, added);
      return added;
    }
    const token = tokenOf(value);
    const known = this.#byToken.get(token);
    if (known !== undefined) {
      this.counts[known]!++;
      return known;
    }
    const added = this.#addToken(token);
    this.#byToken.set(token, added);
    return added;
  }

  /** A value counted once more, by its number. */
  again(number: number): void {
    this.counts[number]!++;
  }

  #addToken(token: string): number {
    return this.#add(token, undefined, token.length);
  }

  #add(written: string | undefined, plain: string | undefined, length: number): number {
    const number = this.size++;
    if (number === this.counts.length) {
      this.counts = grown(this.counts);
      this.lengths = grown(this.lengths);
    }
    this.written.push(written);
    this.plain.push(plain);
    this.lengths[number] = length;
    this.counts[number] = 1;
    return number;
  }
}

/** `array` in one twice as long. */
export function grown(array: Int32Array): Int32Array<ArrayBuffer> {
  const bigger = new Int32Array(2 * array.length);
  bigger.set(array);
  return bigger;
}
