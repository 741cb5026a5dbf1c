/**
 * One `npm run dev` for every browser run (the `e2e` project's global setup, vitest.node.config.ts): started once,
 * handed to the files as its base URL, stopped after the last. Each file makes its own organizers and events, so the
 * files share the platform as real organizers share a deployment; a platform per file cost a minute of the suite.
 */
import type { TestProject } from 'vitest/node';
import { startDev } from './platform';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The shared platform's base URL, e.g. http://localhost:41234. */
    e2eBase: string;
    /** The demo organization and event `npm run dev` seeded there. */
    e2eDemo: { orgId: string; eventId: string };
  }
}

export default async function setup(project: TestProject) {
  const platform = await startDev();
  project.provide('e2eBase', platform.base);
  project.provide('e2eDemo', platform.demo);
  return () => platform.stop();
}
