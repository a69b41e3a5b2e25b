// Package store keeps ruqsat's registry in a database: tenants and their
// users, sessions and API tokens; employers with every record the rules
// read (workers, permits with their regions and extension history, trips,
// address changes, permit applications, contracts, monthly reports, quota
// plans and applications, penalties); consultation requests with the
// consent they were given under; and an append-only audit log.
//
// One URL chooses the engine (see Open): "sqlite:PATH" for the embedded
// default (modernc.org/sqlite, pure Go, in WAL mode with foreign keys on and
// one writer connection beside a pool of readers) or "postgres://..." for
// server deployments (jackc/pgx). The SQL is written once, with $N
// placeholders, for both; the few differences live in dialect. Migrations
// are embedded, one goose directory per engine, and applied by Open.
//
// # Tenancy
//
// Every method that reads or changes registry data takes the tenant id and
// touches only that tenant's rows: an employer of another tenant is simply
// not found (ENOTFOUND), never forbidden, so that a caller learns nothing
// about other tenants. The only lookups that are not scoped by tenant are
// the ones that establish who is calling: UserByEmail, SessionByTokenHash
// and UserByTokenHash, which return the user with its tenant.
//
// # Errors
//
// Methods return *domain.Error with code ENOTFOUND (no such row in this
// tenant), ECONFLICT (a name already taken, or a stale version in an
// optimistic update) or EINVALID (input the schema refuses), and wrapped
// driver errors for anything else, which domain.ErrorCode reports as
// EINTERNAL. Each method's comment lists the codes it returns.
//
// # Changes and the audit log
//
// Every change runs in one transaction that also appends its audit entry
// (who, when, entity, action, before and after as JSON), so a change and its
// audit entry are committed together or not at all. Nothing in this package
// updates or deletes audit entries, and triggers in the schema refuse both.
//
// # Evaluation
//
// EmployerRecords loads an employer into domain.Records exactly as it was
// stored, so rules evaluated on stored data give the findings the same
// records give from a scenario file. The store knows nothing of the rules:
// the application layer (internal/app) loads and evaluates.
package store
