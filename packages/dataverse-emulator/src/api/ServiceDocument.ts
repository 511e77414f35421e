import type { EntityCatalog } from '../metadata/EntityModel';
import { apiRoot, jsonResponse, type ApiRequest, type ApiResponse } from '../server/ApiMessages';

/** `GET /api/data/v9.2/`: the entity sets the emulator serves, plus the metadata entity sets. */
export function serviceDocument(request: ApiRequest, catalog: EntityCatalog): ApiResponse {
  const sets = catalog.models.map((model) => ({ name: model.entitySetName, kind: 'EntitySet', url: model.entitySetName }));
  sets.push({ name: 'EntityDefinitions', kind: 'EntitySet', url: 'EntityDefinitions' });
  sets.push({ name: 'GlobalOptionSetDefinitions', kind: 'EntitySet', url: 'GlobalOptionSetDefinitions' });
  sets.push({ name: 'WhoAmI', kind: 'FunctionImport', url: 'WhoAmI' });
  return jsonResponse(200, { '@odata.context': `${apiRoot(request)}/$metadata`, value: sets });
}
