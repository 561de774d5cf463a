-- Notification e-mails go through the same outbox and mail worker as letters; they belong to a user, not a request.
alter table outbound_messages
  alter column request_id drop not null,
  alter column to_committee_id drop not null,
  add column user_id uuid references users (id);

-- pending: to be e-mailed on its own; digest: waits for the user's daily digest; done / none: nothing more to send.
alter table notifications add column email_status text not null default 'none'
  check (email_status in ('none', 'pending', 'digest', 'done'));
create index notifications_email_idx on notifications (email_status) where email_status in ('pending', 'digest');

-- One digest per user and day (Asia/Ho_Chi_Minh): a restart or a second sweep never sends it again.
create table notification_digests (
  user_id uuid not null references users (id),
  day date not null,
  outbound_message_id uuid not null references outbound_messages (id),
  notifications int not null,
  primary key (user_id, day)
);
