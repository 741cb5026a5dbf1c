/**
 * The one place errors become HTTP: AppError, ZodError and Hono's HTTPException to problem+json; a platform failure
 * (an overloaded Durable Object, a busy D1, a queue or R2 outage: transient-errors.ts) to 503 + Retry-After;
 * anything else is a logged 500.
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { ZodError } from 'zod';
import { AppError, BadRequestError, NotFoundError, problemResponse, ValidationError } from './errors';
import { log, routePattern } from './logger';
import { asTransient } from './transient-errors';

function fromHttpException(err: HTTPException): AppError {
  if (err.status === 400) return new BadRequestError(err.message || 'Malformed request.', 'malformed_request');
  if (err.status === 415) return new AppError(415, 'unsupported_media_type', 'Unsupported media type', 'Send the body as application/json.');
  return new AppError(err.status, 'http_error', err.message || 'Request failed', err.message || undefined);
}

export const onError: ErrorHandler = (err, c: Context) => {
  const requestId = c.var.requestId;
  let appError: AppError;
  const transient = asTransient(err);
  if (transient) {
    // Overload or an outage of a platform service: 503 + Retry-After, one warning with the platform's own words
    // (never a query's bound values: platformMessage is the innermost cause's message, cut short).
    log('warn', 'platform unavailable; answered 503', { requestId, route: routePattern(c), kind: transient.kind, code: transient.code, error: transient.platformMessage });
    appError = transient;
  } else if (err instanceof AppError) appError = err;
  else if (err instanceof ZodError) appError = ValidationError.fromZod(err, 'body');
  else if (err instanceof HTTPException) appError = fromHttpException(err);
  else {
    log('error', 'unhandled error', { requestId, route: routePattern(c), error: String(err), stack: err instanceof Error ? err.stack : undefined });
    appError = new AppError(500, 'internal_error', 'Internal server error', 'Something went wrong on our side; the request id helps us find it.');
  }
  return problemResponse(appError, requestId);
};

export const onNotFound: NotFoundHandler = (c) => problemResponse(new NotFoundError('Route'), c.var.requestId);
