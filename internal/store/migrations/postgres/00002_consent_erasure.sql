-- When a person revokes their consent to the processing of their personal
-- data (Law No. 94-V of 21 May 2013), the store erases the personal data of
-- their consultation request (name, contact, company, message) and keeps
-- only the consent record: text version, purpose, given and revoked times.
-- The name and contact may therefore be empty once consent is revoked.
-- Keep in step with ../sqlite/00002_consent_erasure.sql.

-- +goose Up
ALTER TABLE consultation_requests DROP CONSTRAINT consultation_requests_name_check;
ALTER TABLE consultation_requests DROP CONSTRAINT consultation_requests_contact_check;
ALTER TABLE consultation_requests ADD CONSTRAINT consultation_requests_person_check
    CHECK ((name <> '' AND contact <> '') OR consent_revoked_at IS NOT NULL);

-- +goose Down
-- Erased requests cannot be given their personal data back; they keep a
-- placeholder so that the old constraints hold.
UPDATE consultation_requests SET name = '(erased)' WHERE name = '';
UPDATE consultation_requests SET contact = '(erased)' WHERE contact = '';
ALTER TABLE consultation_requests DROP CONSTRAINT consultation_requests_person_check;
ALTER TABLE consultation_requests ADD CONSTRAINT consultation_requests_name_check CHECK (name <> '');
ALTER TABLE consultation_requests ADD CONSTRAINT consultation_requests_contact_check CHECK (contact <> '');
