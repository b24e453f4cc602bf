-- The notices API (/api/v1/{tenant}/notices): two more API key scopes, and notices remember the
-- key that created them.

-- 0005 declared the scope list inline, so PostgreSQL named the constraint api_keys_scopes_check.
-- Looked up rather than assumed: a database restored from a dump made elsewhere could carry
-- another name, and a leftover old check would keep refusing the new scopes.
DO $$
DECLARE c text;
BEGIN
  FOR c IN
    SELECT conname FROM pg_constraint
    WHERE conrelid = 'api_keys'::regclass AND contype = 'c' AND pg_get_constraintdef(oid) LIKE '%scopes%'
  LOOP
    EXECUTE format('ALTER TABLE api_keys DROP CONSTRAINT %I', c);
  END LOOP;
END
$$;

ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  cardinality(scopes) BETWEEN 1 AND 5
  AND scopes <@ ARRAY['procedures:read', 'applications:write', 'applications:read', 'notices:write', 'notices:read']::text[]);

ALTER TABLE notices ADD CONSTRAINT notices_api_key_fk
  FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id);
CREATE INDEX notices_api_key ON notices (tenant_id, api_key_id) WHERE api_key_id IS NOT NULL;
