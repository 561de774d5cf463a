-- A letter never leaves with placeholder data. The seed's e-mail addresses and signer names are
-- placeholders until an admin enters them; the fields still holding a seed value are listed here (an admin's
-- PATCH takes a field off the list). attach_docx: the committee wants the .docx beside the PDF in its letters.
alter table committees
  add column placeholder_fields text[] not null default '{}',
  add column mail_attach_docx boolean not null default false;

update committees c set placeholder_fields = array_remove(array[
    case when c.email like '%@uy-ban-kiem-tra.example' then 'email' end,
    case when exists (select 1 from committee_versions v where v.committee_id = c.id and v.valid_to is null
                        and v.signer_name = '(Chưa nhập người ký)') then 'signerName' end
  ], null);
