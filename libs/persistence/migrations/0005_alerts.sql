-- Alerts: the aggregate row (one per alert, locked FOR UPDATE by every
-- command), its immutable versions, the validators' decisions, the published
-- CAP messages (the exact bytes that went out), and the photos with their
-- channel derivatives. The rules live in libs/alerts; these tables only keep
-- what its transitions decided.

CREATE TABLE alerts (
  id                         uuid        PRIMARY KEY,
  state                      text        NOT NULL,
  -- Fixed at creation: an exercise stays one through every version.
  exercise                   boolean     NOT NULL,
  author_id                  text        NOT NULL,
  author_organisation        text        NOT NULL,
  created_at                 timestamptz NOT NULL,
  updated_at                 timestamptz NOT NULL,
  -- Highest version number taken so far.
  latest_version             integer     NOT NULL,
  -- What the public sees (from activation on; the closure version after the end).
  live_version               integer,
  -- The last content version that was live: the restricted record after the end.
  last_content_version       integer,
  -- The draft before activation, or a proposed update while ACTIVE.
  candidate_version          integer,
  candidate_state            text,
  -- Everyone who wrote the candidate: none of them may validate it.
  candidate_editors          text[]      NOT NULL DEFAULT '{}',
  -- The channels the NGO chose at activation; updates and the end reach the same.
  channels                   text[],
  -- The live content's expiry while ACTIVE (the expiry job's index), else null.
  expires_at                 timestamptz,
  CONSTRAINT alerts_state_check CHECK (state IN (
    'DRAFT', 'PENDING_VALIDATION', 'VALIDATED', 'ACTIVE', 'REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED')),
  CONSTRAINT alerts_candidate_state_check CHECK (
    (candidate_version IS NULL AND candidate_state IS NULL) OR
    (candidate_version IS NOT NULL AND candidate_state IN ('DRAFT', 'PENDING_VALIDATION', 'VALIDATED', 'REJECTED'))),
  CONSTRAINT alerts_versions_check CHECK (
    latest_version >= 1
    AND coalesce(live_version, 1) <= latest_version
    AND coalesce(candidate_version, 1) <= latest_version
    AND coalesce(last_content_version, 1) <= latest_version),
  CONSTRAINT alerts_active_expiry_check CHECK ((state = 'ACTIVE') = (expires_at IS NOT NULL)),
  CONSTRAINT alerts_live_check CHECK (
    state NOT IN ('ACTIVE', 'RESOLVED', 'EXPIRED') OR live_version IS NOT NULL)
);

-- The expiry job reads only live alerts, soonest first.
CREATE INDEX alerts_expiry_idx ON alerts (expires_at) WHERE state = 'ACTIVE';
CREATE INDEX alerts_state_idx ON alerts (state, updated_at DESC);
CREATE INDEX alerts_created_idx ON alerts (created_at DESC, id);

-- Every version of every alert: a change makes a new row, never edits one.
CREATE TABLE alert_versions (
  alert_id                uuid        NOT NULL REFERENCES alerts (id),
  version                 integer     NOT NULL,
  -- 'content' (what the alert says) or 'closure' (the end: no personal data).
  kind                    text        NOT NULL,
  -- The canonical JSON of the content (libs/alerts contentToJson): it hashes to content_hash.
  content                 jsonb       NOT NULL,
  content_hash            text        NOT NULL,
  created_at              timestamptz NOT NULL,
  created_by              text        NOT NULL,
  created_by_organisation text        NOT NULL,
  PRIMARY KEY (alert_id, version),
  CONSTRAINT alert_versions_version_check CHECK (version >= 1),
  CONSTRAINT alert_versions_kind_check CHECK (kind IN ('content', 'closure')),
  CONSTRAINT alert_versions_hash_check CHECK (content_hash ~ '^[0-9a-f]{64}$')
);

-- Scans of prosecutors' orders, uploaded for the validation: restricted,
-- never public, kept as uploaded (the evidence of the order).
CREATE TABLE alert_documents (
  id          uuid        PRIMARY KEY,
  alert_id    uuid        NOT NULL REFERENCES alerts (id),
  mime_type   text        NOT NULL,
  size        integer     NOT NULL,
  sha256      text        NOT NULL,
  bytes       bytea       NOT NULL,
  uploaded_by text        NOT NULL,
  uploaded_at timestamptz NOT NULL,
  CONSTRAINT alert_documents_mime_type_check CHECK (mime_type IN ('application/pdf', 'image/jpeg', 'image/png')),
  CONSTRAINT alert_documents_size_check CHECK (size = octet_length(bytes))
);

CREATE INDEX alert_documents_alert_idx ON alert_documents (alert_id);

-- The validator's answers: each AMBER criterion and the prosecutor's order,
-- or the reason of a rejection. One decision per version.
CREATE TABLE alert_decisions (
  alert_id               uuid        NOT NULL,
  version                integer     NOT NULL,
  decision               text        NOT NULL,
  -- The content the validator saw (validated only).
  content_hash           text,
  criteria               jsonb,
  prosecutor_reference   text,
  prosecutor_office      text,
  prosecutor_issued_at   timestamptz,
  prosecutor_document_id uuid REFERENCES alert_documents (id),
  reason                 text,
  decided_by             text        NOT NULL,
  decided_by_organisation text       NOT NULL,
  decided_at             timestamptz NOT NULL,
  PRIMARY KEY (alert_id, version),
  FOREIGN KEY (alert_id, version) REFERENCES alert_versions (alert_id, version),
  CONSTRAINT alert_decisions_decision_check CHECK (
    (decision = 'validated' AND content_hash IS NOT NULL AND criteria IS NOT NULL
      AND prosecutor_reference IS NOT NULL AND prosecutor_office IS NOT NULL
      AND prosecutor_issued_at IS NOT NULL AND reason IS NULL) OR
    (decision = 'rejected' AND reason IS NOT NULL AND criteria IS NULL))
);

-- One row per published version: the CAP message exactly as it went out.
CREATE TABLE alert_publications (
  alert_id    uuid        NOT NULL,
  version     integer     NOT NULL,
  -- activated | updated | resolved | cancelled | expired (alerts.lifecycle.v1 type).
  type        text        NOT NULL,
  msg_type    text        NOT NULL,
  identifier  text        NOT NULL,
  sender      text        NOT NULL,
  sent        timestamptz NOT NULL,
  exercise    boolean     NOT NULL,
  channels    text[]      NOT NULL,
  -- The outbox event that announced it (alerts.lifecycle.v1 eventId).
  event_id    uuid        NOT NULL,
  -- Validated against the OASIS CAP 1.2 schema before it was stored; served byte for byte.
  cap_xml     text        NOT NULL,
  cap_sha256  text        NOT NULL,
  PRIMARY KEY (alert_id, version),
  FOREIGN KEY (alert_id, version) REFERENCES alert_versions (alert_id, version),
  CONSTRAINT alert_publications_identifier_key UNIQUE (identifier),
  CONSTRAINT alert_publications_event_id_key UNIQUE (event_id),
  CONSTRAINT alert_publications_type_check CHECK (type IN ('activated', 'updated', 'resolved', 'cancelled', 'expired')),
  CONSTRAINT alert_publications_msg_type_check CHECK (msg_type IN ('Alert', 'Update', 'Cancel'))
);

-- Photos uploaded to an alert: checked by content, re-encoded without any
-- metadata (processPhoto). The bytes of each variant live in photo_variants.
CREATE TABLE photos (
  id                   uuid        PRIMARY KEY,
  alert_id             uuid        NOT NULL REFERENCES alerts (id),
  -- What the upload really was (jpeg, png, webp), by its content.
  source_type          text        NOT NULL,
  uploaded_by          text        NOT NULL,
  uploaded_at          timestamptz NOT NULL,
  CONSTRAINT photos_source_type_check CHECK (source_type IN ('jpeg', 'png', 'webp'))
);

CREATE INDEX photos_alert_idx ON photos (alert_id);

CREATE TABLE photo_variants (
  photo_id   uuid    NOT NULL REFERENCES photos (id),
  -- original (capped, stripped), push icon, email, social card.
  variant    text    NOT NULL,
  mime_type  text    NOT NULL,
  width      integer NOT NULL,
  height     integer NOT NULL,
  size       integer NOT NULL,
  sha1       text    NOT NULL,
  sha256     text    NOT NULL,
  bytes      bytea   NOT NULL,
  PRIMARY KEY (photo_id, variant),
  CONSTRAINT photo_variants_variant_check CHECK (variant IN ('original', 'push', 'email', 'social')),
  CONSTRAINT photo_variants_size_check CHECK (size = octet_length(bytes))
);

-- What was decided and published is history: refused in the database too.
CREATE FUNCTION alert_history_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER alert_versions_insert_only
  BEFORE UPDATE OR DELETE ON alert_versions
  FOR EACH ROW EXECUTE FUNCTION alert_history_refuse_change();

CREATE TRIGGER alert_decisions_insert_only
  BEFORE UPDATE OR DELETE ON alert_decisions
  FOR EACH ROW EXECUTE FUNCTION alert_history_refuse_change();

CREATE TRIGGER alert_publications_insert_only
  BEFORE UPDATE OR DELETE ON alert_publications
  FOR EACH ROW EXECUTE FUNCTION alert_history_refuse_change();
