-- Inbound mail that nobody can forge into an answer, and that never gets lost.

-- The mail gateway's credential: a token with the one role `mail_gateway` (never a person's role, never combined
-- with another), the only one allowed to post raw mail to POST /v1/inbound/mime.
alter table api_tokens drop constraint api_tokens_roles_check;
alter table api_tokens add constraint api_tokens_roles_check check (
  cardinality(roles) > 0
  and roles <@ array['clerk', 'approver', 'admin', 'auditor', 'mail_gateway']
  and (not ('mail_gateway' = any (roles)) or roles = array['mail_gateway'])
);

-- What the reading found wrong with a message, why it waits for a person, who handed it in (the webhook's
-- token, for the audit trail), and what the person decided. `failed`: it could not be processed at all; it
-- waits in triage with its `error`.
alter table inbound_messages
  add column problems text[] not null default '{}',
  add column review_reasons text[] not null default '{}',
  add column received_by uuid references api_tokens (id),
  add column attempts int not null default 0,
  add column reviewed_by uuid references api_tokens (id),
  add column reviewed_at timestamptz,
  add column review_outcome text check (review_outcome in ('confirmed', 'dismissed')),
  add column dsn jsonb;
alter table inbound_messages drop constraint inbound_messages_status_check;
alter table inbound_messages add constraint inbound_messages_status_check
  check (status in ('received', 'processed', 'unmatched', 'ignored', 'failed'));
create index inbound_triage_idx on inbound_messages (received_at desc)
  where status in ('unmatched', 'failed') or (needs_review and review_outcome is null);

-- A bounce's evidence, on the dispatch it failed to deliver (RFC 3464 fields).
alter table dispatches
  add column bounce_status text,
  add column bounce_diagnostic text,
  add column bounce_recipient text,
  add column bounced_at timestamptz;
