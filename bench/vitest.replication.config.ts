/** `npm run bench:replication`: the test suite's workerd setup (D1, queues, the embedded or DATABASE_URL's Postgres), running the replication bench only. */
import base from '../vitest.config';

declare module 'vitest' {
  export interface ProvidedContext {
    /** How many facts the bench sends through the pipeline (FACTS, default 100,000). */
    benchFacts: number;
  }
}

export default {
  ...base,
  test: {
    ...base.test,
    include: ['bench/replication.bench.test.ts'],
    provide: { benchFacts: Number(process.env.FACTS ?? 100_000) },
    testTimeout: 1_800_000,
    hookTimeout: 120_000,
    silent: false,
    reporters: ['default'],
  },
};
