-- A foreign worker's date of birth (the qualification letter names it);
-- NULL when not known.

-- +goose Up
ALTER TABLE workers ADD COLUMN birth_date date;

-- +goose Down
ALTER TABLE workers DROP COLUMN birth_date;
