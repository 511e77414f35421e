import type { Hook } from 'tapable';
import { HookError } from '../errors/TandemError';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Wraps every tap of a hook so that an error it throws names the hook and the tap. Sync taps stay sync and
 * promise taps stay promises, so bail and waterfall semantics are untouched.
 */
export function guardTaps<H extends Hook<any, any>>(hookName: string, hook: H): H {
  hook.intercept({
    register: (tap) => {
      const fn = tap.fn as AnyFn;
      const wrap = (error: unknown) => (error instanceof HookError ? error : new HookError(hookName, tap.name, error));
      if (tap.type === 'promise') {
        tap.fn = async (...args: unknown[]) => {
          try {
            return await fn(...args);
          } catch (error) {
            throw wrap(error);
          }
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
  });
  return hook;
}
