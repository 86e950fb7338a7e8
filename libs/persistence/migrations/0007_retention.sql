-- Retention of the restricted record. Once an alert has ended (REJECTED,
-- RESOLVED, CANCELLED, EXPIRED) for longer than the retention setting, the
-- retention job (alert-api) calls redact_alert: the personal data goes — the
-- content of every content version, the CAP messages that carried it, the
-- reasons of rejections, the bytes of photos and of prosecutors' orders —
-- and everything that proves what was there stays: version numbers,
-- authorship, dates, content_hash, cap_sha256, the files' sizes and hashes,
-- and the closure version with its CAP message (which never held personal
-- data). `redacted_at` marks each erased row and the alert itself.
--
-- alert_versions, alert_decisions and alert_publications stay insert-only:
-- their guard admits one UPDATE only, made inside redact_alert for an ended
-- alert, that sets redacted_at once and replaces the table's personal columns
-- (named in the trigger's arguments) with the marker the CHECK constraints
-- require. Every other UPDATE and every DELETE is refused as before. This
-- guards against mistakes, not against the database's owner: with a separate
-- application role, revoke UPDATE on these tables and make redact_alert
-- SECURITY DEFINER.

ALTER TABLE alerts ADD COLUMN redacted_at timestamptz;
ALTER TABLE alerts ADD CONSTRAINT alerts_redacted_check CHECK (
  redacted_at IS NULL OR state IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED'));

-- The retention job's index: ended alerts not redacted yet, longest ended
-- first. No command changes an ended alert, so updated_at is when it ended.
CREATE INDEX alerts_retention_idx ON alerts (updated_at)
  WHERE redacted_at IS NULL AND state IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED');

ALTER TABLE alert_versions ADD COLUMN redacted_at timestamptz;
ALTER TABLE alert_versions ADD CONSTRAINT alert_versions_redacted_check CHECK (
  redacted_at IS NULL OR (kind = 'content' AND content = '{"redacted": true}'::jsonb));

ALTER TABLE alert_publications ADD COLUMN redacted_at timestamptz;
ALTER TABLE alert_publications ADD CONSTRAINT alert_publications_redacted_check CHECK (
  redacted_at IS NULL OR cap_xml = '');

ALTER TABLE alert_decisions ADD COLUMN redacted_at timestamptz;
ALTER TABLE alert_decisions ADD CONSTRAINT alert_decisions_redacted_check CHECK (
  redacted_at IS NULL OR reason IS NOT DISTINCT FROM 'redacted');

-- Files keep their row (a decision may name the document), size and hashes; the bytes go.
ALTER TABLE alert_documents ADD COLUMN redacted_at timestamptz;
ALTER TABLE alert_documents DROP CONSTRAINT alert_documents_size_check;
ALTER TABLE alert_documents ADD CONSTRAINT alert_documents_size_check CHECK (
  (redacted_at IS NULL AND size = octet_length(bytes)) OR
  (redacted_at IS NOT NULL AND octet_length(bytes) = 0));

ALTER TABLE photo_variants ADD COLUMN redacted_at timestamptz;
ALTER TABLE photo_variants DROP CONSTRAINT photo_variants_size_check;
ALTER TABLE photo_variants ADD CONSTRAINT photo_variants_size_check CHECK (
  (redacted_at IS NULL AND size = octet_length(bytes)) OR
  (redacted_at IS NOT NULL AND octet_length(bytes) = 0));

-- The insert-only guard with its one exception. TG_ARGV: the columns a
-- redaction replaces (their marker values are the CHECK constraints' job).
CREATE FUNCTION alert_history_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE'
     AND current_setting('childalert.redacting_alert', true) = OLD.alert_id::text
     AND EXISTS (SELECT 1 FROM alerts a
                  WHERE a.id = OLD.alert_id AND a.state IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED'))
     AND OLD.redacted_at IS NULL
     AND NEW.redacted_at IS NOT NULL
     AND to_jsonb(NEW) - TG_ARGV - 'redacted_at' = to_jsonb(OLD) - TG_ARGV - 'redacted_at'
  THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION '% is insert-only: % refused', TG_TABLE_NAME, TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

DROP TRIGGER alert_versions_insert_only ON alert_versions;
CREATE TRIGGER alert_versions_insert_only
  BEFORE UPDATE OR DELETE ON alert_versions
  FOR EACH ROW EXECUTE FUNCTION alert_history_guard('content');

DROP TRIGGER alert_decisions_insert_only ON alert_decisions;
CREATE TRIGGER alert_decisions_insert_only
  BEFORE UPDATE OR DELETE ON alert_decisions
  FOR EACH ROW EXECUTE FUNCTION alert_history_guard('reason');

DROP TRIGGER alert_publications_insert_only ON alert_publications;
CREATE TRIGGER alert_publications_insert_only
  BEFORE UPDATE OR DELETE ON alert_publications
  FOR EACH ROW EXECUTE FUNCTION alert_history_guard('cap_xml');

DROP FUNCTION alert_history_refuse_change();

-- Erases the personal data of one ended alert, in the caller's transaction
-- (which writes the audit row beside it). Returns what it erased, by id and
-- hash only, for that audit row. Refuses an alert that is live, unknown or
-- redacted already.
CREATE FUNCTION redact_alert(p_alert_id uuid, p_at timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_state text;
  v_redacted_at timestamptz;
  v_versions jsonb;
  v_publications jsonb;
  v_decisions jsonb;
  v_documents jsonb;
  v_photos jsonb;
BEGIN
  SELECT state, redacted_at INTO v_state, v_redacted_at FROM alerts WHERE id = p_alert_id FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'alert % does not exist', p_alert_id USING ERRCODE = 'no_data_found';
  END IF;
  IF v_state NOT IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED') THEN
    RAISE EXCEPTION 'alert % is %: only an ended alert is redacted', p_alert_id, v_state
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;
  IF v_redacted_at IS NOT NULL THEN
    RAISE EXCEPTION 'alert % was redacted at %', p_alert_id, v_redacted_at
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  -- Opens the guard for this alert, until the end of this function.
  PERFORM set_config('childalert.redacting_alert', p_alert_id::text, true);

  WITH erased AS (
    UPDATE alert_versions SET content = '{"redacted": true}'::jsonb, redacted_at = p_at
     WHERE alert_id = p_alert_id AND kind = 'content'
    RETURNING version, content_hash)
  SELECT coalesce(jsonb_agg(jsonb_build_object('version', version, 'contentHash', content_hash)
                            ORDER BY version), '[]'::jsonb)
    INTO v_versions FROM erased;

  -- The messages of content versions; the closure's (no personal data) stays served.
  WITH erased AS (
    UPDATE alert_publications p SET cap_xml = '', redacted_at = p_at
      FROM alert_versions v
     WHERE p.alert_id = p_alert_id AND v.alert_id = p.alert_id AND v.version = p.version
       AND v.kind = 'content'
    RETURNING p.version, p.cap_sha256)
  SELECT coalesce(jsonb_agg(jsonb_build_object('version', version, 'capSha256', cap_sha256)
                            ORDER BY version), '[]'::jsonb)
    INTO v_publications FROM erased;

  -- A rejection's reason is free text about the child; the criteria and the order's reference stay.
  WITH erased AS (
    UPDATE alert_decisions SET reason = 'redacted', redacted_at = p_at
     WHERE alert_id = p_alert_id AND reason IS NOT NULL
    RETURNING version)
  SELECT coalesce(jsonb_agg(version ORDER BY version), '[]'::jsonb) INTO v_decisions FROM erased;

  WITH erased AS (
    UPDATE alert_documents SET bytes = ''::bytea, redacted_at = p_at
     WHERE alert_id = p_alert_id
    RETURNING id, sha256)
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'sha256', sha256) ORDER BY id), '[]'::jsonb)
    INTO v_documents FROM erased;

  WITH erased AS (
    UPDATE photo_variants pv SET bytes = ''::bytea, redacted_at = p_at
      FROM photos ph
     WHERE ph.id = pv.photo_id AND ph.alert_id = p_alert_id
    RETURNING pv.photo_id, pv.variant, pv.sha256)
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', photo_id, 'sha256', sha256) ORDER BY photo_id)
                    FILTER (WHERE variant = 'original'), '[]'::jsonb)
    INTO v_photos FROM erased;

  UPDATE alerts SET redacted_at = p_at WHERE id = p_alert_id;
  PERFORM set_config('childalert.redacting_alert', '', true);

  RETURN jsonb_build_object(
    'versions', v_versions,
    'publications', v_publications,
    'decisions', v_decisions,
    'documents', v_documents,
    'photos', v_photos);
END;
$$;
