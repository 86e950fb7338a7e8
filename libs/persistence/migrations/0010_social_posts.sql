-- What the social worker posted on the NGO's accounts: one row per (alert,
-- account, version), written BEFORE the post is sent (status 'posting': a cap
-- slot is reserved and the outcome is not known yet) and completed with the
-- post's id the moment X answers (status 'posted'). An alert's rows on one
-- account are its thread: the activation is the root (with the photo), an
-- update replies to the latest post, the ending replies and then deletes every
-- post that carried the child's photo (deleted_at).
--
-- A 'posting' row found by a later attempt is a post in doubt (the worker died
-- or the connection broke after the request left): the worker looks for it on
-- the account's timeline by text_sha256 before it posts again. The text itself
-- is not kept (it names the child); its hash is enough to recognise it.
--
-- The rows of the last 24 hours of an account (deleted posts included: X
-- counts them) are its daily cap, counted and reserved under an advisory lock
-- per account.
CREATE TABLE social_posts (
  alert_id     uuid        NOT NULL,
  account      text        COLLATE "C" NOT NULL,
  version      integer     NOT NULL,
  status       text        NOT NULL,
  text_sha256  text        NOT NULL,
  post_id      text,
  in_reply_to  text,
  has_media    boolean     NOT NULL DEFAULT false,
  -- The photo the post carries (an update shows a new one only when it changed).
  photo_id     uuid,
  reserved_at  timestamptz NOT NULL DEFAULT now(),
  posted_at    timestamptz,
  deleted_at   timestamptz,
  PRIMARY KEY (alert_id, account, version),
  CONSTRAINT social_posts_status_check CHECK (status IN ('posting', 'posted')),
  CONSTRAINT social_posts_posted_check CHECK (status <> 'posted' OR (post_id IS NOT NULL AND posted_at IS NOT NULL)),
  CONSTRAINT social_posts_deleted_check CHECK (deleted_at IS NULL OR status = 'posted')
);

-- The daily cap: an account's reservations of the last 24 hours.
CREATE INDEX social_posts_cap_idx ON social_posts (account, reserved_at);
