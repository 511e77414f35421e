import { isThenable } from '../hooks/guardTaps';

/** Steps that yield what they wait for: a promise, or a value that is there already. */
export type Steps<T> = Generator<unknown, T, unknown>;

/**
 * Runs `steps` synchronously for as long as what they yield is not a promise, and asynchronously from the first
 * promise on: the same code serves a record whose hooks are untapped or answer at once (no promise, no microtask)
 * and one whose taps do wait. Per-record work runs once per record of every page, and each promise it awaits costs
 * (more so once promise hooks are on; see `inTransaction`). A rejection is thrown into the steps at their
 * `yield`, as `await` would; a throw out of the steps throws here (or rejects, once asynchronous).
 */
export function stepwise<T>(steps: Steps<T>): T | Promise<T> {
  let next = steps.next();
  while (!next.done) {
    if (isThenable(next.value)) return continueAsync(steps, next.value);
    next = steps.next(next.value);
  }
  return next.value;
}

async function continueAsync<T>(steps: Steps<T>, first: PromiseLike<unknown>): Promise<T> {
  let waiting = first;
  for (;;) {
    let next: IteratorResult<unknown, T>;
    let value: unknown;
    let rejected: { error: unknown } | undefined;
    try {
      value = await waiting;
    } catch (error) {
      rejected = { error };
    }
    next = rejected ? steps.throw(rejected.error) : steps.next(value);
    while (!next.done && !isThenable(next.value)) next = steps.next(next.value);
    if (next.done) return next.value;
    waiting = next.value as PromiseLike<unknown>;
  }
}

/** `yield* wait(x)`: the value of `x`, waiting only when it is a promise. */
export function* wait<T>(value: T | PromiseLike<T>): Steps<T> {
  return (isThenable(value) ? yield value : value) as T;
}
