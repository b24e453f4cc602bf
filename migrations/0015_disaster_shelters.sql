-- Disaster — shelters (指定緊急避難場所・指定避難所): the places with their live status, the
-- status history, check-ins of evacuees (registered residents or people with minimal data), and
-- the CSV import runs with their stored reports.

CREATE TABLE shelters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- the municipality's own number (NO / ID of the standard CSV) or GSI's 共通ID: imports upsert on it
  code text NOT NULL CHECK (length(code) BETWEEN 1 AND 60),
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  names jsonb NOT NULL,
  name_kana text NOT NULL DEFAULT '' CHECK (length(name_kana) <= 200),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 300),
  latitude double precision CHECK (latitude BETWEEN 20 AND 46),
  longitude double precision CHECK (longitude BETWEEN 122 AND 154),
  -- 6-digit 全国地方公共団体コード of the municipality the place is in
  lg_code text NOT NULL CHECK (lg_code ~ '^[0-9]{6}$'),
  -- 指定緊急避難場所 and / or 指定避難所
  is_emergency_place boolean NOT NULL DEFAULT true,
  is_shelter boolean NOT NULL DEFAULT false,
  -- hazards the place is designated for (SHELTER_HAZARDS)
  hazards text[] NOT NULL DEFAULT '{}' CHECK (hazards <@ ARRAY['flood', 'landslide', 'stormSurge', 'earthquake', 'tsunami', 'fire', 'inlandFlood', 'volcano']::text[]),
  capacity integer CHECK (capacity BETWEEN 0 AND 1000000),
  phone text NOT NULL DEFAULT '' CHECK (length(phone) <= 40),
  url text NOT NULL DEFAULT '' CHECK (length(url) <= 500),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 1000),
  -- step-free access and an accessible toilet (バリアフリー)
  is_accessible boolean NOT NULL DEFAULT false,
  -- live status
  status text NOT NULL DEFAULT 'closed' CHECK (status IN ('open', 'closed', 'full')),
  opened_at timestamptz,
  -- kept by check-in and check-out in the same transaction (people / households checked in now)
  registered_evacuees integer NOT NULL DEFAULT 0 CHECK (registered_evacuees >= 0),
  registered_households integer NOT NULL DEFAULT 0 CHECK (registered_households >= 0),
  -- staff's head count of people present but not checked in
  manual_evacuees integer NOT NULL DEFAULT 0 CHECK (manual_evacuees BETWEEN 0 AND 1000000),
  manual_households integer NOT NULL DEFAULT 0 CHECK (manual_households BETWEEN 0 AND 1000000),
  needs text[] NOT NULL DEFAULT '{}' CHECK (needs <@ ARRAY['water', 'food', 'blankets', 'medicine', 'milk', 'diapers', 'toilets', 'power', 'staff']::text[]),
  needs_note text NOT NULL DEFAULT '' CHECK (length(needs_note) <= 500),
  status_updated_at timestamptz,
  status_updated_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, status_updated_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (status_updated_by),
  CHECK ((latitude IS NULL) = (longitude IS NULL))
);
CREATE INDEX shelters_open ON shelters (tenant_id, status);

-- Every status change (and head-count or needs change) as it was made.
CREATE TABLE shelter_status_history (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  shelter_id uuid NOT NULL,
  status text NOT NULL CHECK (status IN ('open', 'closed', 'full')),
  evacuees integer NOT NULL CHECK (evacuees >= 0),
  households integer NOT NULL CHECK (households >= 0),
  needs text[] NOT NULL DEFAULT '{}',
  needs_note text NOT NULL DEFAULT '',
  changed_by uuid,
  changed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, shelter_id) REFERENCES shelters (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, changed_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (changed_by)
);
CREATE INDEX shelter_status_history_by_shelter ON shelter_status_history (tenant_id, shelter_id, changed_at DESC);

-- A person (with their household) at a shelter: a registered resident (shown their QR pass or
-- looked up) or someone not registered, with minimal data.
CREATE TABLE shelter_check_ins (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  shelter_id uuid NOT NULL,
  resident_id uuid,
  name text NOT NULL DEFAULT '' CHECK (length(name) <= 100),
  name_kana text NOT NULL DEFAULT '' CHECK (length(name_kana) <= 100),
  -- people who came together (counted as evacuees); one check-in is one household
  household_size integer NOT NULL DEFAULT 1 CHECK (household_size BETWEEN 1 AND 50),
  notes text NOT NULL DEFAULT '' CHECK (length(notes) <= 500),
  -- chosen by the check-in form: a retry with the same token is the same check-in
  client_token text NOT NULL CHECK (length(client_token) BETWEEN 8 AND 100),
  checked_in_at timestamptz NOT NULL DEFAULT now(),
  checked_in_by uuid,
  checked_out_at timestamptz,
  checked_out_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, client_token),
  FOREIGN KEY (tenant_id, shelter_id) REFERENCES shelters (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (resident_id),
  FOREIGN KEY (tenant_id, checked_in_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (checked_in_by),
  FOREIGN KEY (tenant_id, checked_out_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (checked_out_by),
  CHECK (resident_id IS NOT NULL OR length(name) > 0),
  CHECK (checked_out_at IS NULL OR checked_out_at >= checked_in_at)
);
-- A resident is checked in at one shelter at a time.
CREATE UNIQUE INDEX shelter_check_ins_one_per_resident ON shelter_check_ins (tenant_id, resident_id) WHERE resident_id IS NOT NULL AND checked_out_at IS NULL;
CREATE INDEX shelter_check_ins_present ON shelter_check_ins (tenant_id, shelter_id, checked_in_at DESC) WHERE checked_out_at IS NULL;

-- One CSV import: which file, what it did, and the report of fixed and rejected rows.
CREATE TABLE shelter_import_runs (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  source text NOT NULL CHECK (source IN ('standard', 'gsi-emergency', 'gsi-shelter')),
  file_name text NOT NULL DEFAULT '' CHECK (length(file_name) <= 255),
  encoding text NOT NULL CHECK (encoding IN ('utf-8', 'shift_jis')),
  format text NOT NULL DEFAULT '',
  created_count integer NOT NULL DEFAULT 0,
  updated_count integer NOT NULL DEFAULT 0,
  -- [{ line, column?, key, params? }]
  fixed jsonb NOT NULL DEFAULT '[]'::jsonb,
  rejected jsonb NOT NULL DEFAULT '[]'::jsonb,
  created_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff_users (tenant_id, id) ON DELETE SET NULL (created_by)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['shelters', 'shelter_status_history', 'shelter_check_ins', 'shelter_import_runs']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
