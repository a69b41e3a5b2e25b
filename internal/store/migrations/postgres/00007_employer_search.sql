-- The employers list's search: the employer's name and BIN as the search
-- compares them, folded in Go (lower case in every script, ё as е), because
-- SQLite's lower() and LIKE fold only ASCII letters and the two engines
-- must find the same employers for "дала" and "ДАЛА", "қазақ" and "ҚАЗАҚ".
-- Rows written before this migration get theirs when the store opens
-- (fillSearch). Keep in step with ../sqlite/00007_employer_search.sql.

-- +goose Up
ALTER TABLE employers ADD COLUMN search TEXT;

-- +goose Down
ALTER TABLE employers DROP COLUMN search;
