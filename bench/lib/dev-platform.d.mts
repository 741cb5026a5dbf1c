/** Types for dev-platform.mjs (tsconfig.node.json does not check JavaScript). */

/** A running `npm run dev`: its origin, the demo organization and event it seeded, stop(), and everything it printed. */
export type Platform = { base: string; demo: { orgId: string; eventId: string }; stop: () => Promise<void>; log: () => string };

/** The demo owner `npm run dev` seeds. */
export const DEMO: { email: string; password: string; name: string; organizationName: string };
export function freePort(): Promise<number>;
export function startDev(timeoutMs?: number, extraEnv?: Record<string, string>): Promise<Platform>;
export function api<T = any>(base: string, method: string, pathname: string, body?: unknown, token?: string): Promise<T>;
export function verificationLink(base: string, email: string, timeoutMs?: number): Promise<string>;
export function verifyByMail(base: string, email: string): Promise<void>;
