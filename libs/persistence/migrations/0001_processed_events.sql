-- Consumer-side deduplication. A consumer records the id of every event it
-- has handled in the same transaction as the work itself, so a redelivered
-- event (a rebalance, a replay, a crash before the offset commit) is
-- recognised and skipped instead of being handled twice.
CREATE TABLE processed_events (
  consumer     text        NOT NULL,
  event_id     text        NOT NULL,
  processed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (consumer, event_id)
);

-- Old rows are pruned by age; this keeps that delete cheap.
CREATE INDEX processed_events_processed_at_idx ON processed_events (processed_at);
