-- Exports of applications for core systems (申請管理), built in the background when they are
-- large: the file is kept as ordered parts so that neither the job nor the download ever holds
-- the whole file in memory. Exports hold personal data: they expire and are removed.

CREATE TABLE application_exports (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL,
  format text NOT NULL CHECK (format IN ('csv', 'json')),
  encoding text NOT NULL CHECK (encoding IN ('utf-8-bom', 'utf-8', 'shift_jis')),
  -- the filter and the requester's department scope, fixed when the export was requested
  criteria jsonb NOT NULL,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'ready', 'failed')),
  total_count integer NOT NULL DEFAULT 0 CHECK (total_count >= 0),
  done_count integer NOT NULL DEFAULT 0 CHECK (done_count >= 0),
  size_bytes bigint NOT NULL DEFAULT 0,
  error text,
  completed_at timestamptz,
  expires_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_users (tenant_id, id)
);
CREATE INDEX application_exports_expiry ON application_exports (tenant_id, expires_at);

CREATE TABLE application_export_parts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  export_id uuid NOT NULL,
  seq integer NOT NULL CHECK (seq >= 0),
  content bytea NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, export_id, seq),
  FOREIGN KEY (tenant_id, export_id) REFERENCES application_exports (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['application_exports', 'application_export_parts']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
