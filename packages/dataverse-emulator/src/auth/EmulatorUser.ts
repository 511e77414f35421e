/** A Dataverse user the emulator knows: a `systemuser` row, and the identity a token maps to. */
export interface EmulatorUser {
  /** `systemuserid`; what `WhoAmI` returns as `UserId` and what writes stamp into `_modifiedby_value`. */
  userId: string;
  fullName?: string;
  /** Client credentials that get a token for this user at the token endpoint (optional). */
  clientId?: string;
  clientSecret?: string;
  /** `4` (Non-interactive) for application users, `0` (Read-Write) for people. */
  accessMode?: number;
  /** `applicationid`: set on application users (the integration identity gets `DEFAULT_APPLICATION_ID`). */
  applicationId?: string;
  /** `islicensed`; default true for people, false for the integration identity. */
  isLicensed?: boolean;
  /** `isdisabled` (read-only through the Web API, so set here); default false. */
  isDisabled?: boolean;
  /** `internalemailaddress`. */
  email?: string;
}

export const DEFAULT_CLIENT_ID = 'tandem-local';
export const DEFAULT_CLIENT_SECRET = 'tandem-local-secret';
/** The integration (application) user tokens map to unless `identity` says otherwise. */
export const DEFAULT_USER_ID = 'a0a0a0a0-0000-4000-8000-000000000001';
export const DEFAULT_USER_NAME = 'Tandem Integration';
/** `applicationid` of the integration identity (the Entra ID app registration it stands for). */
export const DEFAULT_APPLICATION_ID = 'a1a1a1a1-0000-4000-8000-000000000001';
export const DEFAULT_BUSINESS_UNIT_ID = 'b0b0b0b0-0000-4000-8000-000000000001';
export const DEFAULT_ORGANIZATION_ID = 'c0c0c0c0-0000-4000-8000-000000000001';
export const DEFAULT_TENANT_ID = 'd0d0d0d0-0000-4000-8000-000000000001';
/** `transactioncurrencyid` of the seeded base currency. */
export const DEFAULT_BASE_CURRENCY_ID = 'e0e0e0e0-0000-4000-8000-000000000001';
