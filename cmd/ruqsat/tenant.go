package main

import (
	"context"
	"fmt"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// runTenant implements `ruqsat tenant list`: one line per tenant, its
// public slug, a tab and its name, for scripts and for finding what
// --tenant takes.
func (m *Main) runTenant(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "list" {
		return m.usageErr("cli.tenant.usage")
	}
	fs := m.flagSet("tenant list")
	db := m.addDBFlags(fs)
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.tenant.usage")
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	list, err := s.Tenants(ctx)
	if err != nil {
		return m.appError(err)
	}
	for _, t := range list {
		if _, err := fmt.Fprintf(m.Stdout, "%s\t%s\n", t.Slug, t.Name); err != nil {
			return err
		}
	}
	return nil
}

// tenantOf returns the tenant --tenant names, by its slug or its name, and
// refuses an unknown one (exit 1), so that a renamed tenant is not forked
// into a new one under its old name: only `ruqsat user add` creates
// tenants.
func (m *Main) tenantOf(ctx context.Context, s *store.DB, ref string) (*store.Tenant, error) {
	t, err := s.TenantByRef(ctx, ref)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return nil, m.failure("cli.tenant.unknown", "Name", ref)
	}
	if err != nil {
		return nil, m.appError(err)
	}
	return t, nil
}
