-- The PDF rendition of a document, made by the LibreOffice pool in the workers (absent where it is not installed).
alter table documents add column pdf bytea, add column pdf_sha256 text, add column pdf_error text;

-- The order a kind issues its documents in (kế hoạch before its cover letter): rows of one approval share now().
alter table documents add column position int not null default 0;
