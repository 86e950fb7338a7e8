import { type ArgumentsHost, Catch, type ExceptionFilter, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';
import { AudienceError, AudienceErrorCode } from '@childalert/audience';
import { reply } from './subscription-pages';

const STATUS: Record<AudienceErrorCode, HttpStatus> = {
  [AudienceErrorCode.InvalidSubscription]: HttpStatus.BAD_REQUEST,
  [AudienceErrorCode.LinkInvalid]: HttpStatus.BAD_REQUEST,
  [AudienceErrorCode.LinkExpired]: HttpStatus.GONE,
  [AudienceErrorCode.LinkSuperseded]: HttpStatus.GONE,
  [AudienceErrorCode.SubscriptionNotFound]: HttpStatus.NOT_FOUND,
  [AudienceErrorCode.EmailUnavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [AudienceErrorCode.AddressRejected]: HttpStatus.BAD_REQUEST,
};

/** AudienceError → HTTP: the status of its code, its message, Retry-After when it has one. */
@Catch(AudienceError)
export class AudienceErrorFilter implements ExceptionFilter<AudienceError> {
  catch(error: AudienceError, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const status = STATUS[error.code];
    if (error.retryAfterSeconds !== undefined)
      response.setHeader('Retry-After', String(error.retryAfterSeconds));
    reply(
      http.getRequest<Request>(),
      response,
      status,
      { statusCode: status, error: error.code, message: error.message },
      { title: 'page.failed.title', detail: error.message },
    );
  }
}
