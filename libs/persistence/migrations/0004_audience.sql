-- Subscribers of the public channels: web push, mobile (FCM) and e-mail.
--
-- Least personal data: no names, no IP addresses, no user agents. A push
-- subscription is what the browser hands us (endpoint and keys), a mobile one
-- the FCM token, an e-mail one the address (we must, to send).
--
-- Every table carries the same area columns, built for one job: the dispatcher
-- streams a channel's audience in id order (keyset pages, `id > $last ORDER BY
-- id LIMIT n`) and prefilters in SQL; the exact geometry runs in JavaScript.
--   area_kind 'circle':  lat, lon, radius_km, and its bounding box
--                        (min/max lat/lon) for the prefilter against the
--                        alert's box;
--   area_kind 'regions': region_codes, ISO 3166-1 alpha-2 (`GR`, a whole
--                        country) or ISO 3166-2 (`GR-I`);
--   countries:           the ISO 3166-1 countries the area touches (a
--                        circle's from the borders the service ships), so an
--                        alert for a region or country reaches circles too.
-- Ids are bigint identities: half the size of a uuid in every dispatch batch
-- and delivery-ledger row, ordered for keyset paging, never reused. An id is no
-- credential: nothing deletes or changes a subscription by its id alone.

-- Element checks by one regular expression over the joined array: a row
-- check per element (unnest) made bulk loads several times slower.
CREATE FUNCTION audience_codes_match(codes text[], element_pattern text) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT array_position(codes, NULL) IS NULL
     AND strpos(array_to_string(codes, ''), ',') = 0
     AND array_to_string(codes, ',') ~ ('^(' || element_pattern || ')(,(' || element_pattern || '))*$')
$$;

CREATE FUNCTION audience_area_valid(
  area_kind text, lat double precision, lon double precision, radius_km double precision,
  min_lat double precision, max_lat double precision, min_lon double precision, max_lon double precision,
  region_codes text[], countries text[]
) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT countries IS NOT NULL
     AND cardinality(countries) <= 50
     AND (cardinality(countries) = 0 OR audience_codes_match(countries, '[A-Z]{2}'))
     AND CASE area_kind
       WHEN 'circle' THEN
         lat BETWEEN -90 AND 90 AND lon BETWEEN -180 AND 180
         AND radius_km > 0 AND radius_km <= 1000
         AND min_lat IS NOT NULL AND max_lat IS NOT NULL AND min_lon IS NOT NULL AND max_lon IS NOT NULL
         AND min_lat <= lat AND lat <= max_lat AND min_lon <= lon AND lon <= max_lon
         AND region_codes IS NULL
       WHEN 'regions' THEN
         lat IS NULL AND lon IS NULL AND radius_km IS NULL
         AND min_lat IS NULL AND max_lat IS NULL AND min_lon IS NULL AND max_lon IS NULL
         AND region_codes IS NOT NULL AND cardinality(region_codes) BETWEEN 1 AND 50
         AND audience_codes_match(region_codes, '[A-Z]{2}(-[A-Z0-9]{1,3})?')
         AND cardinality(countries) >= 1
       ELSE false
     END
$$;

CREATE FUNCTION audience_languages_valid(languages text[]) RETURNS boolean
LANGUAGE sql IMMUTABLE AS $$
  SELECT languages IS NOT NULL
     AND cardinality(languages) BETWEEN 1 AND 10
     AND audience_codes_match(languages, '[a-z]{2}')
$$;

CREATE TABLE webpush_subscriptions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The push service's URL for this browser: a capability, long and unguessable.
  endpoint      text        NOT NULL,
  -- The browser's P-256 public key (65 bytes, uncompressed) and auth secret
  -- (16 bytes), base64url: RFC 8291 encrypts every message with them.
  p256dh        text        NOT NULL,
  auth          text        NOT NULL,
  languages     text[]      NOT NULL,
  area_kind     text        NOT NULL,
  lat           double precision,
  lon           double precision,
  radius_km     double precision,
  min_lat       double precision,
  max_lat       double precision,
  min_lon       double precision,
  max_lon       double precision,
  region_codes  text[],
  countries     text[]      NOT NULL,
  -- Exercise alerts reach only these (set by an ngo_admin, audited).
  test_audience boolean     NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT webpush_subscriptions_endpoint_key UNIQUE (endpoint),
  CONSTRAINT webpush_subscriptions_endpoint_check CHECK (length(endpoint) <= 2048),
  CONSTRAINT webpush_subscriptions_keys_check CHECK (p256dh ~ '^[A-Za-z0-9_-]{87}$' AND auth ~ '^[A-Za-z0-9_-]{22}$'),
  CONSTRAINT webpush_subscriptions_languages_check CHECK (audience_languages_valid(languages)),
  CONSTRAINT webpush_subscriptions_area_check CHECK (audience_area_valid(
    area_kind, lat, lon, radius_km, min_lat, max_lat, min_lon, max_lon, region_codes, countries))
);

-- Exercise fan-outs read only the (few) test subscriptions, still in id order.
CREATE INDEX webpush_subscriptions_test_idx ON webpush_subscriptions (id) WHERE test_audience;

CREATE TABLE mobile_subscriptions (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The FCM registration token of the app installation.
  token         text        NOT NULL,
  platform      text        NOT NULL,
  languages     text[]      NOT NULL,
  area_kind     text        NOT NULL,
  lat           double precision,
  lon           double precision,
  radius_km     double precision,
  min_lat       double precision,
  max_lat       double precision,
  min_lon       double precision,
  max_lon       double precision,
  region_codes  text[],
  countries     text[]      NOT NULL,
  test_audience boolean     NOT NULL DEFAULT false,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT mobile_subscriptions_token_key UNIQUE (token),
  CONSTRAINT mobile_subscriptions_token_check CHECK (
    length(token) BETWEEN 20 AND 4096 AND token ~ '^[A-Za-z0-9_:.-]+$'),
  CONSTRAINT mobile_subscriptions_platform_check CHECK (platform IN ('android', 'ios', 'web')),
  CONSTRAINT mobile_subscriptions_languages_check CHECK (audience_languages_valid(languages)),
  CONSTRAINT mobile_subscriptions_area_check CHECK (audience_area_valid(
    area_kind, lat, lon, radius_km, min_lat, max_lat, min_lon, max_lon, region_codes, countries))
);

CREATE INDEX mobile_subscriptions_test_idx ON mobile_subscriptions (id) WHERE test_audience;

CREATE TABLE email_subscriptions (
  id                      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- Lower-cased; the only personal datum we keep, because we must to send.
  address                 text        NOT NULL,
  -- One language for e-mail (the API takes one); an array like the other channels.
  languages               text[]      NOT NULL,
  area_kind               text        NOT NULL,
  lat                     double precision,
  lon                     double precision,
  radius_km               double precision,
  min_lat                 double precision,
  max_lat                 double precision,
  min_lon                 double precision,
  max_lon                 double precision,
  region_codes            text[],
  countries               text[]      NOT NULL,
  test_audience           boolean     NOT NULL DEFAULT false,
  -- Double opt-in: nothing is sent to a row whose confirmed_at is null.
  confirmed_at            timestamptz,
  -- Only the link carrying the current nonce confirms; a resend replaces it.
  confirmation_nonce      text        NOT NULL,
  confirmation_expires_at timestamptz NOT NULL,
  -- Last successful send of a confirmation e-mail (resend throttle).
  confirmation_sent_at    timestamptz,
  -- A confirmed subscriber's requested change of area or language, applied
  -- only when the new link is followed: nobody changes another's subscription.
  pending_change          jsonb,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT email_subscriptions_address_key UNIQUE (address),
  CONSTRAINT email_subscriptions_address_check CHECK (
    length(address) <= 254 AND address = lower(address) AND address ~ '^[^@\s]+@[^@\s]+$'),
  CONSTRAINT email_subscriptions_nonce_check CHECK (confirmation_nonce ~ '^[A-Za-z0-9_-]{16,64}$'),
  CONSTRAINT email_subscriptions_languages_check CHECK (
    audience_languages_valid(languages) AND cardinality(languages) = 1),
  CONSTRAINT email_subscriptions_area_check CHECK (audience_area_valid(
    area_kind, lat, lon, radius_km, min_lat, max_lat, min_lon, max_lon, region_codes, countries))
);

-- The dispatcher reads confirmed rows only; the purge reads expired unconfirmed ones.
CREATE INDEX email_subscriptions_confirmed_idx ON email_subscriptions (id) WHERE confirmed_at IS NOT NULL;
CREATE INDEX email_subscriptions_test_idx ON email_subscriptions (id)
  WHERE test_audience AND confirmed_at IS NOT NULL;
CREATE INDEX email_subscriptions_unconfirmed_idx ON email_subscriptions (confirmation_expires_at)
  WHERE confirmed_at IS NULL;
