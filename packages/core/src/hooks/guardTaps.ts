import type { Hook } from 'tapable';
import { HookError } from '../errors/TandemError';
import { markOwnInterceptor, setDirectTap, type Tap } from './directTaps';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Per tap, when it is tapped: a test of a call's arguments that says the tap is not to be called (it returns its first
 * argument, a waterfall's value, unchanged), or `undefined` when it always is. May throw to refuse the tap.
 */
export type SkipTest = (tap: Tap) => ((args: unknown[]) => boolean) | undefined;

export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null | undefined)?.then === 'function';
}

/**
 * Wraps every tap of a hook so that an error it throws names the hook and the tap. Sync taps stay sync and
 * promise taps stay promises, so bail and waterfall semantics are untouched. The tap's own function is kept too
 * (`directTaps`): `callHooks` calls it without the wrapper's extra promise and wraps the error itself.
 * With `skipTest` (`onTransferField`'s `fields` option), a call the tap does not listen to is not passed on: called
 * through tapable (`hook.promise`) a tap is skipped exactly as `callHooks`' plans leave it out.
 */
export function guardTaps<H extends Hook<any, any>>(hookName: string, hook: H, skipTest?: SkipTest): H {
  hook.intercept(markOwnInterceptor({
    register: (tap) => {
      const skips = skipTest?.(tap);
      const own = tap.fn as AnyFn;
      const fn = skips ? skipping(own, tap.type, skips) : own;
      const wrap = (error: unknown) => (error instanceof HookError ? error : new HookError(hookName, tap.name, error));
      setDirectTap(tap, { fn: own, wrap });
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

/** A tap's function that returns its first argument, as the tap's type returns a value, for a call it skips. */
function skipping(fn: AnyFn, type: string, skips: (args: unknown[]) => boolean): AnyFn {
  if (type === 'async') {
    return (...args: unknown[]) => {
      const callback = args[args.length - 1] as (error?: unknown, result?: unknown) => void;
      return skips(args) ? callback(undefined, args[0]) : fn(...args);
    };
  }
  if (type === 'promise') return (...args: unknown[]) => (skips(args) ? Promise.resolve(args[0]) : fn(...args));
  return (...args: unknown[]) => (skips(args) ? args[0] : fn(...args));
}
