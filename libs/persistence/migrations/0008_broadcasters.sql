-- Media broadcasters (issue 6): registered by the NGO's admin, they receive
-- every alert of their area and languages as signed webhooks (Standard
-- Webhooks) and pull an authenticated Atom/CAP feed with their API key.
--
-- The signing secret is kept as the worker needs it to sign (HMAC is
-- symmetric: a hash of it would be useless), in this table only; it is shown
-- to the broadcaster once, at creation or rotation, and never returned by the
-- API again. It protects the broadcaster from forged messages, not our data:
-- whoever reads this table can also read the alerts themselves. The API key,
-- which opens the feed, lives in api_keys as a SHA-256 hash (shown once too).
CREATE TABLE broadcasters (
  id                        uuid        PRIMARY KEY,
  name                      text        NOT NULL,
  webhook_url               text        NOT NULL,
  -- ISO 639-1 codes in the broadcaster's order of preference.
  languages                 text[]     NOT NULL,
  -- The area it covers, as stored for matching (libs/audience StoredArea: a
  -- circle with its box and countries, or ISO 3166 codes with their countries).
  area                      jsonb       NOT NULL,
  -- The countries of the area: the dispatcher's cheap prefilter.
  countries                 text[]      NOT NULL,
  -- What each webhook carries: 'cap' (the published CAP 1.2 bytes), 'json'.
  formats                   text[]      NOT NULL,
  -- `whsec_` + base64 of 32 random bytes.
  signing_secret            text        NOT NULL,
  -- After a rotation, the old secret still signs (a second signature) until
  -- it expires, so the broadcaster can switch without losing a message.
  previous_signing_secret   text,
  previous_secret_expires_at timestamptz,
  api_key_id                uuid        REFERENCES api_keys (id),
  active                    boolean     NOT NULL DEFAULT true,
  -- Why it was disabled: by an admin, or by the receiver answering 410 Gone.
  disabled_reason           text,
  disabled_at               timestamptz,
  created_by                text        NOT NULL,
  created_at                timestamptz NOT NULL DEFAULT now(),
  updated_at                timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT broadcasters_name_check CHECK (length(name) BETWEEN 1 AND 200),
  CONSTRAINT broadcasters_languages_check CHECK (cardinality(languages) BETWEEN 1 AND 10),
  CONSTRAINT broadcasters_formats_check CHECK (
    cardinality(formats) BETWEEN 1 AND 2 AND formats <@ ARRAY['cap', 'json']::text[]),
  CONSTRAINT broadcasters_secret_check CHECK (signing_secret ~ '^whsec_[A-Za-z0-9+/]+={0,2}$'),
  CONSTRAINT broadcasters_disabled_check CHECK (active OR disabled_at IS NOT NULL)
);

CREATE INDEX broadcasters_active_countries_idx ON broadcasters USING gin (countries) WHERE active;

-- Dispatch batches the broadcast worker set aside to retry later. A webhook
-- is retried for a day; a batch waiting that long on its Kafka partition
-- would hold up every later alert behind it. So a batch whose next attempt is
-- far off (a receiver down) is parked here, its offset committed, and the
-- worker's parking lot delivers it again when due (the delivery ledger keeps
-- that exactly-once). Written before the offset commit: a crash in between
-- parks the same batch again, which the primary key folds into one row.
CREATE TABLE broadcast_parked_batches (
  batch_id   text        PRIMARY KEY,
  batch      jsonb       NOT NULL,
  due_at     timestamptz NOT NULL,
  -- The worker retrying it now (until due_at, its lease), if any.
  claimed_by uuid,
  parked_at  timestamptz NOT NULL DEFAULT now(),
  runs       integer     NOT NULL DEFAULT 0
);

CREATE INDEX broadcast_parked_batches_due_idx ON broadcast_parked_batches (due_at);
