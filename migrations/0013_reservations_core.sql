-- Reservations (施設予約・予約枠): facilities and their bookable resources (rooms, courts, halls,
-- appointment services), fee tables with purposes and 減免 exemptions, closures, weekly slot
-- templates and their exceptions, the materialised slots with a remaining-seat counter (the
-- database's guard against overbooking), bookings, lotteries, waitlists, registered groups and
-- the virtual waiting room's ticket counters.

-- 施設: a building or site. Opening hours and regular closed days apply to all its resources.
CREATE TABLE reservation_facilities (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  -- { "ja": "...", "ja-easy": "...", "en": "..." }
  names jsonb NOT NULL,
  descriptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  address text NOT NULL DEFAULT '',
  phone text NOT NULL DEFAULT '',
  latitude double precision CHECK (latitude BETWEEN -90 AND 90),
  longitude double precision CHECK (longitude BETWEEN -180 AND 180),
  opening_time time NOT NULL DEFAULT '09:00',
  closing_time time NOT NULL DEFAULT '21:00',
  -- regular closed days, 0 = Sunday … 6 = Saturday (休館日)
  closed_weekdays smallint[] NOT NULL DEFAULT '{}',
  is_closed_on_holidays boolean NOT NULL DEFAULT false,
  -- 年末年始 (12/29–1/3)
  is_closed_year_end boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  CHECK (closing_time > opening_time)
);

-- Booking purposes (利用目的) with a fee factor: e.g. 営利目的 200 %.
CREATE TABLE reservation_purposes (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  names jsonb NOT NULL,
  fee_percent integer NOT NULL DEFAULT 100 CHECK (fee_percent BETWEEN 0 AND 1000),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

-- 減免: a reduction of the fee, by percent. Some only for approved groups that hold it.
CREATE TABLE reservation_fee_exemptions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  names jsonb NOT NULL,
  -- what the resident must show at the facility (障害者手帳 …), shown when choosing it
  proof_notes jsonb NOT NULL DEFAULT '{}'::jsonb,
  percent_off integer NOT NULL CHECK (percent_off BETWEEN 1 AND 100),
  is_group_only boolean NOT NULL DEFAULT false,
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, code)
);

-- A bookable thing: a space (room, court, hall: one booking takes the whole slot) or an
-- appointment service (counter visit, vaccination, check-up: a slot has N seats).
CREATE TABLE reservation_resources (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  facility_id uuid NOT NULL,
  code text NOT NULL CHECK (code ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  kind text NOT NULL CHECK (kind IN ('space', 'appointment')),
  -- meeting-room, japanese-room, gym, court, hall, studio, vaccination, health-check, counter, consultation
  category text NOT NULL CHECK (category ~ '^[a-z0-9][a-z0-9-]{0,39}$'),
  names jsonb NOT NULL,
  descriptions jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- people the space holds (search by capacity); for appointments informational
  capacity_people integer NOT NULL CHECK (capacity_people > 0),
  equipment text[] NOT NULL DEFAULT '{}',
  -- allowed purpose codes; empty = any purpose
  purposes text[] NOT NULL DEFAULT '{}',
  booking_mode text NOT NULL DEFAULT 'first_come' CHECK (booking_mode IN ('first_come', 'lottery')),
  -- residents may book this many days ahead; non-residents fewer (0 = residents only)
  resident_window_days integer NOT NULL DEFAULT 90 CHECK (resident_window_days BETWEEN 1 AND 400),
  non_resident_window_days integer NOT NULL DEFAULT 30 CHECK (non_resident_window_days BETWEEN 0 AND 400),
  -- bookings close this many hours before the slot starts
  min_lead_hours integer NOT NULL DEFAULT 0 CHECK (min_lead_hours BETWEEN 0 AND 720),
  -- provisional hold while the resident chooses how to pay
  hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 120),
  -- unpaid (counter / online) bookings are released this many hours after booking (capped at the start)
  payment_deadline_hours integer NOT NULL DEFAULT 72 CHECK (payment_deadline_hours BETWEEN 1 AND 720),
  allows_counter_payment boolean NOT NULL DEFAULT true,
  -- residents may cancel or reschedule online until this many hours before the start
  cancel_deadline_hours integer NOT NULL DEFAULT 24 CHECK (cancel_deadline_hours BETWEEN 0 AND 720),
  -- a cancellation inside this many hours before the start costs cancellation_fee_percent of the fee
  cancellation_fee_hours integer NOT NULL DEFAULT 0 CHECK (cancellation_fee_hours BETWEEN 0 AND 2160),
  cancellation_fee_percent integer NOT NULL DEFAULT 0 CHECK (cancellation_fee_percent BETWEEN 0 AND 100),
  max_active_per_resident integer NOT NULL DEFAULT 4 CHECK (max_active_per_resident BETWEEN 1 AND 100),
  max_party_size integer NOT NULL DEFAULT 1 CHECK (max_party_size BETWEEN 1 AND 100),
  -- reminder through the notifications hub, N days before at a time of day (Asia/Tokyo); 0 = none
  reminder_days_before integer NOT NULL DEFAULT 1 CHECK (reminder_days_before BETWEEN 0 AND 30),
  reminder_time time NOT NULL DEFAULT '18:00',
  waitlist_mode text NOT NULL DEFAULT 'sequential' CHECK (waitlist_mode IN ('none', 'sequential', 'broadcast')),
  offer_minutes integer NOT NULL DEFAULT 30 CHECK (offer_minutes BETWEEN 5 AND 1440),
  -- a rush: booking opens at this moment, and the virtual waiting room admits residents for
  -- queue_minutes after it at queue_rate_per_second
  opens_at timestamptz,
  queue_minutes integer NOT NULL DEFAULT 0 CHECK (queue_minutes BETWEEN 0 AND 1440),
  queue_rate_per_second integer NOT NULL DEFAULT 50 CHECK (queue_rate_per_second BETWEEN 1 AND 10000),
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
  sort_order integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, code),
  FOREIGN KEY (tenant_id, facility_id) REFERENCES reservation_facilities (tenant_id, id)
);

-- 料金表: the fee of a time band, for residents and non-residents, on some days.
CREATE TABLE reservation_fee_rules (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  day_kind text NOT NULL DEFAULT 'all' CHECK (day_kind IN ('all', 'weekday', 'weekend_holiday')),
  band_start time NOT NULL,
  band_end time NOT NULL,
  resident_fee_yen integer NOT NULL CHECK (resident_fee_yen BETWEEN 0 AND 10000000),
  non_resident_fee_yen integer NOT NULL CHECK (non_resident_fee_yen BETWEEN 0 AND 10000000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id) ON DELETE CASCADE,
  CHECK (band_end > band_start)
);

-- 臨時休館: closed dates, tenant-wide (facility_id null), for one facility or one resource.
CREATE TABLE reservation_closures (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  facility_id uuid,
  resource_id uuid,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  reasons jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, facility_id) REFERENCES reservation_facilities (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id) ON DELETE CASCADE,
  CHECK (ends_on >= starts_on)
);

-- Weekly slot pattern: on these weekdays, a slot from start to end with this capacity.
CREATE TABLE reservation_slot_templates (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  weekdays smallint[] NOT NULL CHECK (cardinality(weekdays) BETWEEN 1 AND 7),
  start_time time NOT NULL,
  end_time time NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 1 AND 10000),
  valid_from date NOT NULL,
  valid_until date,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id) ON DELETE CASCADE,
  CHECK (end_time > start_time),
  CHECK (valid_until IS NULL OR valid_until >= valid_from)
);

-- Exceptions to the templates on one date: no slots that day (or one start time), another
-- capacity, or an extra slot.
CREATE TABLE reservation_slot_exceptions (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  on_date date NOT NULL,
  kind text NOT NULL CHECK (kind IN ('cancel', 'capacity', 'extra')),
  start_time time,
  end_time time,
  capacity integer CHECK (capacity BETWEEN 0 AND 10000),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id) ON DELETE CASCADE
);

-- Registered groups (団体登録): priority days beyond the resident window, their own limit, and
-- possibly a group-only exemption. Approved by staff.
CREATE TABLE reservation_groups (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  registration_number text NOT NULL,
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
  representative_resident_id uuid,
  member_count integer NOT NULL CHECK (member_count BETWEEN 1 AND 10000),
  -- more than half the members live or work in the municipality (市内団体)
  is_resident_group boolean NOT NULL DEFAULT true,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'suspended')),
  priority_days integer NOT NULL DEFAULT 0 CHECK (priority_days BETWEEN 0 AND 365),
  max_active_bookings integer NOT NULL DEFAULT 8 CHECK (max_active_bookings BETWEEN 1 AND 200),
  exemption_code text,
  approved_by_staff_id uuid,
  approved_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, registration_number),
  FOREIGN KEY (tenant_id, representative_resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (representative_resident_id),
  FOREIGN KEY (tenant_id, exemption_code) REFERENCES reservation_fee_exemptions (tenant_id, code)
);

CREATE TABLE reservation_group_members (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  group_id uuid NOT NULL,
  resident_id uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, group_id, resident_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES reservation_groups (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE CASCADE
);

-- 抽選: an application window over the lottery slots (slots.lottery_id), the draw (seeded,
-- reproducible), results, a confirmation deadline, then a second round first-come.
CREATE TABLE reservation_lotteries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  titles jsonb NOT NULL,
  resource_id uuid NOT NULL,
  -- the slots from this date to that date (Asia/Tokyo) are drawn
  slots_from date NOT NULL,
  slots_until date NOT NULL,
  applications_open_at timestamptz NOT NULL,
  applications_close_at timestamptz NOT NULL,
  max_entries_per_applicant integer NOT NULL DEFAULT 3 CHECK (max_entries_per_applicant BETWEEN 1 AND 50),
  -- winners confirm (and pay) within this many hours of publication, or the win is released
  confirm_hours integer NOT NULL DEFAULT 72 CHECK (confirm_hours BETWEEN 1 AND 720),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed', 'drawn', 'published', 'second_round', 'cancelled')),
  -- hex, 32 bytes; recorded in the audit log at the draw
  seed text,
  drawn_at timestamptz,
  drawn_by_staff_id uuid,
  published_at timestamptz,
  confirm_deadline_at timestamptz,
  second_round_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id),
  CHECK (applications_close_at > applications_open_at),
  CHECK (slots_until >= slots_from)
);

-- 予約枠: one bookable unit of time with capacity seats. `remaining` is THE guard against
-- overbooking: seats are taken only by `UPDATE … SET remaining = remaining - n WHERE remaining >= n`
-- and the CHECK makes any other path fail.
CREATE TABLE reservation_slots (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  resource_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  capacity integer NOT NULL CHECK (capacity BETWEEN 0 AND 10000),
  remaining integer NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  lottery_id uuid,
  source text NOT NULL DEFAULT 'template' CHECK (source IN ('template', 'exception', 'manual')),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, resource_id, starts_at),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id),
  FOREIGN KEY (tenant_id, lottery_id) REFERENCES reservation_lotteries (tenant_id, id),
  CHECK (ends_at > starts_at),
  CHECK (remaining >= 0 AND remaining <= capacity)
);
CREATE INDEX reservation_slots_by_time ON reservation_slots (tenant_id, starts_at, resource_id);

-- 予約: one booking of seats on a slot. Seats are held from `held` until a terminal status
-- (cancelled, expired) gives them back to the slot in the same transaction.
CREATE TABLE reservations (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  -- 予約番号, unambiguous alphabet, printed on the permit
  reference text NOT NULL,
  slot_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  resident_id uuid,
  group_id uuid,
  -- who it is for (a manual booking may have no resident account)
  applicant_name text NOT NULL CHECK (length(applicant_name) BETWEEN 1 AND 100),
  applicant_phone text,
  applicant_email text,
  party_size integer NOT NULL CHECK (party_size BETWEEN 1 AND 10000),
  seats integer NOT NULL CHECK (seats BETWEEN 1 AND 10000),
  purpose_code text,
  exemption_code text,
  is_resident_rate boolean NOT NULL,
  fee_yen integer NOT NULL CHECK (fee_yen BETWEEN 0 AND 100000000),
  -- how the fee was reached (band fees, purpose factor, exemption), for the permit and audits
  fee_breakdown jsonb NOT NULL DEFAULT '{}'::jsonb,
  -- held: provisional, until hold_expires_at; won: a lottery win to confirm by hold_expires_at;
  -- awaiting_payment: online or counter payment due by payment_due_at (仮予約);
  -- confirmed (本予約) → checked_in | no_show; cancelled, expired: seats given back
  status text NOT NULL CHECK (status IN ('held', 'won', 'awaiting_payment', 'confirmed', 'checked_in', 'no_show', 'cancelled', 'expired')),
  payment_method text NOT NULL DEFAULT 'none' CHECK (payment_method IN ('none', 'online', 'counter')),
  payment_id uuid,
  paid_at timestamptz,
  hold_expires_at timestamptz,
  payment_due_at timestamptz,
  channel text NOT NULL CHECK (channel IN ('web', 'api', 'phone', 'counter', 'lottery', 'waitlist')),
  created_by_staff_id uuid,
  api_key_id uuid,
  -- random, shown as a QR code on the permit and typed in at the facility
  check_in_code text NOT NULL,
  confirmed_at timestamptz,
  checked_in_at timestamptz,
  checked_in_by_staff_id uuid,
  no_show_at timestamptz,
  cancelled_at timestamptz,
  cancelled_by text CHECK (cancelled_by IN ('resident', 'staff', 'system')),
  cancel_reason text,
  cancellation_fee_yen integer NOT NULL DEFAULT 0 CHECK (cancellation_fee_yen >= 0),
  expired_at timestamptz,
  rescheduled_from_id uuid,
  lottery_entry_id uuid,
  waitlist_entry_id uuid,
  idempotency_key text,
  request_hash text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, reference),
  UNIQUE (tenant_id, check_in_code),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, slot_id) REFERENCES reservation_slots (tenant_id, id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (resident_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES reservation_groups (tenant_id, id),
  FOREIGN KEY (tenant_id, purpose_code) REFERENCES reservation_purposes (tenant_id, code),
  FOREIGN KEY (tenant_id, exemption_code) REFERENCES reservation_fee_exemptions (tenant_id, code)
);
-- one live booking per resident and slot
CREATE UNIQUE INDEX reservations_one_live_per_resident_slot ON reservations (tenant_id, slot_id, resident_id)
  WHERE resident_id IS NOT NULL AND status IN ('held', 'won', 'awaiting_payment', 'confirmed', 'checked_in');
CREATE INDEX reservations_by_slot ON reservations (tenant_id, slot_id, status);
CREATE INDEX reservations_by_resident ON reservations (tenant_id, resident_id, created_at DESC);
-- the expiry sweep: holds, unconfirmed wins, unpaid bookings
CREATE INDEX reservations_due ON reservations (tenant_id, status, hold_expires_at, payment_due_at)
  WHERE status IN ('held', 'won', 'awaiting_payment');

CREATE TABLE reservation_lottery_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  lottery_id uuid NOT NULL,
  slot_id uuid NOT NULL,
  resident_id uuid,
  group_id uuid,
  party_size integer NOT NULL DEFAULT 1 CHECK (party_size BETWEEN 1 AND 10000),
  purpose_code text,
  status text NOT NULL DEFAULT 'entered' CHECK (status IN ('entered', 'withdrawn', 'won', 'lost', 'confirmed', 'released')),
  -- position in the slot's seeded order (1 = drawn first)
  draw_rank integer,
  reservation_id uuid,
  idempotency_key text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, idempotency_key),
  FOREIGN KEY (tenant_id, lottery_id) REFERENCES reservation_lotteries (tenant_id, id),
  FOREIGN KEY (tenant_id, slot_id) REFERENCES reservation_slots (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (resident_id),
  FOREIGN KEY (tenant_id, group_id) REFERENCES reservation_groups (tenant_id, id)
);
CREATE UNIQUE INDEX reservation_lottery_entries_one_per_slot ON reservation_lottery_entries (tenant_id, slot_id, resident_id)
  WHERE resident_id IS NOT NULL AND status <> 'withdrawn';
CREATE INDEX reservation_lottery_entries_by_lottery ON reservation_lottery_entries (tenant_id, lottery_id, slot_id);

-- キャンセル待ち. Sequential mode: a freed seat stays taken from the slot and is held by the
-- offered entry (seats) until it is claimed, or passed to the next, or given back to the slot.
-- Broadcast mode: the seat goes back to the slot and every waiting entry is told; first claim wins.
CREATE TABLE reservation_waitlist_entries (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  slot_id uuid NOT NULL,
  resource_id uuid NOT NULL,
  resident_id uuid,
  party_size integer NOT NULL DEFAULT 1 CHECK (party_size BETWEEN 1 AND 10000),
  status text NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'offered', 'claimed', 'expired', 'withdrawn', 'closed')),
  -- seats held for this entry while offered (sequential mode)
  held_seats integer NOT NULL DEFAULT 0 CHECK (held_seats >= 0),
  -- sha256 of the claim link's token (the token itself only in the notice)
  claim_token_hash text,
  offered_at timestamptz,
  offer_expires_at timestamptz,
  claimed_reservation_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id),
  UNIQUE (tenant_id, claim_token_hash),
  FOREIGN KEY (tenant_id, slot_id) REFERENCES reservation_slots (tenant_id, id),
  FOREIGN KEY (tenant_id, resident_id) REFERENCES residents (tenant_id, id) ON DELETE SET NULL (resident_id)
);
CREATE UNIQUE INDEX reservation_waitlist_one_per_resident_slot ON reservation_waitlist_entries (tenant_id, slot_id, resident_id)
  WHERE resident_id IS NOT NULL AND status IN ('waiting', 'offered');
CREATE INDEX reservation_waitlist_queue ON reservation_waitlist_entries (tenant_id, slot_id, status, created_at, id);
CREATE INDEX reservation_waitlist_offers_due ON reservation_waitlist_entries (tenant_id, offer_expires_at) WHERE status = 'offered';

-- The virtual waiting room: tickets are numbered per resource; the ticket itself is a signed
-- token held by the browser, so only this counter is stored.
CREATE TABLE reservation_queue_counters (
  tenant_id uuid NOT NULL REFERENCES tenants (id),
  resource_id uuid NOT NULL,
  -- which opening the counter belongs to (a new opens_at starts again at 0)
  opens_at timestamptz NOT NULL,
  issued bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, resource_id),
  FOREIGN KEY (tenant_id, resource_id) REFERENCES reservation_resources (tenant_id, id) ON DELETE CASCADE
);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['reservation_facilities', 'reservation_purposes', 'reservation_fee_exemptions',
    'reservation_resources', 'reservation_fee_rules', 'reservation_closures', 'reservation_slot_templates',
    'reservation_slot_exceptions', 'reservation_groups', 'reservation_group_members', 'reservation_lotteries',
    'reservation_slots', 'reservations', 'reservation_lottery_entries', 'reservation_waitlist_entries',
    'reservation_queue_counters']
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format($p$CREATE POLICY tenant_isolation ON %I
      USING (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)
      WITH CHECK (tenant_id = nullif(current_setting('app.tenant_id', true), '')::uuid)$p$, t);
  END LOOP;
END
$$;

-- API scopes for kiosks, LINE mini-apps and integrators.
ALTER TABLE api_keys DROP CONSTRAINT api_keys_scopes_check;
ALTER TABLE api_keys ADD CONSTRAINT api_keys_scopes_check CHECK (
  cardinality(scopes) BETWEEN 1 AND 7
  AND scopes <@ ARRAY['procedures:read', 'applications:write', 'applications:read', 'notices:write', 'notices:read',
    'bookings:write', 'bookings:read']::text[]);
ALTER TABLE reservations ADD CONSTRAINT reservations_api_key_fk
  FOREIGN KEY (tenant_id, api_key_id) REFERENCES api_keys (tenant_id, id);
