package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

const userUsage = "expected: ruqsat user add --tenant NAME --email EMAIL --role owner|editor|viewer, " +
	"or ruqsat user passwd --email EMAIL (the password on standard input)"

// runUser implements `ruqsat user add` and `ruqsat user passwd`.
func (m *Main) runUser(ctx context.Context, args []string) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return m.runUserAdd(ctx, args[1:])
	case len(args) > 0 && args[0] == "passwd":
		return m.runUserPasswd(ctx, args[1:])
	}
	return usagef(userUsage)
}

// readPassword reads a new password from the first line of standard input,
// checks it against the policy and returns its hash.
func (m *Main) readPassword() (string, error) {
	pw, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && pw == "" {
		return "", usagef("give the password on standard input")
	}
	return strings.TrimRight(pw, "\r\n"), nil
}

// passwordError reports a password the policy refuses as a usage error.
func passwordError(err error) error {
	if domain.ErrorCode(err) == domain.EINVALID {
		return usagef("password: %s", domain.ErrorMessage(err))
	}
	return userError(err)
}

// runUserPasswd implements `ruqsat user passwd --email EMAIL`: it sets the
// user's password from standard input and ends their sessions (for an
// operator, e.g. when the demo owner's password was not noted).
func (m *Main) runUserPasswd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("user passwd", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	email := fs.String("email", "", "the user's email")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || fs.NArg() != 0 {
		return usagef("--email is required")
	}
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, *email)
	if err != nil {
		return userError(err)
	}
	a := app.New(app.Config{DB: s})
	if _, err := a.UpdateUser(ctx, app.Operator(u.TenantID, cliActor.Name), u.ID, app.UserUpdate{Password: &pw}); err != nil {
		return passwordError(err)
	}
	_, err = fmt.Fprintf(m.Stdout, "password of %s changed; their sessions have ended\n", u.Email)
	return err
}

// runUserAdd implements `ruqsat user add --tenant NAME --email EMAIL --role
// owner|editor|viewer [--employers BIN,BIN]`: the password is read from the
// first line of standard input; the tenant is created when new.
func (m *Main) runUserAdd(ctx context.Context, args []string) error {
	fs := flag.NewFlagSet("user add", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	tenantName := fs.String("tenant", "", "tenant name (created when new)")
	email := fs.String("email", "", "the user's email, their login")
	roleName := fs.String("role", "viewer", "owner, editor or viewer")
	employers := fs.String("employers", "", "limit the user to these employers (comma-separated BINs)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tenantName == "" || *email == "" || fs.NArg() != 0 {
		return usagef("--tenant and --email are required")
	}
	role, err := domain.ParseRole(*roleName)
	if err != nil {
		return usagef("--role: %v", domain.ErrorMessage(err))
	}
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	if err := auth.ValidatePassword(pw); err != nil {
		return passwordError(err) // before a tenant is created for nothing
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := tenantFor(ctx, s, *tenantName)
	if err != nil {
		return err
	}
	n := app.NewUser{Email: *email, Password: pw, Role: role}
	if *employers != "" {
		n.Employers = strings.Split(*employers, ",")
	}
	a := app.New(app.Config{DB: s})
	u, err := a.CreateUser(ctx, app.Operator(t.ID, cliActor.Name), n)
	if err != nil {
		return passwordError(err)
	}
	_, err = fmt.Fprintf(m.Stdout, "user %s (%s) added to tenant %s\n", u.Email, u.Role, t.Name)
	return err
}

// tenantFor returns the tenant called name, creating it when new.
func tenantFor(ctx context.Context, s *store.DB, name string) (*store.Tenant, error) {
	t, err := s.TenantByName(ctx, name)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.CreateTenant(ctx, cliActor, name)
	}
	return t, err
}

// userError shows a store's *domain.Error as a plain message.
func userError(err error) error {
	var de *domain.Error
	if errors.As(err, &de) {
		return errors.New(de.Message)
	}
	return err
}

// runToken implements `ruqsat token create --email EMAIL [--name NAME]`: it
// prints a new API token for the user. Only its hash is stored, so it is
// shown once.
func (m *Main) runToken(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return usagef("expected: ruqsat token create --email EMAIL [--name NAME]")
	}
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	fs.SetOutput(m.Stderr)
	db := addDBFlags(fs)
	email := fs.String("email", "", "the user the token acts as")
	name := fs.String("name", "cli", "a name to recognise the token by")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || fs.NArg() != 0 {
		return usagef("--email is required")
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, *email)
	if err != nil {
		return userError(err)
	}
	_, token, err := app.New(app.Config{DB: s}).CreateTokenFor(ctx, app.Operator(u.TenantID, cliActor.Name), u.ID, *name)
	if err != nil {
		return userError(err)
	}
	_, err = fmt.Fprintln(m.Stdout, token)
	return err
}
