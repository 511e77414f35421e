import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET } from '../src/index';
import { GUID, startTestEmulator, type TestEmulator } from './helpers';

const SECOND_USER = 'e1e1e1e1-0000-4000-8000-000000000002';

describe('service root, WhoAmI and auth', () => {
  let t: TestEmulator;

  beforeAll(async () => {
    t = await startTestEmulator({
      users: [{ userId: SECOND_USER, fullName: 'Sam Seller', clientId: 'sam-app', clientSecret: 'sam-secret' }],
    });
  });
  afterAll(async () => {
    await t.emulator.close();
  });

  it('exposes its base URLs', () => {
    expect(t.emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(t.emulator.apiUrl).toBe(`${t.emulator.url}/api/data/v9.2`);
    expect(t.emulator.tokenUrl).toBe(`${t.emulator.url}/${t.emulator.tenantId}/oauth2/v2.0/token`);
  });

  it('serves the service document with every entity set', async () => {
    const { status, headers, body } = await t.json('');
    expect(status).toBe(200);
    expect(headers.get('odata-version')).toBe('4.0');
    expect(headers.get('content-type')).toBe('application/json; odata.metadata=minimal');
    expect(body['@odata.context']).toBe(`${t.emulator.apiUrl}/$metadata`);
    const names = body.value.map((v: { name: string }) => v.name);
    expect(names).toEqual(expect.arrayContaining(['accounts', 'contacts', 'systemusers', 'salesorders', 'salesorderdetails', 'products']));
    expect(body.value[0]).toEqual({ name: 'accounts', kind: 'EntitySet', url: 'accounts' });
  });

  it('accepts the v9.0 and v9.1 aliases and answers 404 for unknown versions', async () => {
    expect((await t.api(`${t.emulator.url}/api/data/v9.0/WhoAmI`)).status).toBe(200);
    expect((await t.api(`${t.emulator.url}/api/data/v9.1/accounts?$top=1`)).status).toBe(200);
    expect((await t.api(`${t.emulator.url}/api/data/v8.2/WhoAmI`)).status).toBe(404);
  });

  it('answers WhoAmI and WhoAmI() with the integration identity', async () => {
    for (const path of ['WhoAmI', 'WhoAmI()']) {
      const { status, body } = await t.json(path);
      expect(status).toBe(200);
      expect(body).toEqual({
        '@odata.context': `${t.emulator.apiUrl}/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse`,
        BusinessUnitId: expect.stringMatching(GUID),
        UserId: t.emulator.identity.userId,
        OrganizationId: expect.stringMatching(GUID),
      });
    }
    const post = await t.json('WhoAmI', { method: 'POST', body: {} });
    expect(post.status).toBe(404);
  });

  it('seeds the identity and extra users as systemuser rows', async () => {
    const { body } = await t.json(`systemusers(${t.emulator.identity.userId})?$select=fullname,accessmode`);
    expect(body).toMatchObject({ fullname: 'Tandem Integration', accessmode: 4, systemuserid: t.emulator.identity.userId });
    const sam = await t.json(`systemusers(${SECOND_USER})?$select=fullname`);
    expect(sam.body.fullname).toBe('Sam Seller');
  });

  it('rejects API calls without a token, with a bad token and with an expired token (401 + challenge)', async () => {
    const none = await t.json('WhoAmI', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri=.*\/oauth2\/authorize, resource_id=/);
    expect(none.body.error).toEqual({ code: expect.any(String), message: expect.stringContaining('no bearer token') });
    expect((await t.json('accounts', { token: 'not-a-token' })).status).toBe(401);
    const forged = `${t.token.slice(0, -4)}AAAA`;
    expect((await t.json('accounts', { token: forged })).status).toBe(401);
    const expired = t.emulator.issueToken(undefined, -10);
    const answer = await t.json('WhoAmI', { token: expired });
    expect(answer.status).toBe(401);
    expect(answer.body.error.message).toContain('expired');
    expect(t.emulator.stats.unauthorized).toBeGreaterThanOrEqual(4);
  });

  it('issues tokens for client credentials at both token URLs', async () => {
    for (const url of [t.emulator.tokenUrl, `${t.emulator.url}/oauth2/v2.0/token`]) {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: `${t.emulator.url}/.default` }),
      });
      expect(response.status).toBe(200);
      const body = (await response.json()) as { token_type: string; expires_in: number; access_token: string };
      expect(body.token_type).toBe('Bearer');
      expect(body.expires_in).toBeGreaterThan(3000);
      const who = await t.json('WhoAmI', { token: body.access_token });
      expect(who.body.UserId).toBe(t.emulator.identity.userId);
    }
  });

  it('refuses a wrong secret, an unknown client, a wrong grant and a scope without /.default', async () => {
    const post = (form: Record<string, string>): Promise<Response> =>
      fetch(t.emulator.tokenUrl, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
    const base = { grant_type: 'client_credentials', client_id: DEFAULT_CLIENT_ID, client_secret: DEFAULT_CLIENT_SECRET, scope: `${t.emulator.url}/.default` };
    const wrongSecret = await post({ ...base, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(((await wrongSecret.json()) as { error: string }).error).toBe('invalid_client');
    const unknown = await post({ ...base, client_id: 'who' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: string }).error).toBe('unauthorized_client');
    const grant = await post({ ...base, grant_type: 'password' });
    expect(((await grant.json()) as { error: string }).error).toBe('unsupported_grant_type');
    const scope = await post({ ...base, scope: 'user.read' });
    expect(((await scope.json()) as { error: string }).error).toBe('invalid_scope');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const response = await fetch(t.emulator.tokenUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        Authorization: `Basic ${Buffer.from('sam-app:sam-secret').toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: `${t.emulator.url}/.default` }),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    expect((await t.json('WhoAmI', { token })).body.UserId).toBe(SECOND_USER);
  });

  it('stamps writes with the caller: the integration user, a second user, or MSCRMCallerID impersonation', async () => {
    const created = await t.api('accounts', { body: { name: 'Stamped' } });
    const url = created.headers.get('odata-entityid')!;
    const id = /\(([^)]+)\)/.exec(url)![1];
    let row = (await t.json(`accounts(${id})?$select=_createdby_value,_modifiedby_value,_ownerid_value`)).body;
    expect(row).toMatchObject({
      _createdby_value: t.emulator.identity.userId,
      _modifiedby_value: t.emulator.identity.userId,
      _ownerid_value: t.emulator.identity.userId,
    });
    const samToken = t.emulator.issueToken(SECOND_USER);
    expect((await t.api(`accounts(${id})`, { method: 'PATCH', body: { name: 'Changed by Sam' }, token: samToken })).status).toBe(204);
    row = (await t.json(`accounts(${id})?$select=_createdby_value,_modifiedby_value`)).body;
    expect(row._modifiedby_value).toBe(SECOND_USER);
    expect(row._createdby_value).toBe(t.emulator.identity.userId);
    await t.api(`accounts(${id})`, { method: 'PATCH', body: { name: 'Back' }, headers: { MSCRMCallerID: SECOND_USER.toUpperCase() } });
    expect((await t.json(`accounts(${id})?$select=_modifiedby_value`)).body._modifiedby_value).toBe(SECOND_USER);
    await t.emulator.addUser({ userId: 'f2f2f2f2-0000-4000-8000-000000000003', fullName: 'Late Comer' });
    expect((await t.json(`systemusers(f2f2f2f2-0000-4000-8000-000000000003)?$select=fullname`)).body.fullname).toBe('Late Comer');
  });

  it('answers an unknown entity set with 404 0x8006088a', async () => {
    const { status, body } = await t.json('Account');
    expect(status).toBe(404);
    expect(body).toEqual({ error: { code: '0x8006088a', message: "Resource not found for the segment 'Account'." } });
  });

  it('serves the CSDL $metadata document', async () => {
    const response = await t.api('$metadata');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/xml');
    const xml = await response.text();
    expect(xml).toContain('<edmx:Edmx Version="4.0"');
    expect(xml).toContain('<EntityType Name="account" BaseType="mscrm.crmbaseentity">');
    expect(xml).toContain('<Key><PropertyRef Name="accountid" /></Key>');
    expect(xml).toContain('<Property Name="_primarycontactid_value" Type="Edm.Guid" />');
    expect(xml).toMatch(/<NavigationProperty Name="primarycontactid" Type="mscrm.contact"[^>]*>\s*<ReferentialConstraint Property="_primarycontactid_value" ReferencedProperty="contactid" \/>/);
    expect(xml).toContain('<NavigationProperty Name="customerid_account" Type="mscrm.account"');
    expect(xml).toContain('<EntityType Name="systemuser" BaseType="mscrm.principal">');
    expect(xml).toContain('<EntitySet Name="accounts" EntityType="Microsoft.Dynamics.CRM.account">');
    expect(xml).toContain('<FunctionImport Name="WhoAmI"');
    const annotated = await (await t.api('$metadata?annotations=true')).text();
    expect(annotated).toContain('Org.OData.Core.V1.Computed');
  });
});
