import type { InjectionToken } from '@tandem/core';
import type { AccountView } from './AccountView';

/** The host's account view: `host.container.resolve(ACCOUNT_VIEW)`, or `services.resolve(ACCOUNT_VIEW)` in a dependent plugin's `ready`. */
export const ACCOUNT_VIEW: InjectionToken<AccountView> = Symbol('AccountView');
