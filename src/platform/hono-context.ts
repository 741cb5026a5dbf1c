/** Typed Hono context variables set by the platform middleware. */
import type { Actor, Principal } from './context';
import type { Database } from '../db/client';

declare module 'hono' {
  interface ContextVariableMap {
    requestId: string;
    db: Database;
    principal: Principal | undefined;
    actor: Actor;
  }
}

export {};
