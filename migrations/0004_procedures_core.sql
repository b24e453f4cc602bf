-- Online procedures (電子申請): procedures and their frozen versions, applications with their
-- status history, notes, approvals (電子決裁), encrypted My Number answers and issued documents.

CREATE TABLE procedures (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  department_id uuid,
  -- the working copy staff edit in the builder; publishing freezes it into procedure_versions
  draft_document jsonb NOT NULL,
  draft_updated_at timestamptz NOT NULL DEFAULT now(),
  draft_updated_by uuid,
  published_version_id uuid,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published', 'archived')),
  category text NOT NULL,
  -- NFKC + hiragana-folded title, summary and keywords of the published version (catalogue search)
  search_text text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, slug),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
);
CREATE INDEX procedures_search ON procedures USING gin (search_text gin_trgm_ops);

CREATE TABLE procedure_versions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  procedure_id uuid NOT NULL,
  version integer NOT NULL CHECK (version >= 1),
  document jsonb NOT NULL,
  json_schema jsonb NOT NULL,
  ui_schema jsonb NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  published_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, procedure_id, version),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES procedures (tenant_id, id),
  FOREIGN KEY (tenant_id, published_by) REFERENCES staff_users (tenant_id, id)
);
-- A frozen version never changes.
CREATE FUNCTION procedure_versions_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'procedure versions are frozen' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER procedure_versions_frozen BEFORE UPDATE ON procedure_versions
  FOR EACH ROW EXECUTE FUNCTION procedure_versions_refuse_change();

ALTER TABLE procedures ADD FOREIGN KEY (tenant_id, published_version_id) REFERENCES procedure_versions (tenant_id, id);
ALTER TABLE procedures ADD FOREIGN KEY (tenant_id, draft_updated_by) REFERENCES staff_users (tenant_id, id);

CREATE TABLE applications (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  procedure_id uuid NOT NULL,
  version_id uuid NOT NULL,
  resident_id uuid,
  -- 受付番号: assigned at submission, unambiguous alphabet
  receipt_number text CHECK (receipt_number IS NULL OR receipt_number ~ '^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{2}$'),
  status text NOT NULL DEFAULT 'draft' CHECK (status IN (
    'draft', 'submitted', 'in_review', 'correction_requested', 'pending_approval', 'approved', 'rejected', 'withdrawn')),
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- where the resident is in the form (the page they continue from)
  current_page text,
  fee_yen integer NOT NULL DEFAULT 0 CHECK (fee_yen >= 0),
  fee_lines jsonb NOT NULL DEFAULT '[]'::jsonb,
  payment_state text NOT NULL DEFAULT 'none' CHECK (payment_state IN ('none', 'due', 'paid', 'refunded', 'waived')),
  payment_id uuid,
  channel text NOT NULL DEFAULT 'online' CHECK (channel IN ('online', 'counter', 'api')),
  -- the API key an application came through (channel 'api'); the key table is in 0005
  api_key_id uuid,
  entered_by_staff_id uuid,
  department_id uuid,
  assignee_staff_id uuid,
  -- the client's Idempotency-Key (API) or the draft's submit token (HTML)
  idempotency_key text,
  request_hash text,
  submitted_at timestamptz,
  due_at timestamptz,
  decided_at timestamptz,
  decision text CHECK (decision IS NULL OR decision IN ('approved', 'rejected')),
  decision_reason text,
  -- a decision proposed by the processing clerk, waiting for its approval steps
  proposed_decision text CHECK (proposed_decision IS NULL OR proposed_decision IN ('approved', 'rejected')),
  proposed_reason text,
  proposed_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, receipt_number),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, procedure_id) REFERENCES procedures (tenant_id, id),
  FOREIGN KEY (tenant_id, version_id) REFERENCES procedure_versions (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id),
  FOREIGN KEY (tenant_id, entered_by_staff_id) REFERENCES staff_users (tenant_id, id),
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id),
  FOREIGN KEY (tenant_id, assignee_staff_id) REFERENCES staff_users (tenant_id, id),
  FOREIGN KEY (tenant_id, proposed_by) REFERENCES staff_users (tenant_id, id)
);
CREATE INDEX applications_inbox ON applications (tenant_id, department_id, status, submitted_at);
CREATE INDEX applications_resident ON applications (tenant_id, resident_id, created_at DESC);
CREATE INDEX applications_procedure ON applications (tenant_id, procedure_id, status);

-- Status history: every transition, with the message the resident sees (差戻し, decision).
CREATE TABLE application_events (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL,
  from_status text,
  to_status text NOT NULL,
  action text NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('resident', 'staff', 'system', 'api')),
  actor_id uuid,
  message text,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX application_events_application ON application_events (tenant_id, application_id, occurred_at);

-- Internal notes staff keep on an application (never shown to the resident).
CREATE TABLE application_notes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL,
  staff_user_id uuid NOT NULL,
  body text NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_users (tenant_id, id)
);

-- My Number answers: AES-256-GCM ciphertext with its key id; answers hold only the masked form.
CREATE TABLE application_secrets (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  application_id uuid NOT NULL,
  field_path text NOT NULL,
  ciphertext text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, application_id, field_path),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);

-- 電子決裁: one row per step of a proposed decision.
CREATE TABLE application_approvals (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL,
  round integer NOT NULL DEFAULT 1,
  step integer NOT NULL CHECK (step >= 1),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'returned')),
  decided_by uuid,
  -- set when the signer acted for an absent approver (代決)
  on_behalf_of uuid,
  comment text,
  decided_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, application_id, round, step),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id),
  FOREIGN KEY (tenant_id, decided_by) REFERENCES staff_users (tenant_id, id),
  FOREIGN KEY (tenant_id, on_behalf_of) REFERENCES staff_users (tenant_id, id)
);

-- An approver away from the office delegates their approval authority for a period.
CREATE TABLE approval_delegations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  from_staff_id uuid NOT NULL,
  to_staff_id uuid NOT NULL,
  starts_on date NOT NULL,
  ends_on date NOT NULL CHECK (ends_on >= starts_on),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  CHECK (from_staff_id <> to_staff_id),
  FOREIGN KEY (tenant_id, from_staff_id) REFERENCES staff_users (tenant_id, id),
  FOREIGN KEY (tenant_id, to_staff_id) REFERENCES staff_users (tenant_id, id)
);

-- Issued documents (受付票, 通知書): rendered once and kept as issued.
CREATE TABLE application_documents (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  application_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('receipt', 'notice')),
  title text NOT NULL,
  content bytea NOT NULL,
  issued_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, application_id) REFERENCES applications (tenant_id, id)
);
CREATE INDEX application_documents_application ON application_documents (tenant_id, application_id, kind);

-- Inbox filters a staff member saved (the query string of the inbox).
CREATE TABLE saved_inbox_filters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
  query text NOT NULL CHECK (length(query) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_users (tenant_id, id)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['procedures', 'procedure_versions', 'applications', 'application_events',
    'application_notes', 'application_secrets', 'application_approvals', 'approval_delegations',
    'application_documents', 'saved_inbox_filters']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
