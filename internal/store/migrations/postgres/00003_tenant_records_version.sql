-- tenants.records_version goes up with every change of one of the tenant's
-- employers (or of their records, which always changes the employer's
-- version): a cache of derived data (the dashboard) reads one row to know
-- whether anything changed, instead of every employer's version. The
-- trigger bumps it in the transaction of the change; the store locks the
-- tenant's row first in every transaction that writes employers, so that
-- writers of one tenant take their locks in one order. Keep in step with
-- ../sqlite/00003_tenant_records_version.sql.

-- +goose Up
ALTER TABLE tenants ADD COLUMN records_version bigint NOT NULL DEFAULT 0;

-- +goose StatementBegin
CREATE FUNCTION employers_bump_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        UPDATE tenants SET records_version = records_version + 1 WHERE id = OLD.tenant_id;
    ELSE
        UPDATE tenants SET records_version = records_version + 1 WHERE id = NEW.tenant_id;
    END IF;
    RETURN NULL;
END
$$;
-- +goose StatementEnd

CREATE TRIGGER employers_bump_tenant AFTER INSERT OR UPDATE OR DELETE ON employers
    FOR EACH ROW EXECUTE FUNCTION employers_bump_tenant();

-- +goose Down
DROP TRIGGER employers_bump_tenant ON employers;
DROP FUNCTION employers_bump_tenant();
ALTER TABLE tenants DROP COLUMN records_version;
