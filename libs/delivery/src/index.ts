// The delivery runtime every channel worker shares: the channel adapter
// interface, the runner (ledger, retries, dead letters, receipts, ordering),
// the idempotency ledger, the dispatcher's plans and alert-api's progress.
export * from './adapter/channel-adapter';
export * from './alerts/published-version';
export * from './alerts/published-alert.source';
export * from './delivery.options';
export * from './config/delivery-config';
export * from './ledger/ledger.types';
export * from './ledger/delivery-ledger';
export * from './receipts/receipt.publisher';
export * from './dead-letters/recipient-dead-letter.publisher';
export { DeliveryRunner } from './runner/delivery-runner';
export type { DeliveryReport } from './runner/delivery-run';
export { retryDelayMs } from './runner/retry-policy';
export * from './plans/delivery-plans';
export * from './progress/delivery-progress.types';
export * from './progress/delivery-progress.repository';
export * from './delivery.module';
export * from './http/http-answers';
