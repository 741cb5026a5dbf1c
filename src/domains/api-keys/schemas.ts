/** API key shapes: the secret appears once, in the creation response, and never again. */
import { z } from '../../platform/openapi';
import { API_KEY_SCOPES } from '../../platform/rbac';
import { safeText, CredentialExpiresAt, CredentialStatus, IsoDateTime } from '../shared-schemas';

export const ApiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ example: 'vge_live_ab12cd34' }),
    scopes: z.array(z.string()),
    createdByUserId: z.string(),
    expiresAt: IsoDateTime.nullable(),
    status: CredentialStatus,
    lastUsedAt: IsoDateTime.nullable(),
    revokedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
  })
  .openapi('ApiKey');
export type ApiKey = z.infer<typeof ApiKeySchema>;

export const CreatedApiKeySchema = ApiKeySchema.extend({
  secret: z.string().openapi({ description: 'The whole key. Shown only in this response: store it now.' }),
}).openapi('CreatedApiKey');

export const CreateApiKeySchema = z
  .object({
    name: safeText(z.string().trim().min(1, 'Required').max(80)),
    scopes: z
      .array(z.enum(API_KEY_SCOPES as [string, ...string[]]))
      .min(1, 'Choose at least one scope')
      .max(API_KEY_SCOPES.length)
      .transform((s) => [...new Set(s)].sort()),
    expiresAt: CredentialExpiresAt,
  })
  .strict()
  .openapi('CreateApiKey', { example: { name: 'Box office sync', scopes: ['organization.read', 'members.read'], expiresAt: '2030-01-01T00:00:00Z' } });
export type CreateApiKey = z.infer<typeof CreateApiKeySchema>;
