/** Every table of the D1 store, one file per domain. */
export * from './tenancy';
export * from './access';
export * from './audit';
export * from './notifications';
export * from './venues';
export * from './events';
export * from './pricing';
export * from './orders';
export * from './ledger';
export * from './idempotency';
export * from './scanning';
export * from './messaging';
export * from './waiting-rooms';
export * from './replication';
export * from './cold-layer';
export * from './report-schedules';
export * from './funnels';
