export * from './DataverseStore';
// The engine proposes create ids with core's deterministicId; re-exported here for callers of the store.
export { deterministicId } from '@tandem/core';
export * from './rowMapping';
export * from './changeCursor';
