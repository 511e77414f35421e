import type { DataverseClient } from '@tandem/dataverse';

const CITIES = ['Atlanta', 'Boston', 'Chicago', 'Denver', 'Seattle', 'Miami', 'Dallas', 'Portland'];

/** The body of a customer-shaped CRM account (12 mapped fields), number `i`. */
export function accountBody(i: number): Record<string, unknown> {
  const no = String(i).padStart(7, '0');
  return {
    name: `Bench Account ${no}`,
    customertypecode: 3,
    address1_primarycontactname: `Contact ${no}`,
    address1_line1: `${(i % 200) + 1} Main Street`,
    address1_line2: `Suite ${i % 50}`,
    address1_postalcode: String(10000 + (i % 89999)),
    address1_city: CITIES[i % CITIES.length],
    address1_country: 'US',
    address1_stateorprovince: 'GA',
    emailaddress1: `info${no}@example.com`,
    fax: `+1 555 ${no}`,
    websiteurl: `https://www.example.com/${no}`,
    telephone1: `+1 404 ${no}`,
  };
}

/** Creates `count` accounts in `$batch` requests of 1 000 creates (the setup of scenario 2, not timed). */
export async function createAccounts(client: DataverseClient, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const items = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) items.push({ method: 'POST' as const, url: 'accounts', body: accountBody(i) });
    const results = await client.batch(items);
    const failed = results.find((r) => !r.ok);
    if (failed) throw new Error(`creating accounts failed: ${failed.status} ${failed.bodyText.slice(0, 300)}`);
  }
}
