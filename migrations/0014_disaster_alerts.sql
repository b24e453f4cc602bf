-- Disaster mode and evacuation information (災害モード・避難情報). The mode itself lives in
-- tenants.settings.disasterMode (every page reads it for the banner); this table is its history.
-- Evacuation information is an alert (one thread of 発令 → 更新 → 解除) with immutable revisions,
-- each with its CAP 1.2 document and the notice that carried it to residents.

CREATE TABLE disaster_settings (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  -- 二人体制: issuing, updating or cancelling evacuation information needs a second person's approval
  two_person_rule boolean NOT NULL DEFAULT false,
  -- emergency contacts on the emergency page: [{ "label": {"ja": …}, "phone": "…" }]
  emergency_contacts jsonb NOT NULL DEFAULT '[]'::jsonb,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id)
);

CREATE TABLE disaster_mode_changes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  state text NOT NULL CHECK (state IN ('off', 'active', 'training')),
  previous_state text NOT NULL CHECK (previous_state IN ('off', 'active', 'training')),
  reason text NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  -- what the switch covers, in staff's words (e.g. 台風第10号 市内全域)
  scope text NOT NULL DEFAULT '' CHECK (length(scope) <= 200),
  -- the banner text shown on every page while the mode is on
  banner text NOT NULL DEFAULT '' CHECK (length(banner) <= 500),
  -- what the LINE rich menu switch did: applied, not-configured, failed
  line_menu text NOT NULL DEFAULT 'not-configured',
  changed_by_staff_id uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX disaster_mode_changes_recent ON disaster_mode_changes (tenant_id, changed_at DESC);

CREATE TABLE evacuation_alerts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- draft: never issued; active: in force (its latest revision); cancelled: 解除 issued; discarded: a draft thrown away
  state text NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'active', 'cancelled', 'discarded')),
  is_training boolean NOT NULL DEFAULT false,
  -- what is in force (the latest revision), or what the draft proposes
  level smallint NOT NULL CHECK (level IN (3, 4, 5)),
  hazards text[] NOT NULL CHECK (cardinality(hazards) BETWEEN 1 AND 7),
  district_ids uuid[] NOT NULL CHECK (cardinality(district_ids) BETWEEN 1 AND 500),
  -- { "ja": { "headline", "description", "instruction" }, "ja-easy": …, "en": … }
  texts jsonb NOT NULL,
  revision integer NOT NULL DEFAULT 0 CHECK (revision >= 0),
  -- a change waiting to be issued (or approved under the two-person rule):
  -- { "msgType", "level", "hazards", "districtIds", "texts", "requestedBy", "requestedAt", "awaitingApproval" }
  proposal jsonb,
  -- staff, or a sensor crossing a threshold (never sent without staff)
  source text NOT NULL DEFAULT 'staff' CHECK (source IN ('staff', 'sensor')),
  sensor_id uuid,
  sensor_reading jsonb,
  created_by_staff_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  issued_at timestamptz,
  cancelled_at timestamptz,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX evacuation_alerts_state ON evacuation_alerts (tenant_id, state, updated_at DESC);
-- one open sensor draft per sensor: a rising river updates its draft instead of piling up drafts
CREATE UNIQUE INDEX evacuation_alerts_open_sensor_draft ON evacuation_alerts (tenant_id, sensor_id) WHERE state = 'draft' AND sensor_id IS NOT NULL;

CREATE TABLE evacuation_alert_revisions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  alert_id uuid NOT NULL,
  revision integer NOT NULL CHECK (revision >= 1),
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  is_training boolean NOT NULL,
  level smallint NOT NULL CHECK (level IN (3, 4, 5)),
  hazards text[] NOT NULL,
  district_ids uuid[] NOT NULL,
  texts jsonb NOT NULL,
  cap_identifier text NOT NULL,
  cap_sent timestamptz NOT NULL,
  cap_xml text NOT NULL,
  notice_id uuid,
  recipients integer NOT NULL DEFAULT 0,
  requested_by_staff_id uuid,
  approved_by_staff_id uuid,
  issued_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, alert_id, revision),
  FOREIGN KEY (tenant_id, alert_id) REFERENCES evacuation_alerts (tenant_id, id)
);
CREATE UNIQUE INDEX evacuation_alert_revisions_cap ON evacuation_alert_revisions (tenant_id, cap_identifier);
CREATE INDEX evacuation_alert_revisions_recent ON evacuation_alert_revisions (tenant_id, issued_at DESC);

-- Lアラート relay outbox: each issued revision is handed to the relay by a job, retried until accepted.
CREATE TABLE lalert_relays (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  alert_id uuid NOT NULL,
  revision integer NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'failed', 'skipped')),
  attempts integer NOT NULL DEFAULT 0,
  receipt text,
  last_error text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, alert_id, revision),
  FOREIGN KEY (tenant_id, alert_id, revision) REFERENCES evacuation_alert_revisions (tenant_id, alert_id, revision)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['disaster_settings', 'disaster_mode_changes', 'evacuation_alerts', 'evacuation_alert_revisions', 'lalert_relays']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
