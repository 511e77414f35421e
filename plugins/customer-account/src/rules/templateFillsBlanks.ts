import { SyncStage, isEmpty, type SyncHooks } from '@tandem/core';
import { CUSTOMER, PLUGIN_NAME } from '../constants';

/**
 * Template values fill the fields the source leaves blank. Core lets every mapped value win over the template, an
 * empty one too; for CUSTOMER that would throw away BCICUST's payment terms whenever the account has none. BC applies
 * the template over the new row; here a mapped value that is not blank still wins, so nothing the user typed is lost.
 */
export function templateFillsBlanks(hooks: SyncHooks): void {
  hooks.onAfterApplyTemplate.for(CUSTOMER).tap({ name: PLUGIN_NAME, stage: SyncStage.DEFAULT }, (context) => {
    for (const [field, value] of Object.entries(context.template?.values ?? {})) {
      if (isEmpty(context.values[field])) context.values[field] = value;
    }
  });
}
