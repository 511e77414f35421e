import { describe, expect, it } from 'vitest';
import { callBail, callSeries, callWaterfall, createSyncHooks, EVERY_MAPPING, HookError, isTapped, type FieldContext, type RecordContext } from '../src/index';

// How the engine calls per-mapping hooks (`callHooks`): taps are called directly, with `guardTaps`' and
// `bailAnswers`' work done by the caller, and a promise appears only when a tap returns one.
const context = {} as RecordContext;
const fieldContext = {} as FieldContext;

describe('calling per-mapping hooks', () => {
  it('answers without a promise when no tap waits, and waits only for taps that return one', async () => {
    const hooks = createSyncHooks();
    const order: string[] = [];
    expect(callSeries(hooks.onBeforeTransform, 'M', context as never)).toBeUndefined();
    hooks.onUnchanged.for('M').tap('Sync', () => void order.push('sync'));
    expect(callSeries(hooks.onUnchanged, 'M', context)).toBeUndefined();
    expect(order).toEqual(['sync']);

    hooks.onUnchanged.for(EVERY_MAPPING).tapPromise({ name: 'Late', stage: 10 }, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      order.push('late');
    });
    hooks.onUnchanged.for('M').tap({ name: 'Last', stage: 20 }, () => void order.push('last'));
    const done = callSeries(hooks.onUnchanged, 'M', context);
    expect(done).toBeInstanceOf(Promise);
    expect(order).toEqual(['sync', 'sync']);
    await done;
    expect(order).toEqual(['sync', 'sync', 'late', 'last']);

    // A promise tap that has nothing to wait for may return its value as it is.
    hooks.onTransferField.for('M').tapPromise('Plain', ((value: unknown) => `${String(value)}!`) as never);
    expect(callWaterfall(hooks.onTransferField, 'M', 'a', fieldContext)).toBe('a!');
  });

  it('keeps the hook semantics: bail filters, waterfall undefined, a sync tap returning a promise in a series', async () => {
    const hooks = createSyncHooks();
    hooks.onQueryPostFilter.for('M').tap('No', () => false);
    hooks.onQueryPostFilter.for('M').tapPromise('Yes', async () => true);
    expect(await callBail(hooks.onQueryPostFilter, 'M', context)).toBe(true);
    hooks.onFindUncoupled.for('M').tapPromise('Null', async () => null as never);
    expect(await callBail(hooks.onFindUncoupled, 'M', context)).toBeUndefined();

    hooks.onTransferField.for('M').tapPromise('Keep', async () => undefined);
    hooks.onTransferField.for('M').tap('Upper', (value) => String(value).toUpperCase());
    expect(await callWaterfall(hooks.onTransferField, 'M', 'x', fieldContext)).toBe('X');

    let settled = false;
    hooks.onAfterCommit.for('M').tap('Ignored', () => new Promise((resolve) => setTimeout(() => resolve((settled = true)), 20)) as never);
    await callSeries(hooks.onAfterCommit, 'M', {} as never);
    expect(settled).toBe(false); // tapable does not wait for what a sync tap returns
  });

  it('wraps what a tap throws or rejects with in a HookError naming the hook and the tap', async () => {
    const hooks = createSyncHooks();
    hooks.onBeforeInsert.for('M').tap('Thrower', () => {
      throw new Error('sync boom');
    });
    expect(() => callSeries(hooks.onBeforeInsert, 'M', {} as never)).toThrow(HookError);
    hooks.onAfterInsert.for('M').tapPromise('Rejecter', async () => {
      throw new Error('async boom');
    });
    const error = await Promise.resolve(callSeries(hooks.onAfterInsert, 'M', {} as never)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HookError);
    expect((error as HookError).message).toContain('onAfterInsert');
    expect((error as HookError).message).toContain('Rejecter');
    expect((error as HookError).message).toContain('async boom');
  });

  it('calls a hook with interceptors of its own through tapable, so they run', async () => {
    const hooks = createSyncHooks();
    const calls: string[] = [];
    const hook = hooks.onBeforeModify.for('M');
    hook.intercept({ call: () => void calls.push('interceptor') });
    hook.tap('Tap', () => void calls.push('tap'));
    const done = callSeries(hooks.onBeforeModify, 'M', {} as never);
    expect(done).toBeInstanceOf(Promise);
    await done;
    expect(calls).toEqual(['interceptor', 'tap']);
    expect(isTapped(hooks.onBeforeModify, 'M')).toBe(true);
    expect(isTapped(hooks.onBeforeModify, 'N')).toBe(false);
  });

  it('callWaterfall leaves out the onTransferField taps whose fields leave the context\'s field out', () => {
    const hooks = createSyncHooks();
    hooks.onTransferField.for('M').tap({ name: 'Name', fields: ['name'] }, (value) => `${String(value)}:name`);
    hooks.onTransferField.for(EVERY_MAPPING).tap({ name: 'City', fields: ({ field }) => field.business === 'city' }, (value) => `${String(value)}:city`);
    const field = (business: string) => ({ mapping: { name: 'M' }, direction: 'toIntegration', field: { business }, destinationField: business }) as FieldContext;
    expect(callWaterfall(hooks.onTransferField, 'M', 'v', field('name'))).toBe('v:name');
    expect(callWaterfall(hooks.onTransferField, 'M', 'v', field('city'))).toBe('v:city');
    expect(callWaterfall(hooks.onTransferField, 'M', 'v', field('phone'))).toBe('v');
  });
});
