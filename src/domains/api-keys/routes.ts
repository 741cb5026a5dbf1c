/** API key management within an organization. */
import { createRouter, idParam, json, jsonBody, mintsSecret, OrgParams, pageOf, PageQuery, tenantRoute } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { createApiKey, getApiKey, listApiKeys, revokeApiKey } from './api-keys';
import { ApiKeySchema, CreateApiKeySchema, CreatedApiKeySchema } from './schemas';

const ApiKeyParams = OrgParams.extend({ apiKeyId: idParam('key', 'API key id') });
const tags = ['API keys'];

export const apiKeyRoutes = createRouter()
  .openapi(
    tenantRoute('api_keys.read', {
      method: 'get',
      path: '/orgs/{orgId}/api-keys',
      tags,
      summary: 'List API keys (prefixes, never secrets)',
      request: { params: OrgParams, query: PageQuery },
      responses: { 200: json(pageOf(ApiKeySchema), 'A page of keys') },
    }),
    async (c) => c.json(await listApiKeys({ ctx: tenantContext(c), input: c.req.valid('query') }), 200),
  )
  .openapi(
    mintsSecret(tenantRoute('api_keys.manage', {
      method: 'post',
      path: '/orgs/{orgId}/api-keys',
      tags,
      summary: 'Create an API key; the secret is in this response only',
      request: { params: OrgParams, body: jsonBody(CreateApiKeySchema) },
      responses: { 201: json(CreatedApiKeySchema, 'Created') },
    })),
    async (c) => c.json(await createApiKey({ ctx: tenantContext(c), input: c.req.valid('json') }), 201),
  )
  .openapi(
    tenantRoute('api_keys.read', {
      method: 'get',
      path: '/orgs/{orgId}/api-keys/{apiKeyId}',
      tags,
      summary: 'One API key',
      request: { params: ApiKeyParams },
      responses: { 200: json(ApiKeySchema, 'The key') },
    }),
    async (c) => c.json(await getApiKey(tenantContext(c), c.req.valid('param').apiKeyId), 200),
  )
  .openapi(
    tenantRoute('api_keys.manage', {
      method: 'delete',
      path: '/orgs/{orgId}/api-keys/{apiKeyId}',
      tags,
      summary: 'Revoke an API key (it is refused from then on)',
      request: { params: ApiKeyParams },
      responses: { 200: json(ApiKeySchema, 'Revoked') },
    }),
    async (c) => c.json(await revokeApiKey({ ctx: tenantContext(c), apiKeyId: c.req.valid('param').apiKeyId }), 200),
  );
