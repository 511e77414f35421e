import { SyncStage, isEmpty, type SyncHooks } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';

/**
 * Template values fill the fields the source leaves blank. Core lets every mapped value win over the template, an
 * empty one too; for CUSTOMER that would throw away BCICUST's payment terms whenever the account has none. BC applies
 * the template over the new row; here a mapped value that is not blank still wins, so nothing the user typed is lost.
 */
export function templateFillsBlanks(hooks: SyncHooks): void {
  hooks.onAfterApplyTemplate.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, (context) => {
    // `for … in` over own keys, not `Object.entries`: no array of pairs per new row.
    const values = context.template?.values;
    if (!values) return;
    for (const field in values) {
      if (Object.hasOwn(values, field) && isEmpty(context.values[field])) context.values[field] = values[field];
    }
  });
}
