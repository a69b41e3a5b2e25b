-- tenants.records_version goes up with every change of one of the tenant's
-- employers (or of their records, which always changes the employer's
-- version): a cache of derived data (the dashboard) reads one row to know
-- whether anything changed, instead of every employer's version. The
-- triggers bump it in the transaction of the change.

-- +goose Up
ALTER TABLE tenants ADD COLUMN records_version INTEGER NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE TRIGGER employers_insert_bump_tenant AFTER INSERT ON employers BEGIN
    UPDATE tenants SET records_version = records_version + 1 WHERE id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER employers_update_bump_tenant AFTER UPDATE ON employers BEGIN
    UPDATE tenants SET records_version = records_version + 1 WHERE id = NEW.tenant_id;
END;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TRIGGER employers_delete_bump_tenant AFTER DELETE ON employers BEGIN
    UPDATE tenants SET records_version = records_version + 1 WHERE id = OLD.tenant_id;
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER employers_insert_bump_tenant;
DROP TRIGGER employers_update_bump_tenant;
DROP TRIGGER employers_delete_bump_tenant;
ALTER TABLE tenants DROP COLUMN records_version;
