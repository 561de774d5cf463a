-- Notifications to a committee's own people: an in-app feed per user, written in the same transaction as
-- the audit event that caused it; preferences per user and event type.
create table notifications (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id),
  event_type text not null,
  request_id uuid references requests (id),
  title text not null,
  body text not null,
  link text,
  urgent boolean not null default false,
  created_at timestamptz not null default now(),
  read_at timestamptz
);
create index notifications_feed_idx on notifications (user_id, created_at desc, id desc);
create index notifications_unread_idx on notifications (user_id) where read_at is null;

create table notification_preferences (
  user_id uuid not null references users (id),
  event_type text not null,
  in_app boolean not null default true,
  email text not null default 'immediate' check (email in ('off', 'immediate', 'digest')),
  primary key (user_id, event_type)
);

alter table users add column digest_time text not null default '07:30' check (digest_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$');
