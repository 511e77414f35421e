/** The plugin's name (also its tap name). Other plugins list it in `dependsOn`. */
export const PLUGIN_NAME = 'SalespersonUserPlugin';

/** The mapping Salesperson/Purchaser ← CRM systemuser (BC's SALESPEOPLE). */
export const SALESPEOPLE = 'SALESPEOPLE';

/** The number series the plugin creates (when missing) for salespeople made from CRM users. */
export const DEFAULT_SALESPERSON_NO_SERIES = 'SP-CRM';

/** The first code of that series: BC gives new salespeople from Dataverse users 'SP NO. 00001', 'SP NO. 00002', … */
export const DEFAULT_SALESPERSON_STARTING_NO = 'SP NO. 00001';
