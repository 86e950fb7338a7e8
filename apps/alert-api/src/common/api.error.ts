import type { AlertState, TransitionFailure } from '@childalert/alerts';
import { TRANSITION_ERROR_HTTP_STATUS } from '@childalert/alerts';

export interface ApiErrorExtra {
  /** 409s: where the alert is, so the caller knows what is possible. */
  currentState?: AlertState;
  /** Every problem, one sentence each (400/422). */
  problems?: string[];
  missingCriteria?: string[];
}

/**
 * A refusal the API answers as it is: the status, a code a program can
 * switch on, and a message a person can act on. Thrown inside a transaction,
 * it rolls everything back; the global ApiExceptionFilter writes the body.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: ApiErrorExtra = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  static notFound(what: string): ApiError {
    return new ApiError(404, 'not_found', `${what} does not exist`);
  }

  static badRequest(code: string, message: string, problems?: string[]): ApiError {
    return new ApiError(400, code, message, { problems: problems ?? [message] });
  }

  static conflict(code: string, message: string, currentState?: AlertState): ApiError {
    return new ApiError(409, code, message, currentState ? { currentState } : {});
  }

  static forbidden(message: string, currentState?: AlertState): ApiError {
    return new ApiError(403, 'forbidden', message, currentState ? { currentState } : {});
  }

  /** A refusal of the domain's transition, with its status from TRANSITION_ERROR_HTTP_STATUS. */
  static fromTransition(failure: TransitionFailure): ApiError {
    return new ApiError(TRANSITION_ERROR_HTTP_STATUS[failure.code], failure.code, failure.message, {
      currentState: failure.currentState,
      ...(failure.problems ? { problems: failure.problems } : {}),
      ...(failure.missingCriteria ? { missingCriteria: failure.missingCriteria } : {}),
    });
  }
}
