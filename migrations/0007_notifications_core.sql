-- Notifications hub (お知らせ・配信): residents' channels, preferences and profile, topics,
-- districts, segments, templates, notices and the per-(notice, resident, channel) deliveries
-- that the delivery engine works set-based (claimed in batches with FOR UPDATE SKIP LOCKED).

-- Per-tenant settings of the hub. LINE credentials are encrypted (AES-256-GCM, like My Number).
CREATE TABLE notification_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- a broadcast reaching more residents than this needs a supervisor's approval
  approval_threshold integer NOT NULL DEFAULT 1000 CHECK (approval_threshold >= 0),
  -- the hour (Asia/Tokyo) the daily digest goes out
  digest_hour smallint NOT NULL DEFAULT 18 CHECK (digest_hour BETWEEN 0 AND 23),
  line_channel_id text,
  line_channel_secret_enc text,
  line_access_token_enc text,
  line_login_channel_id text,
  line_login_channel_secret_enc text,
  -- the rich menu mode currently set on the LINE official account
  line_menu_mode text NOT NULL DEFAULT 'normal' CHECK (line_menu_mode IN ('normal', 'disaster')),
  -- per-channel sends per second for this tenant (token bucket refill); null = the global default
  rate_limits jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

-- Topics residents subscribe to (防災, 子育て, ごみ, イベント, 健康, …), defined per tenant.
CREATE TABLE notification_topics (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  names jsonb NOT NULL,
  descriptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- new residents are subscribed to default topics on all their channels
  is_default boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);

-- 地区 / 町丁目: a named area with its boundary (GeoJSON Polygon or MultiPolygon, WGS84 [lng, lat])
-- and bounding box, for targeting, garbage calendars and evacuation information.
CREATE TABLE districts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 40),
  names jsonb NOT NULL,
  geometry jsonb,
  min_lng double precision,
  min_lat double precision,
  max_lng double precision,
  max_lat double precision,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

-- What the hub knows about a resident beyond the platform's residents row: the language notices
-- are written in (more than the three UI locales), district and home location, quiet hours,
-- digest and garbage-reminder choices, and self-declared segment attributes given with consent.
CREATE TABLE resident_notification_profiles (
  tenant_id uuid NOT NULL,
  resident_id uuid NOT NULL,
  language text NOT NULL DEFAULT 'ja' CHECK (language IN ('ja', 'ja-easy', 'en', 'zh-Hans', 'zh-Hant', 'ko', 'vi', 'pt', 'tl', 'ne', 'id')),
  district_id uuid,
  home_lat double precision CHECK (home_lat IS NULL OR home_lat BETWEEN -90 AND 90),
  home_lng double precision CHECK (home_lng IS NULL OR home_lng BETWEEN -180 AND 180),
  -- local time (Asia/Tokyo); both null = no quiet hours; start > end spans midnight
  quiet_start time,
  quiet_end time,
  wants_digest boolean NOT NULL DEFAULT false,
  garbage_reminder text NOT NULL DEFAULT 'none' CHECK (garbage_reminder IN ('none', 'evening-before', 'same-morning')),
  household_has_children boolean,
  -- consent to target by answers given in earlier procedures
  allows_answer_targeting boolean NOT NULL DEFAULT false,
  -- failover order of external channels for critical notices
  channel_order text[] NOT NULL DEFAULT ARRAY['line', 'email', 'sms', 'push'],
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, district_id) REFERENCES districts (tenant_id, id),
  CHECK ((quiet_start IS NULL) = (quiet_end IS NULL))
);
CREATE INDEX resident_notification_profiles_district ON resident_notification_profiles (tenant_id, district_id);

-- A resident's channel addresses. One active address per channel, except web push (one per
-- browser). An address counts only once verified; removing it keeps the row (removed_at) so a
-- critical notice can tell "removed" from "never had".
CREATE TABLE resident_channels (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resident_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'line', 'sms', 'push')),
  -- email address, LINE userId, E.164 phone number, or the push endpoint URL
  address text NOT NULL CHECK (length(address) BETWEEN 3 AND 2000),
  -- web push: { "p256dh": "...", "auth": "..." }
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  verified_at timestamptz,
  verification_code_hash text,
  verification_expires_at timestamptz,
  verification_attempts smallint NOT NULL DEFAULT 0,
  removed_at timestamptz,
  -- why it was removed: the resident, LINE unfollow, a bounce, push subscription gone
  removed_reason text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX resident_channels_one_active ON resident_channels (tenant_id, resident_id, channel)
  WHERE removed_at IS NULL AND channel <> 'push';
CREATE UNIQUE INDEX resident_channels_push_endpoint ON resident_channels (tenant_id, address)
  WHERE removed_at IS NULL AND channel = 'push';
CREATE UNIQUE INDEX resident_channels_line_user ON resident_channels (tenant_id, address)
  WHERE removed_at IS NULL AND channel = 'line';
CREATE INDEX resident_channels_resident ON resident_channels (tenant_id, resident_id);

-- Subscription to a topic on the listed channels ('inbox', 'email', 'line', 'sms', 'push').
-- No row: not subscribed.
CREATE TABLE topic_subscriptions (
  tenant_id uuid NOT NULL,
  resident_id uuid NOT NULL,
  topic_id uuid NOT NULL,
  channels text[] NOT NULL CHECK (channels <@ ARRAY['inbox', 'email', 'line', 'sms', 'push']),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id, topic_id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, topic_id) REFERENCES notification_topics (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX topic_subscriptions_topic ON topic_subscriptions (tenant_id, topic_id);

-- Saved audiences: attribute and geography conditions (see audience/segment-definition.ts).
CREATE TABLE segments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  definition jsonb NOT NULL,
  created_by_staff_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);

-- Message templates: versioned; each version holds per-language, per-channel texts with
-- ((placeholders)). Publishing a change adds a version; notices record the version they used.
CREATE TABLE notification_templates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  key text NOT NULL CHECK (key ~ '^[a-z0-9][a-z0-9-]{0,59}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  topic_id uuid,
  current_version integer NOT NULL DEFAULT 0 CHECK (current_version >= 0),
  archived_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key)
);

CREATE TABLE notification_template_versions (
  tenant_id uuid NOT NULL,
  template_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  content jsonb NOT NULL,
  placeholders text[] NOT NULL DEFAULT '{}',
  created_by_staff_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, template_id, version),
  FOREIGN KEY (tenant_id, template_id) REFERENCES notification_templates (tenant_id, id) ON DELETE CASCADE
);

-- One notice: what is said (content per language and channel), to whom (audience), how urgent.
CREATE TABLE notices (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('broadcast', 'transactional', 'reminder')),
  priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('critical', 'normal')),
  -- normal notices may wait for the resident's daily digest when the resident chose it
  is_digestible boolean NOT NULL DEFAULT false,
  -- 訓練: nothing reaches residents' external channels
  is_training boolean NOT NULL DEFAULT false,
  topic_id uuid,
  template_id uuid,
  template_version integer,
  -- { "<language>": { "subject", "body", "sms"?, "push"?, "line"? } }
  content jsonb NOT NULL,
  -- values for ((placeholders)) that are the same for every recipient
  personalisation jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- { "kind": "everyone" | "topic" | "segment" | "districts" | "area" | "residents", ... }
  audience jsonb NOT NULL,
  link_url text,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN (
    'draft', 'pending_approval', 'scheduled', 'sending', 'completed', 'cancelled', 'rejected')),
  scheduled_at timestamptz,
  recipient_count integer,
  source text NOT NULL CHECK (source IN ('staff', 'api', 'module')),
  created_by_staff_id uuid,
  api_key_id uuid,
  approved_by_staff_id uuid,
  approved_at timestamptz,
  decision_note text,
  cancelled_by_staff_id uuid,
  cancelled_at timestamptz,
  deliveries_created_at timestamptz,
  completed_at timestamptz,
  idempotency_key text,
  request_hash text,
  status_callback_url text,
  status_callback_token_enc text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, topic_id) REFERENCES notification_topics (tenant_id, id)
);
CREATE UNIQUE INDEX notices_idempotency ON notices (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX notices_due ON notices (tenant_id, scheduled_at) WHERE status = 'scheduled';
CREATE INDEX notices_recent ON notices (tenant_id, created_at DESC);

-- One row per (notice, resident, channel): the unit of sending, with its state machine
--   created → sending → delivered | temporary_failure → (retry) | permanent_failure | cancelled.
-- Kept narrow on purpose: a city-wide notice makes a row per resident and channel.
CREATE TABLE deliveries (
  tenant_id uuid NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  notice_id uuid NOT NULL,
  resident_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('inbox', 'email', 'line', 'sms', 'push')),
  status text NOT NULL DEFAULT 'created' CHECK (status IN (
    'created', 'sending', 'delivered', 'temporary_failure', 'permanent_failure', 'cancelled')),
  -- 0 critical, 1 normal: critical rows are claimed first
  priority smallint NOT NULL DEFAULT 1,
  is_digest boolean NOT NULL DEFAULT false,
  attempts smallint NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  -- the claim: rows sent together share a batch (a LINE multicast); its retry key derives from it
  batch_id uuid,
  claimed_at timestamptz,
  provider_ref text,
  error text,
  -- the delivery on another channel this one replaces (critical failover)
  failover_of bigint,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  delivered_at timestamptz,
  failed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, notice_id) REFERENCES notices (tenant_id, id)
);
-- exactly one delivery per (notice, resident, channel)
CREATE UNIQUE INDEX deliveries_once ON deliveries (tenant_id, notice_id, resident_id, channel);
CREATE INDEX deliveries_due ON deliveries (tenant_id, channel, priority, next_attempt_at)
  WHERE status IN ('created', 'temporary_failure');
CREATE INDEX deliveries_in_flight ON deliveries (tenant_id, batch_id) WHERE status = 'sending';

-- LINE webhook events already handled (webhookEventId), for replay protection across restarts.
CREATE TABLE line_webhook_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  webhook_event_id text NOT NULL CHECK (length(webhook_event_id) BETWEEN 1 AND 100),
  event_type text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, webhook_event_id)
);

-- Who follows the official account (follow / unfollow), linked to a resident once they log in
-- with LINE Login.
CREATE TABLE line_followers (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  line_user_id text NOT NULL CHECK (line_user_id ~ '^U[0-9a-f]{32}$'),
  is_following boolean NOT NULL,
  resident_id uuid,
  followed_at timestamptz,
  unfollowed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, line_user_id)
);

-- The rich menus created on the LINE platform for each mode.
CREATE TABLE line_rich_menus (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  mode text NOT NULL CHECK (mode IN ('normal', 'disaster')),
  rich_menu_id text NOT NULL,
  definition jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, mode)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['notification_settings', 'notification_topics', 'districts',
    'resident_notification_profiles', 'resident_channels', 'topic_subscriptions', 'segments',
    'notification_templates', 'notification_template_versions', 'notices', 'deliveries',
    'line_webhook_events', 'line_followers', 'line_rich_menus']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;

-- The delivery pump shares channels fairly between tenants, so it must know which tenants have
-- work due without reading their rows: this function (owner's rights) returns only tenant ids,
-- channels and whether critical work waits — never a resident or a notice.
CREATE FUNCTION notifications_due_work(p_now timestamptz)
RETURNS TABLE (tenant_id uuid, channel text, has_critical boolean)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT d.tenant_id, d.channel, bool_or(d.priority = 0)
  FROM deliveries d
  WHERE d.status IN ('created', 'temporary_failure') AND d.next_attempt_at <= p_now
  GROUP BY d.tenant_id, d.channel
$$;

-- Tenants with a scheduled notice due or deliveries stuck in 'sending' (for the sweeper).
CREATE FUNCTION notifications_tenants_needing_attention(p_now timestamptz, p_stale_before timestamptz)
RETURNS TABLE (tenant_id uuid)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT n.tenant_id FROM notices n WHERE n.status = 'scheduled' AND n.scheduled_at <= p_now
  UNION
  SELECT n.tenant_id FROM notices n WHERE n.status = 'sending'
  UNION
  SELECT d.tenant_id FROM deliveries d WHERE d.status = 'sending' AND d.claimed_at < p_stale_before
$$;

-- When a non-critical delivery may go out, given the resident's quiet hours (local times in
-- Asia/Tokyo; start > end spans midnight): now, or the end of the quiet period.
CREATE FUNCTION notifications_after_quiet_hours(p_now timestamptz, p_start time, p_end time)
RETURNS timestamptz LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  local_ts timestamp := p_now AT TIME ZONE 'Asia/Tokyo';
  local_t time := local_ts::time;
  end_ts timestamp;
BEGIN
  IF p_start IS NULL OR p_end IS NULL OR p_start = p_end THEN RETURN p_now; END IF;
  IF p_start < p_end THEN
    IF local_t >= p_start AND local_t < p_end THEN
      end_ts := local_ts::date + p_end;
    ELSE RETURN p_now; END IF;
  ELSE
    IF local_t >= p_start THEN end_ts := local_ts::date + 1 + p_end;
    ELSIF local_t < p_end THEN end_ts := local_ts::date + p_end;
    ELSE RETURN p_now; END IF;
  END IF;
  RETURN end_ts AT TIME ZONE 'Asia/Tokyo';
END
$$;
