/**
 * Setting and removing the logo. The bytes decide what it is (branding-image.ts); it is stored in R2 under a
 * content-addressed key inside the organization's prefix, so its public address never serves two images. Removing
 * a logo only unlinks it: emails already sent keep showing the old address's image.
 */
import { BadRequestError, ValidationError } from '../../platform/errors';
import type { TenantContext } from '../../platform/context';
import { brandingRow, getBranding } from './branding';
import { inspectLogo, sha256Hex } from './branding-image';
import type { Branding } from './branding-schemas';
import { writeBranding } from './update-branding';

function decodeBase64(data: string): Uint8Array {
  try {
    const raw = atob(data);
    const bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  } catch {
    throw new BadRequestError('The logo is not valid base64.', 'invalid_base64');
  }
}

export async function uploadLogo({ ctx, input }: { ctx: TenantContext; input: { data: string } }): Promise<Branding> {
  const bytes = decodeBase64(input.data);
  const inspected = inspectLogo(bytes);
  if (!inspected.ok) throw new ValidationError([{ path: 'body.data', message: inspected.reason, code: 'invalid_logo' }], inspected.reason);
  const { type, width, height } = inspected.facts;
  const key = `branding/${ctx.organizationId}/logo-${await sha256Hex(bytes)}.${type === 'image/png' ? 'png' : 'jpg'}`;
  await ctx.env.FILES.put(key, bytes, { httpMetadata: { contentType: type, cacheControl: 'public, max-age=31536000, immutable' } });
  const before = await brandingRow(ctx.db, ctx.organizationId);
  if (before?.logoKey !== key) {
    await writeBranding(ctx, { logoKey: key, logoType: type, logoWidth: width, logoHeight: height }, 'organization.logo_uploaded', {
      logo: { from: before?.logoKey ?? null, to: key },
      size: { width, height, bytes: bytes.length },
    });
  }
  return getBranding(ctx.db, ctx.env, ctx.organizationId);
}

export async function removeLogo({ ctx }: { ctx: TenantContext }): Promise<Branding> {
  const before = await brandingRow(ctx.db, ctx.organizationId);
  if (before?.logoKey) {
    await writeBranding(ctx, { logoKey: null, logoType: null, logoWidth: null, logoHeight: null }, 'organization.logo_removed', { logo: { from: before.logoKey, to: null } });
  }
  return getBranding(ctx.db, ctx.env, ctx.organizationId);
}
