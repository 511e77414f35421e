import { isChangeSet, operationCount, type BatchItem } from './BatchRequest';

/**
 * Packs items into batches of at most `max` operations, keeping their order; a change set larger than `max` is split
 * into several change sets.
 */
export function chunkBatchItems(items: readonly BatchItem[], max: number): BatchItem[][] {
  const chunks: BatchItem[][] = [];
  let current: BatchItem[] = [];
  let count = 0;
  const flush = () => {
    if (current.length > 0) chunks.push(current);
    current = [];
    count = 0;
  };
  const add = (piece: BatchItem) => {
    const size = operationCount(piece);
    if (size === 0) return;
    if (count + size > max) flush();
    current.push(piece);
    count += size;
  };
  for (const item of items) {
    if (isChangeSet(item) && item.changeSet.length > max) {
      for (let i = 0; i < item.changeSet.length; i += max) add({ changeSet: item.changeSet.slice(i, i + max) });
    } else {
      // Added as it is: no array of pieces per item (this runs for every operation written).
      add(item);
    }
  }
  flush();
  return chunks;
}
