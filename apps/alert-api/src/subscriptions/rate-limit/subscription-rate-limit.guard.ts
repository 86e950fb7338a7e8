import {
  type CanActivate,
  type ExecutionContext,
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import { AUDIENCE_OPTIONS, type ResolvedAudienceOptions } from '@childalert/audience';
import { TokenBucketRateLimiter } from './token-bucket.rate-limiter';

/**
 * Limits the public subscription routes per client IP (`request.ip`: behind
 * a proxy, the app's `trust proxy` setting decides what that is). One budget
 * per IP across every route it guards (a token bucket of `perMinute`,
 * refilled evenly). Refusals are 429 with Retry-After.
 */
@Injectable()
export class SubscriptionRateLimitGuard implements CanActivate {
  private readonly limiter: TokenBucketRateLimiter;

  constructor(@Inject(AUDIENCE_OPTIONS) options: ResolvedAudienceOptions) {
    this.limiter = new TokenBucketRateLimiter(options.rateLimit.perMinute, 60_000);
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const client = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const decision = this.limiter.take(client);
    if (decision.allowed) return true;
    response.setHeader('Retry-After', String(decision.retryAfterSeconds));
    throw new HttpException(
      {
        statusCode: HttpStatus.TOO_MANY_REQUESTS,
        error: 'Too Many Requests',
        message: `Too many subscription requests from your address. Try again in ${decision.retryAfterSeconds} seconds.`,
      },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
