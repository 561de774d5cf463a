-- The deployment role `operator` (issue 15): the queue dashboard and the shared queues are the deployment's, not a
-- committee's. The list also names `mail_gateway` (issue 12's role) so that whichever migration runs last keeps both.
alter table api_tokens drop constraint if exists api_tokens_roles_check;
alter table api_tokens add constraint api_tokens_roles_check check (
  cardinality(roles) > 0 and roles <@ array['clerk', 'approver', 'admin', 'auditor', 'mail_gateway', 'operator']);
alter table users drop constraint if exists users_roles_check;
alter table users add constraint users_roles_check check (
  cardinality(roles) > 0 and roles <@ array['clerk', 'approver', 'admin', 'auditor', 'mail_gateway', 'operator']);
