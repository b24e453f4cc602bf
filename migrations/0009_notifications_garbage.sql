-- Garbage collection calendars (ごみ収集カレンダー) of the notifications hub: the tenant's calendar
-- (rules per district and garbage type, exceptions, holiday policies, 年末年始 closure), the
-- garbage types' display names, the sorting dictionary (分別辞典), and the reminders already
-- planned so that each (district, day, slot) reminder goes out once.

-- The calendar is stored whole, as the validated GarbageCalendar of garbage-rules.ts, one row per
-- version: the rules are evaluated in TypeScript (holidays, moved days, closure) and never queried
-- one by one in SQL; an import or a settings change replaces the whole calendar atomically; the
-- version gives the iCalendar feed a stable ETag and keeps earlier calendars for audit.
-- The current calendar is the highest version. District codes are districts.code (0007), joined
-- by code so that a calendar can exist before the districts' boundaries are imported.
CREATE TABLE garbage_calendar_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  version integer NOT NULL CHECK (version >= 1),
  -- { "rules": [...], "exceptions": [...], "yearEndClosure": "dec-29" | "dec-31" }
  calendar jsonb NOT NULL,
  -- what made this version: a rules CSV import, a holiday-policy / year-end edit, the demo seed
  change text NOT NULL CHECK (change IN ('import', 'settings', 'demo')),
  -- the encoding the imported file was read as
  source_encoding text CHECK (source_encoding IN ('utf-8', 'shift_jis')),
  created_by_staff_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, version)
);

-- 分別区分: a garbage type as residents read it. `name` is the Japanese name the calendar and the
-- dictionary use (燃えるごみ); the other languages, how to put it out, a colour for the calendar
-- and a link (e.g. the 粗大ごみ application procedure) are optional.
CREATE TABLE garbage_categories (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 50),
  -- { "ja-easy": "もえるごみ", "en": "Burnable waste" }
  names jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  descriptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  colour text CHECK (colour IS NULL OR colour ~ '^#[0-9a-f]{6}$'),
  -- site-relative ('/demo/procedures/sodai-gomi') or https
  link_url text CHECK (link_url IS NULL OR (link_url ~ '^(/[^/]|https://)' AND length(link_url) <= 500)),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, name)
);

-- The sorting dictionary (品目 → 分別区分, 出し方). An import replaces every row in one
-- transaction; `position` keeps the file's order (the search's last tie-break).
CREATE TABLE garbage_sorting_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  position integer NOT NULL CHECK (position >= 1),
  item text NOT NULL CHECK (length(item) BETWEEN 1 AND 200),
  reading text CHECK (reading IS NULL OR length(reading) <= 200),
  category text NOT NULL CHECK (length(category) BETWEEN 1 AND 50),
  instructions text CHECK (instructions IS NULL OR length(instructions) <= 2000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX garbage_sorting_entries_position ON garbage_sorting_entries (tenant_id, position);

-- One row per reminder planned: the primary key is the claim that makes planning idempotent when
-- two workers (or a restarted one) plan the same minute. notice_id is null when nobody in the
-- district had chosen that reminder.
CREATE TABLE garbage_reminders_sent (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  district_code text NOT NULL CHECK (length(district_code) BETWEEN 1 AND 40),
  collection_date date NOT NULL,
  slot text NOT NULL CHECK (slot IN ('evening-before', 'same-morning')),
  send_at timestamptz NOT NULL,
  notice_id uuid,
  recipient_count integer NOT NULL DEFAULT 0 CHECK (recipient_count >= 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, district_code, collection_date, slot),
  FOREIGN KEY (tenant_id, notice_id) REFERENCES notices (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['garbage_calendar_versions', 'garbage_categories', 'garbage_sorting_entries',
    'garbage_reminders_sent']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
