-- Disaster — IoT sensors (河川水位計・雨量計 …): the registry with thresholds and hysteresis, the
-- per-sensor ingestion keys (only their SHA-256), the raw readings (a time series, idempotent per
-- sensor and observation time), hourly aggregates that raw readings are rolled into after the
-- retention period, and the sensor's events (level changes, offline / back online) that staff
-- acknowledge.

CREATE TABLE sensors (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  names jsonb NOT NULL,
  kind text NOT NULL CHECK (kind IN ('water_level', 'rainfall', 'other')),
  unit text NOT NULL CHECK (length(unit) BETWEEN 1 AND 20),
  latitude double precision NOT NULL CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision NOT NULL CHECK (longitude BETWEEN -180 AND 180),
  -- 注意 / 警戒 / 危険: values at or above a threshold reach its level
  caution_threshold double precision NOT NULL,
  warning_threshold double precision NOT NULL,
  danger_threshold double precision NOT NULL,
  -- a level is left only once the value is below its threshold by this much
  hysteresis double precision NOT NULL DEFAULT 0 CHECK (hysteresis >= 0),
  -- physically plausible values; anything outside is refused as absurd
  range_min double precision NOT NULL,
  range_max double precision NOT NULL,
  expected_interval_seconds integer NOT NULL DEFAULT 600 CHECK (expected_interval_seconds BETWEEN 10 AND 86400),
  hazard text NOT NULL DEFAULT 'flood' CHECK (hazard IN ('flood', 'landslide', 'storm-surge', 'tsunami', 'earthquake', 'fire', 'volcano')),
  -- districts (notifications module's districts.id) an alert draft from this sensor targets
  district_ids uuid[] NOT NULL DEFAULT '{}',
  level text NOT NULL DEFAULT 'normal' CHECK (level IN ('normal', 'caution', 'warning', 'danger')),
  last_reading_at timestamptz,
  last_value double precision,
  is_offline boolean NOT NULL DEFAULT false,
  offline_since timestamptz,
  -- refused readings by reason: { "malformed": 3, "absurd": 1, "wrongKey": 2, … }
  rejected_counts jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  CHECK (caution_threshold < warning_threshold AND warning_threshold < danger_threshold),
  CHECK (range_min < range_max)
);

-- A sensor's ingestion key: `yks_<43 base64url characters>`, shown once; only the hash is kept.
-- Rotation revokes the previous key at once.
CREATE TABLE sensor_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  sensor_id uuid NOT NULL,
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  key_prefix text NOT NULL,
  created_by uuid,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key_hash),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff_users (tenant_id, id)
);
CREATE INDEX sensor_keys_live ON sensor_keys (tenant_id, sensor_id) WHERE revoked_at IS NULL;

-- Raw readings. The key (sensor, observed_at) makes a re-sent reading a no-op.
CREATE TABLE sensor_readings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  sensor_id uuid NOT NULL,
  observed_at timestamptz NOT NULL,
  value double precision NOT NULL,
  received_via text NOT NULL CHECK (received_via IN ('mqtt', 'http', 'seed')),
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sensor_id, observed_at),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, id) ON DELETE CASCADE
);

-- Hourly aggregates of readings older than the retention period. Sum and count (not the mean)
-- are kept so that rolling up more readings into an hour stays exact.
CREATE TABLE sensor_reading_hours (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  sensor_id uuid NOT NULL,
  hour_start timestamptz NOT NULL,
  min_value double precision NOT NULL,
  max_value double precision NOT NULL,
  sum_value double precision NOT NULL,
  reading_count integer NOT NULL CHECK (reading_count > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, sensor_id, hour_start),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, id) ON DELETE CASCADE
);

-- What happened to a sensor: a level change (from → to, with the reading), going offline, coming
-- back. Rises and offline warnings wait for a staff member's acknowledgement.
CREATE TABLE sensor_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  sensor_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('level', 'offline', 'online')),
  from_level text CHECK (from_level IN ('normal', 'caution', 'warning', 'danger')),
  to_level text CHECK (to_level IN ('normal', 'caution', 'warning', 'danger')),
  value double precision,
  occurred_at timestamptz NOT NULL,
  needs_acknowledgement boolean NOT NULL DEFAULT false,
  -- the alert draft created for staff approval (alerts area), when the rise reached 警戒 or 危険
  alert_id uuid,
  acknowledged_by uuid,
  acknowledged_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, sensor_id) REFERENCES sensors (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, acknowledged_by) REFERENCES staff_users (tenant_id, id),
  CHECK (kind <> 'level' OR (from_level IS NOT NULL AND to_level IS NOT NULL))
);
CREATE INDEX sensor_events_by_sensor ON sensor_events (tenant_id, sensor_id, occurred_at DESC);
CREATE INDEX sensor_events_open ON sensor_events (tenant_id, occurred_at DESC) WHERE needs_acknowledgement AND acknowledged_at IS NULL;

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['sensors', 'sensor_keys', 'sensor_readings', 'sensor_reading_hours', 'sensor_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
