/**
 * For `tapPromise`: a tap that has something to wait for only now and then (a lookup once per job, one direction of
 * a bidirectional mapping) may return its value directly the rest of the time. Tandem's engine waits only for
 * promises, so such a call costs no promise and no microtask — per-record hooks run for every record of every
 * page. Called through tapable (`hook.promise`), `guardTaps` turns a plain value into a resolved promise, so the tap
 * behaves the same either way.
 *
 * ```ts
 * hooks.onTransferField.for('CUSTOMER').tapPromise(PLUGIN_NAME, maybeAsync((value, ctx) =>
 *   ctx.destinationField !== 'ownerid' ? value : lookUpOwner(value)));
 * ```
 */
export function maybeAsync<A extends unknown[], R>(fn: (...args: A) => R | Promise<R>): (...args: A) => Promise<R> {
  return fn as (...args: A) => Promise<R>;
}
