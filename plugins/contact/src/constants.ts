/** The plugin's name (also its tap name). Other plugins list it in `dependsOn`. */
export const PLUGIN_NAME = 'ContactPlugin';

/** The mapping Contact ↔ CRM contact (BC's CONTACT). */
export const CONTACT = 'CONTACT';

/** contact.statecode 0 = Active. */
export const CRM_CONTACT_ACTIVE = 0;

/** The ERP contact type this mapping carries (BC's table filter Type = Person, and the constant Type ← 'Person'). */
export const PERSON = 'Person';
