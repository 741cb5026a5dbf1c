/**
 * Refuses to serve with an unsafe configuration (config.ts): checked once per env object (the first request of an
 * isolate), then remembered. A refused fetch answers 503 problem+json with Retry-After; a refused queue batch is
 * retried later; a refused cron run does nothing. The problems are logged by variable NAME only, never a value.
 */
import { configProblems, type ConfigProblem } from './config';
import { AppError, problemResponse } from './errors';
import { log } from './logger';

export const CONFIG_RETRY_AFTER_SECONDS = 300;

const checked = new WeakMap<object, ConfigProblem[]>();

/** The configuration problems of this env (empty: it may serve); logged the first time they are found. */
export function configRefusal(env: object): ConfigProblem[] {
  let problems = checked.get(env);
  if (!problems) {
    problems = configProblems(env as Record<string, unknown>);
    checked.set(env, problems);
    if (problems.length) {
      log('error', 'refusing to serve: unsafe configuration', { problems: problems.map((p) => `${p.name} ${p.problem}`), names: problems.map((p) => p.name) });
    }
  }
  return problems;
}

export class MisconfiguredError extends AppError {
  constructor() {
    super(
      503,
      'service_misconfigured',
      'Service unavailable',
      'This deployment is not configured safely and refuses to serve; the operators have been told.',
      undefined,
      { 'Retry-After': String(CONFIG_RETRY_AFTER_SECONDS) },
    );
  }
}

export function misconfiguredResponse(): Response {
  return problemResponse(new MisconfiguredError());
}
