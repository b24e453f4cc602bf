-- Platform foundation: tenants, staff, residents, sessions, inbox, mail log, audit, idempotency.
-- Every tenant-owned table: tenant_id first in the primary key, foreign keys include tenant_id
-- (Citus-ready), row-level security forced. The application role's grants are applied by the
-- migration runner after migrations (the role name is configuration).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE tenants (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z][a-z0-9-]{1,39}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text NOT NULL CHECK (length(name_en) BETWEEN 1 AND 100),
  lg_code char(6) NOT NULL UNIQUE CHECK (lg_code ~ '^[0-9]{6}$'),
  settings jsonb NOT NULL DEFAULT '{}'::jsonb,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The root page lists municipalities, so every tenant row is readable; only the current tenant's
-- row is writable (settings), and creating tenants is an operator task run as the owner.
ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
CREATE POLICY tenants_read ON tenants FOR SELECT USING (true);
CREATE POLICY tenants_update_own ON tenants FOR UPDATE
  USING (id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (id = nullif(current_setting('app.tenant_id', true), '')::uuid);

CREATE TABLE departments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[a-z0-9-]{1,40}$'),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  name_en text NOT NULL DEFAULT '' CHECK (length(name_en) <= 100),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code)
);

CREATE TABLE staff_users (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text NOT NULL CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
  display_name text NOT NULL CHECK (length(display_name) BETWEEN 1 AND 100),
  password_hash text NOT NULL,
  totp_secret_encrypted text,
  totp_enrolled_at timestamptz,
  -- last accepted TOTP time step: a code is accepted once (no replay within its window)
  totp_last_time_step bigint,
  recovery_code_hashes jsonb NOT NULL DEFAULT '[]'::jsonb,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  failed_login_count integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, email)
);

-- Permissions are role × department: a role assignment with department_id NULL applies to the
-- whole municipality (administrators), otherwise to one department.
CREATE TABLE staff_role_assignments (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  staff_user_id uuid NOT NULL,
  role text NOT NULL CHECK (role IN ('administrator', 'supervisor', 'clerk', 'outsourced_operator', 'partner_member')),
  department_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, department_id) REFERENCES departments (tenant_id, id)
);
CREATE UNIQUE INDEX staff_role_assignments_unique
  ON staff_role_assignments (tenant_id, staff_user_id, role, coalesce(department_id, '00000000-0000-0000-0000-000000000000'::uuid));

CREATE TABLE residents (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  email text CHECK (email IS NULL OR (email = lower(email) AND length(email) BETWEEN 3 AND 254)),
  email_verified_at timestamptz,
  display_name text NOT NULL DEFAULT '' CHECK (length(display_name) <= 100),
  locale text NOT NULL DEFAULT 'ja' CHECK (locale IN ('ja', 'ja-easy', 'en')),
  -- contact details the resident maintains (the verified 基本4情報 live in resident_basic_info)
  postal_code text CHECK (postal_code IS NULL OR postal_code ~ '^[0-9]{7}$'),
  address_prefecture text CHECK (address_prefecture IS NULL OR length(address_prefecture) <= 10),
  address_city text CHECK (address_city IS NULL OR length(address_city) <= 50),
  address_town text CHECK (address_town IS NULL OR length(address_town) <= 100),
  address_street text CHECK (address_street IS NULL OR length(address_street) <= 200),
  phone text CHECK (phone IS NULL OR length(phone) <= 20),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
-- Only a verified address identifies a resident: an unverified contact address must never block
-- (or capture) the real owner's login.
CREATE UNIQUE INDEX residents_email_unique ON residents (tenant_id, email) WHERE email IS NOT NULL AND email_verified_at IS NOT NULL;

-- A resident may log in through several providers; (provider, subject) identifies them there.
CREATE TABLE resident_identities (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resident_id uuid NOT NULL,
  provider text NOT NULL CHECK (provider IN ('digital-auth-app', 'email', 'line')),
  subject text NOT NULL CHECK (length(subject) BETWEEN 1 AND 255),
  assurance text NOT NULL CHECK (assurance IN ('low', 'high')),
  last_login_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, subject),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE
);

-- 基本4情報 with provenance: which provider asserted it and when it was verified.
CREATE TABLE resident_basic_info (
  tenant_id uuid NOT NULL,
  resident_id uuid NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  name_kana text CHECK (name_kana IS NULL OR length(name_kana) <= 200),
  address text NOT NULL CHECK (length(address) BETWEEN 1 AND 500),
  birthdate date NOT NULL,
  gender text NOT NULL CHECK (gender IN ('male', 'female', 'other', 'unknown')),
  provider text NOT NULL,
  verified_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resident_id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE sessions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  token_hash text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('resident', 'staff')),
  resident_id uuid,
  staff_user_id uuid,
  -- staff sessions pass 'password' then 'mfa'; only 'complete' sessions reach the console
  stage text NOT NULL DEFAULT 'complete' CHECK (stage IN ('mfa_enrol', 'mfa', 'complete')),
  assurance text NOT NULL DEFAULT 'low' CHECK (assurance IN ('low', 'high')),
  user_agent text NOT NULL DEFAULT '',
  ip text NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  idle_expires_at timestamptz NOT NULL,
  absolute_expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, token_hash),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, staff_user_id) REFERENCES staff_users (tenant_id, id) ON DELETE CASCADE,
  CHECK ((kind = 'resident') = (resident_id IS NOT NULL) AND (kind = 'staff') = (staff_user_id IS NOT NULL))
);
CREATE INDEX sessions_staff ON sessions (tenant_id, staff_user_id) WHERE staff_user_id IS NOT NULL;

-- Short-lived state of a login in progress (OIDC state/nonce/PKCE verifier, magic links).
CREATE TABLE login_attempts (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  kind text NOT NULL CHECK (kind IN ('oidc', 'magic_link')),
  lookup_hash text NOT NULL,
  payload jsonb NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, kind, lookup_hash)
);

CREATE TABLE messages (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resident_id uuid NOT NULL,
  template text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  link_url text,
  idempotency_key text,
  read_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX messages_resident ON messages (tenant_id, resident_id, created_at DESC);
CREATE UNIQUE INDEX messages_idempotency ON messages (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Every mail the platform sends, with its delivery state (and the body in development, for the
-- mail viewer; in production bodies are not kept).
CREATE TABLE mail_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  to_address text NOT NULL,
  subject text NOT NULL,
  text_body text,
  html_body text,
  template text NOT NULL,
  idempotency_key text,
  status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
  provider_message_id text,
  error text,
  sent_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX mail_log_idempotency ON mail_log (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Append-only, hash-chained per tenant. The app role may only insert and read (see grants), and
-- a trigger refuses updates and deletes for everyone.
CREATE TABLE audit_log (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  seq bigint NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  occurred_at timestamptz NOT NULL,
  actor_type text NOT NULL CHECK (actor_type IN ('staff', 'resident', 'system', 'operator', 'anonymous')),
  actor_id text,
  action text NOT NULL,
  subject_type text,
  subject_id text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  request_id text,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  PRIMARY KEY (tenant_id, seq),
  UNIQUE (tenant_id, id)
);
CREATE INDEX audit_log_subject ON audit_log (tenant_id, subject_type, subject_id);

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();

-- Stored responses of retriable writes: the key and the outcome are saved with the write.
CREATE TABLE idempotency_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  scope text NOT NULL,
  key text NOT NULL CHECK (length(key) BETWEEN 8 AND 200),
  response jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, scope, key)
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['departments', 'staff_users', 'staff_role_assignments', 'residents',
    'resident_identities', 'resident_basic_info', 'sessions', 'login_attempts', 'messages',
    'mail_log', 'audit_log', 'idempotency_keys']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
