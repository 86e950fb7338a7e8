-- Retention of what the cross-border exchange keeps. Partners' messages and
-- the signed messages we sent them carry the same personal data as the
-- alert itself (the child's name, age, last-seen place, texts, inline photo),
-- so they go by the same rule as redact_alert (0007):
--
-- * the signed messages partners were sent for an alert's content versions
--   are erased when the retention job redacts that alert (the closure
--   messages, which hold no personal data, stay in the partners' feeds);
-- * what a partner sent in (its Alert, Update and Cancel messages, and the
--   inbound alert's headline) is erased RETENTION_DAYS after the partner
--   ended it (status ended or cancelled) or after it expired (CAP expires),
--   and never while its local re-issue is live.
--
-- What proves what was there stays: sender, identifier, sent (duplicates are
-- still recognised), references, dates, and the SHA-256 of each erased
-- message in the audit row.

ALTER TABLE partner_sent_messages ADD COLUMN redacted_at timestamptz;
ALTER TABLE partner_sent_messages ADD CONSTRAINT partner_sent_messages_redacted_check CHECK (
  redacted_at IS NULL OR cap_xml = '');

ALTER TABLE partner_inbound_messages ADD COLUMN redacted_at timestamptz;
ALTER TABLE partner_inbound_messages ADD CONSTRAINT partner_inbound_messages_redacted_check CHECK (
  redacted_at IS NULL OR cap_xml = '');

-- The partner's latest CAP expires: an inbound alert the partner never ends still leaves after it.
ALTER TABLE partner_inbound_alerts ADD COLUMN expires_at timestamptz;
ALTER TABLE partner_inbound_alerts ADD COLUMN redacted_at timestamptz;
ALTER TABLE partner_inbound_alerts ADD CONSTRAINT partner_inbound_alerts_redacted_check CHECK (
  redacted_at IS NULL OR headline IS NULL);

CREATE INDEX partner_inbound_alerts_retention_idx ON partner_inbound_alerts (updated_at)
  WHERE redacted_at IS NULL;

-- The signed copies partners were sent of an alert's content versions; called
-- by the retention job in redact_alert's transaction. Returns what it erased.
CREATE FUNCTION redact_partner_copies(p_alert_id uuid, p_at timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_sent jsonb;
BEGIN
  WITH old AS (
    SELECT s.partner_id, s.version, encode(sha256(convert_to(s.cap_xml, 'UTF8')), 'hex') AS sha256
      FROM partner_sent_messages s
      JOIN alert_versions v ON v.alert_id = s.alert_id AND v.version = s.version AND v.kind = 'content'
     WHERE s.alert_id = p_alert_id AND s.redacted_at IS NULL),
  erased AS (
    UPDATE partner_sent_messages s SET cap_xml = '', redacted_at = p_at
      FROM old WHERE s.alert_id = p_alert_id AND s.partner_id = old.partner_id AND s.version = old.version
    RETURNING s.partner_id, s.version, old.sha256)
  SELECT coalesce(jsonb_agg(jsonb_build_object('partnerId', partner_id, 'version', version, 'sha256', sha256)
                            ORDER BY partner_id, version), '[]'::jsonb)
    INTO v_sent FROM erased;
  RETURN v_sent;
END;
$$;

-- Erases one inbound alert's messages and headline, in the caller's
-- transaction (which writes the audit row). Refuses one that is not due.
CREATE FUNCTION redact_inbound_alert(p_id uuid, p_ended_before timestamptz, p_at timestamptz) RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
  v_messages jsonb;
BEGIN
  PERFORM 1 FROM partner_inbound_alerts a
   WHERE a.id = p_id AND a.redacted_at IS NULL
     AND ((a.status IN ('ended', 'cancelled') AND a.updated_at <= p_ended_before)
          OR a.expires_at <= p_ended_before)
     AND NOT EXISTS (SELECT 1 FROM alerts l WHERE l.id = a.local_alert_id
                      AND l.state NOT IN ('REJECTED', 'RESOLVED', 'CANCELLED', 'EXPIRED'))
   FOR UPDATE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'inbound alert % is not due for redaction', p_id
      USING ERRCODE = 'object_not_in_prerequisite_state';
  END IF;

  WITH old AS (
    SELECT id, msg_type, encode(sha256(convert_to(cap_xml, 'UTF8')), 'hex') AS sha256
      FROM partner_inbound_messages WHERE inbound_alert_id = p_id AND redacted_at IS NULL),
  erased AS (
    UPDATE partner_inbound_messages m SET cap_xml = '', redacted_at = p_at
      FROM old WHERE m.id = old.id
    RETURNING m.id, old.msg_type, old.sha256, m.sent)
  SELECT coalesce(jsonb_agg(jsonb_build_object('id', id, 'msgType', msg_type, 'sha256', sha256)
                            ORDER BY sent, id), '[]'::jsonb)
    INTO v_messages FROM erased;

  UPDATE partner_inbound_alerts SET headline = NULL, redacted_at = p_at WHERE id = p_id;
  RETURN v_messages;
END;
$$;
