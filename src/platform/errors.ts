/** The one error family: short codes that the edge turns into application/problem+json. */
import type { ZodError } from 'zod';

export type FieldError = { path: string; message: string; code?: string };

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly title: string,
    detail?: string,
    readonly fieldErrors?: FieldError[],
    readonly headers?: Record<string, string>,
  ) {
    super(detail ?? title);
  }
}

export class BadRequestError extends AppError {
  constructor(detail: string, code = 'bad_request') {
    super(400, code, 'Bad request', detail);
  }
}

export class ValidationError extends AppError {
  constructor(fieldErrors: FieldError[], detail = 'The request has invalid fields.') {
    super(422, 'validation_failed', 'Validation failed', detail, fieldErrors);
  }

  /** Enough to fix a form; a 16 MiB document of broken seats must not answer with a million errors. */
  static readonly MAX_FIELD_ERRORS = 100;

  static fromZod(error: ZodError, location: string): ValidationError {
    const fieldErrors = error.issues.slice(0, ValidationError.MAX_FIELD_ERRORS).map((issue) => ({
      path: [location, ...issue.path.map(String)].join('.'),
      message: issue.message,
      code: issue.code,
    }));
    const first = fieldErrors[0];
    const detail = first ? `${first.path}: ${first.message}` : 'The request has invalid fields.';
    const more = error.issues.length - 1;
    return new ValidationError(fieldErrors, more > 0 ? `${detail} (and ${more} more)` : detail);
  }
}

export class UnauthorizedError extends AppError {
  constructor(detail = 'Sign in, or send a valid API key.', code = 'unauthenticated') {
    super(401, code, 'Unauthorized', detail, undefined, { 'WWW-Authenticate': 'Bearer' });
  }
}

export class ForbiddenError extends AppError {
  constructor(detail = 'Your role does not allow this action.', code = 'forbidden') {
    super(403, code, 'Forbidden', detail);
  }
}

/** Also what another tenant's ids answer: a 404 says nothing about whether the record exists elsewhere. */
export class NotFoundError extends AppError {
  constructor(resource = 'Resource') {
    super(404, 'not_found', 'Not found', `${resource} not found.`);
  }
}

export class ConflictError extends AppError {
  constructor(detail: string, code = 'conflict') {
    super(409, code, 'Conflict', detail);
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(limit: number) {
    super(413, 'payload_too_large', 'Payload too large', `The request body exceeds the limit of ${limit} bytes.`);
  }
}

export class TooManyRequestsError extends AppError {
  /** `headers`: more fields for the answer, e.g. RateLimit-Policy / RateLimit (src/platform/rate-limit-headers.ts). */
  constructor(detail: string, retryAfterSeconds: number, code = 'rate_limited', headers: Record<string, string> = {}) {
    super(429, code, 'Too many requests', detail, undefined, { ...headers, 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

/** Overload or a dependency that must answer is down (e.g. the login limiter and its fallback): try again later. */
export class ServiceUnavailableError extends AppError {
  constructor(detail: string, retryAfterSeconds = 30, code = 'temporarily_unavailable') {
    super(503, code, 'Service unavailable', detail, undefined, { 'Retry-After': String(Math.max(1, Math.ceil(retryAfterSeconds))) });
  }
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  requestId?: string;
  errors?: FieldError[];
};

export function problemOf(error: AppError, requestId?: string): Problem {
  return {
    type: `https://voelgoed.events/problems/${error.code.replaceAll('_', '-')}`,
    title: error.title,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(requestId ? { requestId } : {}),
    ...(error.fieldErrors ? { errors: error.fieldErrors } : {}),
  };
}

export function problemResponse(error: AppError, requestId?: string): Response {
  const headers = new Headers({ 'Content-Type': PROBLEM_CONTENT_TYPE, ...error.headers });
  if (requestId) headers.set('X-Request-Id', requestId);
  return new Response(JSON.stringify(problemOf(error, requestId)), { status: error.status, headers });
}
