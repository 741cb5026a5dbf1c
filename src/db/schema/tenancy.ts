/** Tenancy & accounts: organizations, their settings, users, memberships, sessions, one-time tokens, invitations. */
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { createdAt, id, instant, organizationId, updatedAt } from './columns';

export const ROLES = ['owner', 'admin', 'staff', 'supervisor', 'viewer', 'scanner_only'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['en', 'af'] as const;
export type Locale = (typeof LOCALES)[number];

export const organizations = sqliteTable(
  'organizations',
  {
    id: id(),
    name: text().notNull(),
    slug: text().notNull(),
    /** The plan whose daily quotas and per-minute API limits apply (PLAN_QUOTAS; docs/rate-limits.md). */
    plan: text().notNull().default('default'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('organizations_slug_uq').on(t.slug)],
);

export const organizationSettings = sqliteTable('organization_settings', {
  organizationId: text()
    .primaryKey()
    .references(() => organizations.id),
  currency: text().notNull(),
  timezone: text().notNull(),
  locale: text({ enum: LOCALES }).notNull(),
  vatNumber: text(),
  /** inclusive: ticket prices include VAT; exclusive: VAT is added on top. */
  vatMode: text({ enum: ['inclusive', 'exclusive'] })
    .notNull()
    .default('inclusive'),
  /** Basis points: 1500 = 15 % (South Africa). 0 when not VAT-registered. */
  vatRateBps: integer().notNull().default(0),
  brandPrimaryColor: text(),
  brandAccentColor: text(),
  logoUrl: text(),
  updatedAt: updatedAt(),
});

/** Users are global (one login, many organizations); tenant data hangs off memberships. */
export const users = sqliteTable(
  'users',
  {
    id: id(),
    email: text().notNull(),
    name: text().notNull(),
    passwordHash: text().notNull(),
    isPlatformAdmin: integer({ mode: 'boolean' }).notNull().default(false),
    isPlatformStaff: integer({ mode: 'boolean' }).notNull().default(false),
    emailVerifiedAt: instant(),
    passwordChangedAt: instant(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('users_email_uq').on(t.email)],
);

export const memberships = sqliteTable(
  'memberships',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    userId: text()
      .notNull()
      .references(() => users.id),
    role: text({ enum: ROLES }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('memberships_org_user_uq').on(t.organizationId, t.userId),
    index('memberships_user_idx').on(t.userId),
  ],
);

/** Server-side record of each session JWT, so logout and password changes revoke it. */
export const sessions = sqliteTable(
  'sessions',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id),
    /** The organization the user last switched to; the web app opens it first. */
    organizationId: text(),
    ip: text(),
    userAgent: text(),
    createdAt: createdAt(),
    expiresAt: instant().notNull(),
    revokedAt: instant(),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_org_idx').on(t.organizationId)],
);

export const USER_TOKEN_KINDS = ['password_reset', 'email_verification'] as const;

/** One-time tokens for a user (password reset, email verification); only the hash is stored. */
export const userTokens = sqliteTable(
  'user_tokens',
  {
    id: id(),
    userId: text()
      .notNull()
      .references(() => users.id),
    kind: text({ enum: USER_TOKEN_KINDS }).notNull(),
    tokenHash: text().notNull(),
    expiresAt: instant().notNull(),
    usedAt: instant(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('user_tokens_hash_uq').on(t.tokenHash), index('user_tokens_user_idx').on(t.userId)],
);

export const INVITATION_STATUSES = ['pending', 'accepted', 'revoked'] as const;

export const invitations = sqliteTable(
  'invitations',
  {
    id: id(),
    organizationId: organizationId().references(() => organizations.id),
    email: text().notNull(),
    role: text({ enum: ROLES }).notNull(),
    tokenHash: text().notNull(),
    status: text({ enum: INVITATION_STATUSES }).notNull(),
    invitedByUserId: text().notNull(),
    acceptedByUserId: text(),
    expiresAt: instant().notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('invitations_token_uq').on(t.tokenHash),
    index('invitations_org_idx').on(t.organizationId, t.status),
  ],
);
