/** Kafka header names shared by every producer and consumer. */
export const Header = {
  /** Follows one alert from the API through every worker's logs. */
  CorrelationId: 'x-correlation-id',
  /** Set on dead letters: why the message could not be handled. */
  DeadLetterReason: 'x-dead-letter-reason',
  DeadLetterSourceTopic: 'x-dead-letter-source-topic',
  DeadLetterSourcePartition: 'x-dead-letter-source-partition',
  DeadLetterSourceOffset: 'x-dead-letter-source-offset',
} as const;
