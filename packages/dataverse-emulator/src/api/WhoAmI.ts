import { apiRoot, jsonResponse, type ApiRequest, type ApiResponse } from '../server/ApiMessages';
import type { EmulatorContext } from '../server/EmulatorContext';

/** `GET WhoAmI` / `WhoAmI()`: the caller's systemuserid, business unit and organization. */
export function whoAmI(request: ApiRequest, context: EmulatorContext): ApiResponse {
  return jsonResponse(200, {
    '@odata.context': `${apiRoot(request)}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
    BusinessUnitId: context.businessUnitId,
    UserId: request.caller.userId,
    OrganizationId: context.organizationId,
  });
}
