import type { Topic } from '@childalert/contracts';
import { applyDecorators, Catch, UseFilters, type RpcExceptionFilter } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';

/**
 * Lets the handler's own error reach the consumer runtime, so that its
 * message becomes the dead-letter reason. Nest's default filter would turn
 * any error into "Internal server error".
 */
@Catch()
export class HandlerErrorPassthroughFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

const passthrough = new HandlerErrorPassthroughFilter();

/** Extras that mark an `@EventPattern` handler as receiving whole batches. */
export const BATCH_HANDLER_EXTRAS = { batch: true } as const;

/**
 * The handler receives `ConsumedMessage<T>[]`: validated messages of one
 * partition, in order, at most `consumer.maxBatchSize` a call.
 */
export function ConsumeBatch(topic: Topic): MethodDecorator {
  return applyDecorators(EventPattern(topic, { ...BATCH_HANDLER_EXTRAS }), UseFilters(passthrough));
}

/**
 * The handler receives one validated `ConsumedMessage<T>` a call. Same as
 * `@EventPattern(topic)`, except that the dead-letter reason of a failing
 * handler is its error's message.
 */
export function ConsumeMessage(topic: Topic): MethodDecorator {
  return applyDecorators(EventPattern(topic), UseFilters(passthrough));
}
