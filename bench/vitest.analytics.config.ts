/** `npm run bench:analytics`: the test suite's workerd setup (D1, queues, the embedded or DATABASE_URL's Postgres), running the analytics bench only. */
import base from '../vitest.config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** How many analytics events the bench ingests (EVENTS, default 1,000,000). */
    benchAnalyticsEvents: number;
    /** Journey items per stored message (MESSAGE, default 100: what the journey recorder sends at most). */
    benchMessageItems: number;
  }
}

export default {
  ...base,
  test: {
    ...base.test,
    include: ['bench/analytics.bench.test.ts'],
    provide: { benchAnalyticsEvents: Number(process.env.EVENTS ?? 1_000_000), benchMessageItems: Number(process.env.MESSAGE ?? 100) },
    testTimeout: 3_600_000,
    hookTimeout: 120_000,
    silent: false,
    reporters: ['default'],
  },
};
