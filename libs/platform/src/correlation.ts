import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/**
 * The correlation id follows one alert from the HTTP request that changed it,
 * through the Kafka headers of every message it caused, into every worker's
 * logs. Code reads it from here; HTTP middleware and the Kafka consumer set it.
 */
const storage = new AsyncLocalStorage<string>();

export function currentCorrelationId(): string | undefined {
  return storage.getStore();
}

export function withCorrelationId<T>(correlationId: string | undefined, work: () => T): T {
  return storage.run(correlationId ?? randomUUID(), work);
}
