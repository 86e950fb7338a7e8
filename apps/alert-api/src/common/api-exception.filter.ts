import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import { CapValidationError } from '@childalert/cap';
import type { Response } from 'express';
import { ApiError } from './api.error';

/** The body of every error answer: a code to switch on, a message to act on, and details where useful. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string;
  currentState?: string;
  problems?: string[];
  missingCriteria?: string[];
  [extra: string]: unknown;
}

const CODE_OF_STATUS: Record<number, string> = {
  400: 'invalid_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'unprocessable',
  423: 'locked',
  429: 'too_many_requests',
};

/**
 * The one place errors become HTTP answers. Domain refusals (ApiError) keep
 * their code and the alert's current state; Nest's HttpExceptions (the
 * ValidationPipe's 400, the AccessGuard's 401/403) get the same body shape;
 * a CAP message the schema refuses is a 422 naming the element; anything
 * else is a 500 that says nothing of the internals (it is logged instead).
 */
@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('ApiExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const response = host.switchToHttp().getResponse<Response>();
    const body = this.bodyOf(exception);
    if (response.headersSent) {
      this.logger.error(`error after the answer started: ${body.message}`);
      response.end();
      return;
    }
    response.status(body.statusCode).json(body);
  }

  private bodyOf(exception: unknown): ApiErrorBody {
    if (exception instanceof ApiError) {
      return {
        statusCode: exception.status,
        error: exception.code,
        message: exception.message,
        ...exception.extra,
      };
    }
    if (exception instanceof HttpException) return this.httpBody(exception);
    if (exception instanceof CapValidationError) {
      return {
        statusCode: 422,
        error: 'cap_invalid',
        message: `the CAP message of this version does not validate, so nothing was published: ${exception.message}`,
        problems: [exception.message],
      };
    }
    const status = statusOf(exception);
    if (status !== undefined && status >= 400 && status < 500) {
      // body-parser and friends: a client error with a readable message.
      const message = exception instanceof Error ? exception.message : 'bad request';
      return { statusCode: status, error: CODE_OF_STATUS[status] ?? 'bad_request', message };
    }
    this.logger.error(
      exception instanceof Error ? (exception.stack ?? exception.message) : String(exception),
    );
    return {
      statusCode: 500,
      error: 'internal_error',
      message: 'internal error: nothing was changed; try again',
    };
  }

  private httpBody(exception: HttpException): ApiErrorBody {
    const status = exception.getStatus();
    const raw = exception.getResponse();
    const fields = typeof raw === 'object' && raw !== null ? { ...(raw as Record<string, unknown>) } : {};
    const message = typeof raw === 'string' ? raw : fields.message;
    const messages = Array.isArray(message)
      ? message.map(String)
      : [typeof message === 'string' ? message : exception.message];
    delete fields.message;
    delete fields.error;
    delete fields.statusCode;
    return {
      ...fields,
      statusCode: status,
      error: CODE_OF_STATUS[status] ?? 'error',
      message: messages.join('; '),
      // The ValidationPipe reports every bad field: each one its own sentence.
      ...(Array.isArray(message) ? { problems: messages } : {}),
    };
  }
}

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate =
    (error as { status?: unknown; statusCode?: unknown }).status ??
    (error as { statusCode?: unknown }).statusCode;
  return typeof candidate === 'number' ? candidate : undefined;
}
