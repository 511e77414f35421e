/**
 * Test-only helpers of the sales-order plugin (`@tandem/plugin-sales-order/testing`), for the tests of this plugin and
 * of the plugins built on it (sales-quote): the ERP and CRM worlds the tests sell in and CRM writes that fail the test
 * when refused. They need the dev dependency `@tandem/testing`; nothing at run time imports them.
 */
export * from './crmWrites';
export * from './salesWorld';
