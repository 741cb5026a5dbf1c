/** Branding: the console's form and logo upload (organization settings permissions), and the logo's public, cacheable address. */
import { createRouter, json, jsonBody, OrgParams, publicRoute, tenantRoute, z } from '../../platform/openapi';
import { tenantContext } from '../../platform/tenant';
import { NotFoundError } from '../../platform/errors';
import { getBranding } from './branding';
import { BrandingSchema, UpdateBrandingSchema, UploadLogoSchema } from './branding-schemas';
import { updateBranding } from './update-branding';
import { removeLogo, uploadLogo } from './upload-logo';

const tags = ['Organizations'];
const LogoParams = z.object({
  logoFile: z
    .string()
    .min(1)
    .max(200)
    .openapi({ description: '`<organization id>.<SHA-256 of the image>.<png|jpg>`, as the branding’s logo.url names it', example: `org_01example.${'0'.repeat(64)}.png` }),
});
/** The organization, the image's hash and its extension; anything else names no logo. */
const LOGO_FILE = /^(org_[0-9a-z]{1,60})\.([0-9a-f]{64})\.(png|jpg)$/;

export const brandingRoutes = createRouter()
  .openapi(
    tenantRoute('organization.read', {
      method: 'get',
      path: '/orgs/{orgId}/branding',
      tags,
      summary: 'Logo, brand colours, contact details, legal name and VAT number',
      request: { params: OrgParams },
      responses: { 200: json(BrandingSchema, 'The branding') },
    }),
    async (c) => {
      const ctx = tenantContext(c);
      return c.json(await getBranding(ctx.db, ctx.env, ctx.organizationId), 200);
    },
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'patch',
      path: '/orgs/{orgId}/branding',
      tags,
      summary: 'Change brand colours, contact details, legal name or VAT number (null clears a field)',
      description:
        'A VAT number (South Africa: 10 digits starting with 4) turns receipts into tax invoices with sequential numbers. The text on a brand colour is derived (white or black, whichever contrasts more), so every colour reads at WCAG AA.',
      request: { params: OrgParams, body: jsonBody(UpdateBrandingSchema) },
      responses: { 200: json(BrandingSchema, 'Updated') },
    }),
    async (c) => c.json(await updateBranding({ ctx: tenantContext(c), input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'put',
      path: '/orgs/{orgId}/branding/logo',
      tags,
      summary: 'Upload the logo: a PNG or JPEG (by its bytes), at most 512 KB and 2048×2048 pixels',
      request: { params: OrgParams, body: jsonBody(UploadLogoSchema) },
      responses: { 200: json(BrandingSchema, 'The branding with its new logo') },
    }),
    async (c) => c.json(await uploadLogo({ ctx: tenantContext(c), input: c.req.valid('json') }), 200),
  )
  .openapi(
    tenantRoute('organization.update', {
      method: 'delete',
      path: '/orgs/{orgId}/branding/logo',
      tags,
      summary: 'Remove the logo (emails already sent keep showing it)',
      request: { params: OrgParams },
      responses: { 200: json(BrandingSchema, 'The branding without a logo') },
    }),
    async (c) => c.json(await removeLogo({ ctx: tenantContext(c) }), 200),
  )
  .openapi(
    publicRoute({
      method: 'get',
      path: '/public/logos/{logoFile}',
      tags: ['Storefront'],
      summary: 'An organization’s logo, by its content hash: cacheable for a year',
      request: { params: LogoParams },
      responses: {
        200: { description: 'The image', content: { 'image/png': { schema: z.string().openapi({ format: 'binary' }) }, 'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) } } },
        404: json(z.any(), 'No such logo'),
      },
    }),
    async (c) => {
      const match = LOGO_FILE.exec(c.req.valid('param').logoFile);
      if (!match) throw new NotFoundError('Logo');
      const [, orgId, digest, ext] = match;
      const object = await c.env.FILES.get(`branding/${orgId}/logo-${digest}.${ext}`);
      if (!object) throw new NotFoundError('Logo');
      return c.body(object.body, 200, {
        'Content-Type': ext === 'png' ? 'image/png' : 'image/jpeg',
        'Cache-Control': 'public, max-age=31536000, immutable',
        ETag: `"${digest}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "default-src 'none'; sandbox",
        'Cross-Origin-Resource-Policy': 'cross-origin',
      });
    },
  );
