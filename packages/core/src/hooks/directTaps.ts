import type { Hook } from 'tapable';

type AnyFn = (...args: unknown[]) => unknown;
/** A registered tap as `hook.taps` lists it. */
export type Tap = Hook<any, any>['taps'][number];

/** A tap as its plugin wrote it, with what Tandem's own `register` interceptors add around it. */
export interface DirectTap {
  /** The tap's own function, before `guardTaps` wrapped it. */
  fn: AnyFn;
  /** Turns what the tap throws (or its promise rejects with) into the `HookError` `guardTaps` would give. */
  wrap(error: unknown): unknown;
  /** `bailAnswers`: a return value that is not an answer becomes `undefined`. */
  answer?: (value: unknown) => unknown;
}

/**
 * Marks the `register` interceptors of `guardTaps` and `bailAnswers`: the only ones calling a tap directly may skip.
 * A property, not object identity: tapable keeps a copy of each interceptor (`Object.assign`), which keeps it.
 */
const OWN_INTERCEPTOR = Symbol('tandem.ownInterceptor');
const directTaps = new WeakMap<object, DirectTap>();

export function markOwnInterceptor<I extends object>(interceptor: I): I {
  return Object.assign(interceptor, { [OWN_INTERCEPTOR]: true });
}

export function setDirectTap(tap: Tap, direct: DirectTap): void {
  directTaps.set(tap, direct);
}

export function setAnswer(tap: Tap, answer: (value: unknown) => unknown): void {
  const direct = directTaps.get(tap);
  if (direct) direct.answer = answer;
}

/**
 * The tap's own function and what the interceptors add, when a caller may call it directly: every interceptor of
 * the hook is one of Tandem's own `register` interceptors (no `call`/`tap` interceptor would be skipped) and the tap
 * was registered through them. `undefined` otherwise: the caller goes through tapable.
 */
export function directTapsOf(hook: Hook<any, any>): (DirectTap | undefined)[] | undefined {
  for (const interceptor of hook.interceptors) if (!(interceptor as { [OWN_INTERCEPTOR]?: boolean })[OWN_INTERCEPTOR]) return undefined;
  const direct = hook.taps.map((tap) => (tap.type === 'async' ? undefined : directTaps.get(tap)));
  return direct;
}
