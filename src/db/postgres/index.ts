/** The Postgres (cold layer) schema: every table, for drizzle-kit (drizzle.postgres.config.ts) and the client. */
export * from './history';
export * from './orders';
export * from './api-requests';
export * from './analytics';
export * from './funnels';
