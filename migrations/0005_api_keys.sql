-- Per-tenant API keys for kiosks, LINE mini-apps and integrators. Only the SHA-256 of the secret
-- is stored; the key itself (`ykb_<tenant slug>_<random>`) is shown once, at creation.

CREATE TABLE api_keys (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  -- the first characters of the random part, so staff can tell keys apart without the secret
  key_prefix text NOT NULL CHECK (length(key_prefix) = 8),
  key_hash text NOT NULL CHECK (key_hash ~ '^[0-9a-f]{64}$'),
  scopes text[] NOT NULL CHECK (
    cardinality(scopes) BETWEEN 1 AND 3
    AND scopes <@ ARRAY['procedures:read', 'applications:write', 'applications:read']::text[]),
  -- requests per minute for this key (its own rate-limit bucket)
  rate_limit_per_minute integer NOT NULL DEFAULT 120 CHECK (rate_limit_per_minute BETWEEN 1 AND 10000),
  created_by uuid NOT NULL,
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  revoked_by uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, key_hash),
  FOREIGN KEY (tenant_id, created_by) REFERENCES staff_users (tenant_id, id),
  FOREIGN KEY (tenant_id, revoked_by) REFERENCES staff_users (tenant_id, id)
);
CREATE INDEX api_keys_list ON api_keys (tenant_id, created_at DESC);

ALTER TABLE api_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE api_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON api_keys
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);

-- Applications submitted through the API remember their key (the column is created in 0004).
ALTER TABLE applications ADD CONSTRAINT applications_api_key_fk
  FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id);
CREATE INDEX applications_api_key ON applications (tenant_id, api_key_id) WHERE api_key_id IS NOT NULL;
