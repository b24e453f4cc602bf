-- One-click unsubscribe from a notice without a topic (RFC 8058) must stop such mail: residents
-- can opt out of every non-urgent bulk email; critical notices and their own business still come.
ALTER TABLE resident_notification_profiles ADD COLUMN is_bulk_email_off boolean NOT NULL DEFAULT false;
