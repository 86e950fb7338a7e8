export * from './topics';
export * from './headers';
export * from './alert-lifecycle.event';
export * from './delivery-receipt.event';
export * from './dispatch-batch.event';
export * from './topic-payloads';
export * from './partner-inbound.event';
