-- A Message-ID alone no longer makes a message a duplicate: a forged message sent first with the Message-ID of a
-- real reply would make the reply a "duplicate" that is never read. The same message delivered again (by SMTP and
-- by IMAP, with different trace headers) still has the same Message-ID and the same body; that is a duplicate.
alter table inbound_messages add column body_sha256 text;
update inbound_messages set body_sha256 = encode(sha256(
  case
    when position('\x0d0a0d0a'::bytea in raw) > 0 then substring(raw from position('\x0d0a0d0a'::bytea in raw) + 4)
    when position('\x0a0a'::bytea in raw) > 0 then substring(raw from position('\x0a0a'::bytea in raw) + 2)
    else ''::bytea
  end), 'hex');
alter table inbound_messages alter column body_sha256 set not null;
alter table inbound_messages drop constraint inbound_messages_message_id_key;
create unique index inbound_message_id_body on inbound_messages (message_id, body_sha256);
