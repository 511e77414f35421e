import type { Hook } from 'tapable';
import { HookError } from '../errors/TandemError';
import { markOwnInterceptor, setDirectTap } from './directTaps';

type AnyFn = (...args: unknown[]) => unknown;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * Wraps every tap of a hook so that an error it throws names the hook and the tap. Sync taps stay sync and
 * promise taps stay promises, so bail and waterfall semantics are untouched. The tap's own function is kept too
 * (`directTaps`): `callHooks` calls it without the wrapper's extra promise and wraps the error itself.
 */
export function guardTaps<H extends Hook<any, any>>(hookName: string, hook: H): H {
  hook.intercept(markOwnInterceptor({
    register: (tap) => {
      const fn = tap.fn as AnyFn;
      const wrap = (error: unknown) => (error instanceof HookError ? error : new HookError(hookName, tap.name, error));
      setDirectTap(tap, { fn, wrap });
      if (tap.type === 'promise') {
        // No async wrapper: one `.then` on the tap's own promise (a per-record hook calls this for every record).
        tap.fn = (...args: unknown[]) => {
          let result: unknown;
          try {
            result = fn(...args);
          } catch (error) {
            return Promise.reject(wrap(error));
          }
          return isThenable(result) ? result.then(undefined, (error: unknown) => Promise.reject(wrap(error))) : Promise.resolve(result);
        };
      } else if (tap.type === 'async') {
        tap.fn = (...args: unknown[]) => {
          const callback = args.pop() as (error?: unknown, result?: unknown) => void;
          try {
            fn(...args, (error?: unknown, result?: unknown) => callback(error ? wrap(error) : error, result));
          } catch (error) {
            callback(wrap(error));
          }
        };
      } else {
        tap.fn = (...args: unknown[]) => {
          try {
            return fn(...args);
          } catch (error) {
            throw wrap(error);
          }
        };
      }
      return tap;
    },
  }));
  return hook;
}
