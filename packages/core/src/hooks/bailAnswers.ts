import type { Hook } from 'tapable';
import { markOwnInterceptor, setAnswer } from './directTaps';
import { isThenable } from './guardTaps';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * A Bail hook stops at the first tap that returns anything but `undefined`. For hooks whose taps answer a yes/no or
 * find-something question, a tap's `false` or `null` means "not me", not "stop asking": this turns every return
 * value that `isAnswer` rejects into `undefined`, so the next tap (perhaps another plugin's) still gets its say.
 */
export function bailAnswers<H extends Hook<any, any>>(hook: H, isAnswer: (value: unknown) => boolean): H {
  const answer = (value: unknown) => (isAnswer(value) ? value : undefined);
  hook.intercept(markOwnInterceptor({
    register: (tap) => {
      const fn = tap.fn as AnyFn;
      setAnswer(tap, answer);
      if (tap.type === 'promise') {
        // No async wrapper: one `.then` on the tap's own promise.
        tap.fn = (...args: unknown[]) => {
          const result = fn(...args);
          return isThenable(result) ? result.then(answer) : Promise.resolve(answer(result));
        };
      } else if (tap.type === 'async') {
        tap.fn = (...args: unknown[]) => {
          const callback = args.pop() as (error?: unknown, result?: unknown) => void;
          fn(...args, (error?: unknown, result?: unknown) => (error ? callback(error) : callback(undefined, answer(result))));
        };
      } else {
        tap.fn = (...args: unknown[]) => answer(fn(...args));
      }
      return tap;
    },
  }));
  return hook;
}
