-- Payments (公金収納): one row per amount a resident owes for something (an application's fee,
-- later a booking), whatever the method — online through a payment provider, Pay-easy, or cash at
-- the counter — and every provider notification received about it.
-- Amounts are integer yen. Tenant-owned like every table: tenant_id first in the primary key,
-- foreign keys include tenant_id, row-level security forced. The application role's grants are
-- applied by the migration runner after migrations.

CREATE TABLE payments (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- what is paid for, e.g. 'procedure-application'; the owning module learns the outcome
  purpose text NOT NULL CHECK (purpose ~ '^[a-z][a-z0-9-]{1,59}$'),
  subject_id uuid NOT NULL,
  -- human reference shown in reconciliation, e.g. the receipt number (受付番号)
  subject_reference text NOT NULL CHECK (length(subject_reference) BETWEEN 1 AND 100),
  resident_id uuid,
  amount_yen integer NOT NULL CHECK (amount_yen > 0),
  description text NOT NULL CHECK (length(description) BETWEEN 1 AND 200),
  status text NOT NULL DEFAULT 'created'
    CHECK (status IN ('created', 'pending', 'captured', 'failed', 'cancelled', 'refunded', 'expired')),
  method text NOT NULL CHECK (method IN ('online', 'pay-easy', 'counter')),
  -- who moves the money: a provider id for online payments, 'pay-easy', or 'counter'
  provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
  provider_payment_id text CHECK (provider_payment_id IS NULL OR length(provider_payment_id) BETWEEN 1 AND 200),
  -- the provider's hosted checkout page the resident is sent to
  redirect_url text CHECK (redirect_url IS NULL OR length(redirect_url) <= 2000),
  -- 収納機関番号, お客様番号, 確認番号 and due date for paying at an ATM or online bank
  pay_easy jsonb,
  idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 8 AND 200),
  -- where the resident goes after the payment (a path inside the tenant)
  return_url text NOT NULL CHECK (length(return_url) BETWEEN 1 AND 500),
  expires_at timestamptz,
  captured_at timestamptz,
  failed_at timestamptz,
  cancelled_at timestamptz,
  refunded_at timestamptz,
  expired_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  -- a payment is a financial record: it outlives the resident's account
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (resident_id),
  CHECK ((method = 'pay-easy') = (pay_easy IS NOT NULL)),
  CHECK (status <> 'captured' OR captured_at IS NOT NULL)
);
CREATE UNIQUE INDEX payments_provider_payment ON payments (tenant_id, provider, provider_payment_id) WHERE provider_payment_id IS NOT NULL;
CREATE UNIQUE INDEX payments_pay_easy_customer ON payments (tenant_id, (pay_easy ->> 'customerNumber')) WHERE pay_easy IS NOT NULL;
CREATE INDEX payments_subject ON payments (tenant_id, purpose, subject_id);
CREATE INDEX payments_created ON payments (tenant_id, created_at DESC);
CREATE INDEX payments_captured ON payments (tenant_id, captured_at) WHERE captured_at IS NOT NULL;
CREATE INDEX payments_refunded ON payments (tenant_id, refunded_at) WHERE refunded_at IS NOT NULL;
CREATE INDEX payments_open_checkouts ON payments (tenant_id, expires_at) WHERE status = 'created' AND expires_at IS NOT NULL;

-- Every provider notification, applied or not: (provider, provider_event_id) makes a redelivered
-- webhook a no-op, and the stored payload is the evidence in a dispute.
CREATE TABLE payment_events (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  payment_id uuid NOT NULL,
  provider text NOT NULL CHECK (length(provider) BETWEEN 1 AND 40),
  provider_event_id text NOT NULL CHECK (length(provider_event_id) BETWEEN 1 AND 200),
  type text NOT NULL CHECK (length(type) BETWEEN 1 AND 100),
  -- the provider's time of the event (not when it reached us)
  occurred_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  applied boolean NOT NULL,
  -- why an event changed nothing: 'stale' (out of order), 'amount-mismatch', 'unknown-type'
  ignored_reason text CHECK (ignored_reason IS NULL OR length(ignored_reason) <= 100),
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, provider, provider_event_id),
  FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id)
);
CREATE INDEX payment_events_payment ON payment_events (tenant_id, payment_id, received_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['payments', 'payment_events']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;
