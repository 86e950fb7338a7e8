-- People who log in (argon2id hashes only), API keys of machines (SHA-256
-- only) and the append-only, hash-chained audit log.

CREATE TABLE users (
  id                 uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  username           text        NOT NULL,
  password_hash      text        NOT NULL,
  display_name       text        NOT NULL,
  organisation       text        NOT NULL,
  roles              text[]      NOT NULL,
  disabled           boolean     NOT NULL DEFAULT false,
  -- Seeded demo account: never trusted in production (disabled at start there).
  demo               boolean     NOT NULL DEFAULT false,
  failed_attempts    integer     NOT NULL DEFAULT 0,
  last_failed_at     timestamptz,
  locked_until       timestamptz,
  -- Carried in every token; bumped on password reset and disable, which
  -- invalidates the tokens issued before.
  token_version      integer     NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT users_username_key UNIQUE (username),
  CONSTRAINT users_username_format CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  CONSTRAINT users_failed_attempts_check CHECK (failed_attempts >= 0),
  -- A user belongs to one organisation and holds only roles of it: the
  -- two-organisation rule of the alert lifecycle depends on it.
  CONSTRAINT users_roles_check CHECK (
    cardinality(roles) > 0 AND (
      (organisation = 'police'  AND roles <@ ARRAY['police_officer', 'police_supervisor']::text[]) OR
      (organisation = 'ngo'     AND roles <@ ARRAY['ngo_operator', 'ngo_admin']::text[]) OR
      (organisation = 'auditor' AND roles <@ ARRAY['auditor']::text[])
    )
  )
);

CREATE INDEX users_roles_idx ON users USING gin (roles);

CREATE TABLE api_keys (
  id         uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  kind       text        NOT NULL,
  owner_id   text        NOT NULL,
  label      text,
  -- The first characters of the key, shown in lists and used to find the row.
  prefix     text        NOT NULL,
  -- SHA-256 (hex) of the whole key; the key itself is shown once and never stored.
  hash       text        NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CONSTRAINT api_keys_hash_key UNIQUE (hash),
  CONSTRAINT api_keys_kind_format CHECK (kind ~ '^[a-z][a-z0-9_-]{0,31}$')
);

CREATE INDEX api_keys_prefix_idx ON api_keys (prefix);
CREATE INDEX api_keys_owner_idx ON api_keys (kind, owner_id);

-- seq is assigned by the appender (last seq + 1 under an advisory lock), not
-- by a sequence: a sequence leaves gaps when a transaction rolls back, and a
-- gap must mean a removed row.
CREATE TABLE audit_log (
  seq            bigint      PRIMARY KEY,
  -- Millisecond precision: the hash covers the ISO form JavaScript writes.
  at             timestamptz(3) NOT NULL,
  actor_type     text        NOT NULL,
  actor_id       text,
  actor_name     text        NOT NULL,
  action         text        NOT NULL,
  subject_type   text,
  subject_id     text,
  details        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  correlation_id text,
  prev_hash      text        NOT NULL,
  hash           text        NOT NULL,
  CONSTRAINT audit_log_seq_check CHECK (seq > 0),
  CONSTRAINT audit_log_actor_type_check CHECK (actor_type IN ('user', 'api_key', 'system', 'anonymous')),
  CONSTRAINT audit_log_hash_format CHECK (hash ~ '^[0-9a-f]{64}$' AND prev_hash ~ '^[0-9a-f]{64}$'),
  -- One successor per row: the chain cannot fork even if an appender misbehaves.
  CONSTRAINT audit_log_prev_hash_key UNIQUE (prev_hash),
  CONSTRAINT audit_log_hash_key UNIQUE (hash)
);

CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_actor_id_idx ON audit_log (actor_id, seq);
CREATE INDEX audit_log_actor_name_idx ON audit_log (actor_name, seq);
CREATE INDEX audit_log_action_idx ON audit_log (action, seq);
CREATE INDEX audit_log_subject_idx ON audit_log (subject_type, subject_id, seq);

-- Append-only in the database too. Whoever can disable this trigger can still
-- change rows, but the hash chain then shows where (AuditService.verify).
CREATE FUNCTION audit_log_refuse_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER audit_log_append_only
  BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

CREATE TRIGGER audit_log_no_truncate
  BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();
