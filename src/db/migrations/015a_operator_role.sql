-- The deployment role `operator`: the queue dashboard and the shared queues are the deployment's, not a
-- committee's. Tokens keep 012a's rule that the mail gateway's role stands alone; people may hold `operator` too.
alter table api_tokens drop constraint api_tokens_roles_check;
alter table api_tokens add constraint api_tokens_roles_check check (
  cardinality(roles) > 0
  and roles <@ array['clerk', 'approver', 'admin', 'auditor', 'operator', 'mail_gateway']
  and (not ('mail_gateway' = any (roles)) or roles = array['mail_gateway'])
);
alter table users drop constraint users_roles_check;
alter table users add constraint users_roles_check check (
  cardinality(roles) > 0 and roles <@ array['clerk', 'approver', 'admin', 'auditor', 'operator']);
