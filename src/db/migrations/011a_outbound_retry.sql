-- Temporary SMTP refusals are retried until a lifetime counted from the first attempt; the database says when
-- the next attempt is due, so a lost or failed queue job never decides it.
alter table outbound_messages add column first_attempt_at timestamptz;
alter table outbound_messages add column next_attempt_at timestamptz;

-- A PDF that could not be made after its attempts: the last reason, kept apart from a document LibreOffice
-- refuses (pdf_error), so that a converter that comes back makes it after all.
alter table documents add column pdf_attempt_error text;
