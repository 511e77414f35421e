/**
 * Answers computed once per text (a `Prefer` header, a short query string, a column list), for the parts of a
 * `$batch` that repeat them. Bounded: when full it starts over, so texts that never repeat cost a map entry each, no
 * more. Answers are shared: callers never change them.
 */
export class TextCache<V> {
  private readonly answers = new Map<string, V>();

  constructor(private readonly capacity = 256) {}

  /** The answer computed for `text` earlier, if any (for callers whose computation needs more than the text). */
  peek(text: string): V | undefined {
    return this.answers.get(text);
  }

  /** Remembers an answer for `text`. */
  set(text: string, answer: V): void {
    if (this.answers.size >= this.capacity) this.answers.clear();
    this.answers.set(text, answer);
  }

  get(text: string, compute: (text: string) => V): V {
    let answer = this.answers.get(text);
    if (answer === undefined) {
      answer = compute(text);
      if (this.answers.size >= this.capacity) this.answers.clear();
      this.answers.set(text, answer);
    }
    return answer;
  }
}
