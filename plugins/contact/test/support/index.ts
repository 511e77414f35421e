/**
 * Test-only helpers of the contact plugin (`@tandem/plugin-contact/testing`), for the tests of this plugin and of the
 * plugins built on contacts (opportunity, …). They need the dev dependency `@tandem/testing`; nothing at run time
 * imports them.
 */
export * from './contactErp';
export * from './contactPair';
export * from './contactCrm';
