-- Cross-border exchange: the partner systems the NGO registered, which of
-- them an alert concerns (chosen by the operator, or matched by a rule and
-- then kept for every later message of the alert), and what partners sent in.

CREATE TABLE partners (
  id               uuid        PRIMARY KEY,
  -- ISO 3166-1 alpha-2; one system per country.
  country          text        NOT NULL,
  name             text        NOT NULL,
  -- Where their inbound endpoint takes our signed CAP (https on a public address).
  inbound_url      text        NOT NULL,
  -- ISO 639-1: the CAP message carries an info block in each.
  languages        text[]      NOT NULL,
  -- all | border | destination (the operator's explicit choice always counts).
  rules            text[]      NOT NULL,
  -- Their own travel reach for the border rule; null: the country's default (config/countries).
  reach            jsonb,
  -- PEM X.509 certificate their inbound messages are signed with, and its SHA-256 fingerprint.
  certificate_pem  text        NOT NULL,
  certificate_sha256 text      NOT NULL,
  -- A standing agreement: their alerts are re-issued here without an operator's action.
  auto_reissue     boolean     NOT NULL DEFAULT false,
  -- The channels such a re-issue goes out on.
  reissue_channels text[]      NOT NULL DEFAULT ARRAY['email', 'webpush', 'mobile']::text[],
  -- Their API key (kind `partner`, owner = this id) for pulling the feed and sending in.
  api_key_id       uuid        NOT NULL,
  created_by       text        NOT NULL,
  created_at       timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  disabled_at      timestamptz,
  CONSTRAINT partners_country_check CHECK (country ~ '^[A-Z]{2}$'),
  CONSTRAINT partners_rules_check CHECK (rules <@ ARRAY['all', 'border', 'destination']::text[]),
  CONSTRAINT partners_languages_check CHECK (cardinality(languages) >= 1)
);

CREATE UNIQUE INDEX partners_country_key ON partners (country) WHERE disabled_at IS NULL;

-- The NGO operator's explicit choice at activation.
CREATE TABLE partner_alert_choices (
  alert_id    uuid        NOT NULL REFERENCES alerts (id),
  partner_id  uuid        NOT NULL REFERENCES partners (id),
  chosen_by   text        NOT NULL,
  chosen_at   timestamptz NOT NULL,
  PRIMARY KEY (alert_id, partner_id)
);

-- Every partner an alert's message matched (written by the dispatcher before
-- the batch leaves): a partner matched once gets every later message of it,
-- whatever its rule says then; the feed shows each partner what concerns it.
CREATE TABLE partner_alert_matches (
  alert_id    uuid        NOT NULL REFERENCES alerts (id),
  partner_id  uuid        NOT NULL REFERENCES partners (id),
  -- The version that first matched, and why (partnerReasons).
  version     integer     NOT NULL,
  reasons     jsonb       NOT NULL,
  matched_at  timestamptz NOT NULL,
  PRIMARY KEY (alert_id, partner_id)
);

CREATE INDEX partner_alert_matches_partner_idx ON partner_alert_matches (partner_id, matched_at DESC);

-- An alert a partner sent in: what NGO operators see, and its local re-issue.
CREATE TABLE partner_inbound_alerts (
  id               uuid        PRIMARY KEY,
  partner_id       uuid        NOT NULL REFERENCES partners (id),
  -- The partner's first message of it (CAP sender, identifier, sent).
  sender           text        NOT NULL,
  identifier       text        NOT NULL,
  sent             timestamptz NOT NULL,
  -- active | ended (an AllClear update) | cancelled.
  status           text        NOT NULL,
  headline         text,
  received_at      timestamptz NOT NULL,
  updated_at       timestamptz NOT NULL,
  -- The alert this deployment re-issued it as.
  local_alert_id   uuid        REFERENCES alerts (id),
  reissued_at      timestamptz,
  reissued_by      text,
  CONSTRAINT partner_inbound_alerts_status_check CHECK (status IN ('active', 'ended', 'cancelled')),
  CONSTRAINT partner_inbound_alerts_message_key UNIQUE (sender, identifier, sent)
);

CREATE UNIQUE INDEX partner_inbound_alerts_local_key ON partner_inbound_alerts (local_alert_id)
  WHERE local_alert_id IS NOT NULL;

-- Every message a partner sent that passed the checks, byte for byte (its
-- signature stays verifiable). Duplicates are recognised by (sender, identifier, sent).
CREATE TABLE partner_inbound_messages (
  id                uuid        PRIMARY KEY,
  partner_id        uuid        NOT NULL REFERENCES partners (id),
  sender            text        NOT NULL,
  identifier        text        NOT NULL,
  sent              timestamptz NOT NULL,
  msg_type          text        NOT NULL,
  -- `sender,identifier,sent` of each referenced message.
  refs              text[]      NOT NULL,
  -- The inbound alert it belongs to (Alert, Update, Cancel), or the publication it acknowledges (Ack).
  inbound_alert_id  uuid        REFERENCES partner_inbound_alerts (id),
  acknowledges      text,
  cap_xml           text        NOT NULL,
  received_at       timestamptz NOT NULL,
  CONSTRAINT partner_inbound_messages_key UNIQUE (sender, identifier, sent),
  CONSTRAINT partner_inbound_messages_msg_type_check CHECK (msg_type IN ('Alert', 'Update', 'Cancel', 'Ack', 'Error'))
);

CREATE INDEX partner_inbound_messages_alert_idx ON partner_inbound_messages (inbound_alert_id);

-- The signed bytes each partner was sent for each version (partner-worker,
-- before the POST): what the partner's feed serves, unchanged.
CREATE TABLE partner_sent_messages (
  partner_id  uuid        NOT NULL REFERENCES partners (id),
  alert_id    uuid        NOT NULL REFERENCES alerts (id),
  version     integer     NOT NULL,
  cap_xml     text        NOT NULL,
  signed_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (partner_id, alert_id, version)
);

CREATE INDEX partner_sent_messages_feed_idx ON partner_sent_messages (partner_id, signed_at DESC);
