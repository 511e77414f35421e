import { HookError } from '@tandem/core';
import type { Hook } from 'tapable';

type AnyFn = (...args: unknown[]) => unknown;

/**
 * Makes an error thrown by a tap a core `HookError` (`TANDEM_HOOK_FAILED`) naming the hook and the tap, as the
 * sync hooks do. Sync and promise taps are supported (the hooks are called with `promise()`).
 */
export function guardTaps<H extends Hook<any, any>>(hookName: string, hook: H): H {
  hook.intercept({
    register: (tap) => {
      const fn = tap.fn as AnyFn;
      const wrap = (error: unknown) => (error instanceof HookError ? error : new HookError(hookName, tap.name, error));
      tap.fn =
        tap.type === 'promise'
          ? async (...args: unknown[]) => {
              try {
                return await fn(...args);
              } catch (error) {
                throw wrap(error);
              }
            }
          : tap.type === 'async'
            ? (...args: unknown[]) => {
                const callback = args.pop() as (error?: unknown) => void;
                try {
                  fn(...args, (error?: unknown) => callback(error ? wrap(error) : error));
                } catch (error) {
                  callback(wrap(error));
                }
              }
            : (...args: unknown[]) => {
                try {
                  return fn(...args);
                } catch (error) {
                  throw wrap(error);
                }
              };
      return tap;
    },
  });
  return hook;
}
