import { HookMap, type Hook } from 'tapable';
import { didYouMean } from '../util/closestName';
import type { SyncHooks } from './SyncHooks';
import { EVERY_MAPPING } from './SyncStage';

/**
 * Records every key a per-mapping hook family is opened with (`hooks.onBeforeInsert.for('CUSTOMER')`), through
 * tapable's public `HookMap.intercept({ factory })`. Returns a function that lists, for keys naming no mapping,
 * each tapped hook and tap: such taps never fire, so the host reports them at boot.
 */
export function recordMappingKeys(hooks: SyncHooks): (mappingNames: readonly string[]) => string[] {
  const opened: { hook: string; key: string; instance: Hook<any, any> }[] = [];
  for (const [name, family] of Object.entries(hooks)) {
    if (!(family instanceof HookMap)) continue;
    (family as unknown as HookMap<Hook<any, any>>).intercept({
      factory: (key: unknown, instance: Hook<any, any>) => {
        opened.push({ hook: name, key: String(key), instance });
        return instance;
      },
    });
  }
  return (mappingNames) => {
    const problems: string[] = [];
    for (const { hook, key, instance } of opened) {
      if (key === EVERY_MAPPING || mappingNames.includes(key)) continue;
      for (const tap of instance.taps) {
        problems.push(
          `hook ${hook}, tap "${tap.name}": .for("${key}") names no mapping, so it never fires${didYouMean(key, mappingNames)}; use a mapping's name or EVERY_MAPPING`,
        );
      }
    }
    return problems;
  };
}
