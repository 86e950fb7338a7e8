import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type NestMiddleware } from '@nestjs/common';
import { Header } from '@childalert/contracts';
import type { NextFunction, Request, Response } from 'express';
import { withCorrelationId } from '../correlation';

/** Accepted as given: short, and nothing that could forge a log line or header. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;

/** The caller's correlation id if it is acceptable, else undefined. */
export function acceptCorrelationId(value: string | string[] | undefined): string | undefined {
  const candidate = Array.isArray(value) ? value[0] : value;
  return candidate !== undefined && ACCEPTABLE.test(candidate) ? candidate : undefined;
}

/**
 * The route's pattern (`/v1/subscriptions/mobile/:token`) when one matched,
 * else the path without its query: URLs carry secrets (confirmation and
 * unsubscribe tokens, push endpoints, device tokens) that must not reach logs.
 */
function loggablePath(request: Request): string {
  // Express types the matched route as `any`.
  const route = request.route as { path?: unknown } | undefined;
  return typeof route?.path === 'string' ? `${request.baseUrl}${route.path}` : request.path;
}

/** Probes and scrapes arrive every few seconds; they log at debug, the rest at info. */
const QUIET_PATHS = /^\/(health|metrics)(\/|$)/;

/**
 * Takes `x-correlation-id` from the request (or makes one), runs the rest of
 * the request in its async context so every log line and every Kafka message
 * it causes carries it, echoes it in the response, and logs one line per
 * request when the response is finished.
 */
@Injectable()
export class CorrelationIdMiddleware implements NestMiddleware {
  private readonly logger = new Logger('Http');

  use(request: Request, response: Response, next: NextFunction): void {
    const correlationId = acceptCorrelationId(request.headers[Header.CorrelationId]) ?? randomUUID();
    response.setHeader(Header.CorrelationId, correlationId);
    const started = process.hrtime.bigint();
    response.once('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const path = loggablePath(request);
      const line = {
        msg: `${request.method} ${path} ${response.statusCode}`,
        method: request.method,
        path,
        status: response.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      withCorrelationId(correlationId, () => {
        if (QUIET_PATHS.test(request.path)) this.logger.debug(line);
        else this.logger.log(line);
      });
    });
    withCorrelationId(correlationId, next);
  }
}
