import type { TestPair } from './startTestPair';

/** The integration id coupled to a business record of a mapping; throws when it is not coupled. */
export async function integrationIdOf(pair: TestPair, mapping: string, businessId: string): Promise<string> {
  const coupling = await pair.host.state.findCoupling(mapping, 'business', businessId);
  if (!coupling?.integrationId) throw new Error(`${mapping} ${businessId} is not coupled`);
  return coupling.integrationId;
}

/** The business id coupled to an integration record of a mapping, or null. */
export async function businessIdOf(pair: TestPair, mapping: string, integrationId: string): Promise<string | null> {
  return (await pair.host.state.findCoupling(mapping, 'integration', integrationId))?.businessId ?? null;
}
