-- Uploaded files (platform/files). The bytes live in the row so the embedded PGlite mode needs
-- nothing else; `content` is NULL only when another FileStore (object storage) keeps them.
-- A file is uploaded before the thing it belongs to exists (a draft application), so owner_id
-- starts NULL and is set by linkFileToOwner; files still without an owner after a day are removed
-- by deleteOrphanFiles. Row-level security as in 0001; the app role's grants are applied by the
-- migration runner after migrations.

CREATE TABLE stored_files (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  owner_type text NOT NULL CHECK (owner_type ~ '^[a-z][a-z0-9_.-]{0,63}$'),
  owner_id uuid,
  -- sanitised: NFC, no path separators or control characters, at most 200 characters
  original_name text NOT NULL CHECK (length(original_name) BETWEEN 1 AND 200),
  -- judged from the content, never from the name or the declared Content-Type
  media_type text NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
  size_bytes integer NOT NULL CHECK (size_bytes > 0),
  sha256 text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
  content bytea CHECK (content IS NULL OR octet_length(content) = size_bytes),
  scan_result text NOT NULL CHECK (scan_result IN ('clean')),
  -- true when the stored bytes were re-encoded (images: rotated, metadata stripped, size capped)
  sanitised boolean NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX stored_files_owner ON stored_files (tenant_id, owner_type, owner_id) WHERE owner_id IS NOT NULL;
CREATE INDEX stored_files_orphans ON stored_files (tenant_id, created_at) WHERE owner_id IS NULL;
-- Images and PDFs are already compressed: skip TOAST's futile compression attempt.
ALTER TABLE stored_files ALTER COLUMN content SET STORAGE EXTERNAL;

ALTER TABLE stored_files ENABLE ROW LEVEL SECURITY;
ALTER TABLE stored_files FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON stored_files
  USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
  WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid);
