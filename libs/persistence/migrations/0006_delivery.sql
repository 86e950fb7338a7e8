-- Delivery: what the channel workers did for each recipient of each alert
-- version (the idempotency ledger), what the dispatcher planned, and the
-- progress alert-api builds from the workers' receipts.

-- The idempotency ledger: one row per (channel, alert, recipient, version)
-- that a worker claimed. A worker claims a dispatch batch's recipients in one
-- multi-row INSERT … ON CONFLICT before sending and records outcomes in bulk
-- UPDATEs as sends complete, so a redelivered batch (worker killed, rebalance,
-- replay) sends only to recipients not delivered yet.
--   pending    claimed earlier, known not delivered (a transient failure): send again
--   sending    claimed by `claimed_by` until `lease_until`; a send may be under way
--              or, after a crash, may have reached the provider (in doubt)
--   delivered  the provider accepted it: never sent again
--   failed     refused for good or out of attempts (dead-lettered): never sent again
--   skipped    deliberately not sent
-- The key starts with (channel, alert_id, recipient_id) so that the dispatcher
-- reads the distinct recipients an alert reached (for its resolution) in
-- recipient order straight from the primary key; claims look rows up by the
-- whole key. No other index: every write stays one index write, and the
-- fillfactor leaves room for the status updates to be HOT.
CREATE TABLE delivery_ledger (
  channel      text        NOT NULL,
  alert_id     uuid        NOT NULL,
  recipient_id text        COLLATE "C" NOT NULL,
  version      integer     NOT NULL,
  -- The language the recipient got it in: a resolution is sent in the same one.
  language     text        NOT NULL,
  status       text        NOT NULL,
  -- Sends that reached the provider and were answered (in-doubt sends are not counted).
  attempts     smallint    NOT NULL DEFAULT 0,
  claimed_by   uuid,
  lease_until  timestamptz,
  last_error   text,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, alert_id, recipient_id, version),
  CONSTRAINT delivery_ledger_status_check CHECK (
    status IN ('pending', 'sending', 'delivered', 'failed', 'skipped')),
  CONSTRAINT delivery_ledger_version_check CHECK (version >= 1),
  CONSTRAINT delivery_ledger_lease_check CHECK (status <> 'sending' OR (claimed_by IS NOT NULL AND lease_until IS NOT NULL))
) WITH (fillfactor = 80);

-- What the dispatcher is about to send: recipients per (alert, version,
-- channel), written before the first batch leaves. Progress reads
-- `pending` as planned minus what the receipts account for.
CREATE TABLE delivery_plans (
  alert_id    uuid        NOT NULL,
  version     integer     NOT NULL,
  channel     text        NOT NULL,
  event_type  text        NOT NULL,
  planned     integer     NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, version, channel),
  CONSTRAINT delivery_plans_planned_check CHECK (planned >= 0)
);

-- alert-api's view of the receipts: the latest outcome per recipient, so that
-- a receipt delivered twice (receipts are at-least-once) is counted once.
-- An outcome only moves forward: retried < skipped < failed < delivered.
CREATE TABLE delivery_outcomes (
  alert_id     uuid        NOT NULL,
  version      integer     NOT NULL,
  channel      text        NOT NULL,
  recipient_id text        COLLATE "C" NOT NULL,
  outcome      text        NOT NULL,
  at           timestamptz NOT NULL,
  PRIMARY KEY (alert_id, version, channel, recipient_id),
  CONSTRAINT delivery_outcomes_outcome_check CHECK (outcome IN ('retried', 'skipped', 'failed', 'delivered'))
) WITH (fillfactor = 90);

-- Counters kept in step with delivery_outcomes (same transaction): what
-- GET /v1/alerts/{id}/deliveries and its live stream read, one row per
-- (alert, version, channel) whatever the audience's size.
CREATE TABLE delivery_progress (
  alert_id           uuid        NOT NULL,
  version            integer     NOT NULL,
  channel            text        NOT NULL,
  delivered          integer     NOT NULL DEFAULT 0,
  failed             integer     NOT NULL DEFAULT 0,
  skipped            integer     NOT NULL DEFAULT 0,
  -- Recipients whose latest outcome is a retry (a transient failure, still to be sent).
  retrying           integer     NOT NULL DEFAULT 0,
  first_delivered_at timestamptz,
  last_delivered_at  timestamptz,
  updated_at         timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (alert_id, version, channel),
  CONSTRAINT delivery_progress_counts_check CHECK (
    delivered >= 0 AND failed >= 0 AND skipped >= 0 AND retrying >= 0)
);
