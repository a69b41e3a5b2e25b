package main

import (
	"bufio"
	"context"
	"fmt"
	"strings"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/auth"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

// runUser implements `ruqsat user add` and `ruqsat user passwd`.
func (m *Main) runUser(ctx context.Context, args []string) error {
	switch {
	case len(args) > 0 && args[0] == "add":
		return m.runUserAdd(ctx, args[1:])
	case len(args) > 0 && args[0] == "passwd":
		return m.runUserPasswd(ctx, args[1:])
	}
	return m.usageErr("cli.user.usage")
}

// readPassword reads a new password from the first line of standard input,
// checks it against the policy and returns its hash.
func (m *Main) readPassword() (string, error) {
	pw, err := bufio.NewReader(m.Stdin).ReadString('\n')
	if err != nil && pw == "" {
		return "", m.usageErr("cli.user.no_password")
	}
	return strings.TrimRight(pw, "\r\n"), nil
}

// passwordError reports a password the policy refuses as a usage error.
func (m *Main) passwordError(err error) error {
	if domain.ErrorCode(err) == domain.EINVALID {
		return &usageError{msg: m.loc().Error(err)}
	}
	return m.appError(err)
}

// runUserPasswd implements `ruqsat user passwd --email EMAIL`: it sets the
// user's password from standard input and ends their sessions (for an
// operator, e.g. when the demo owner's password was not noted).
func (m *Main) runUserPasswd(ctx context.Context, args []string) error {
	fs := m.flagSet("user passwd")
	db := m.addDBFlags(fs)
	email := fs.String("email", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *email == "" || fs.NArg() != 0 {
		return m.usageErr("cli.required", "Name", "--email")
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
		return m.appError(err)
	}
	a := app.New(app.Config{DB: s})
	if _, err := a.UpdateUser(ctx, app.Operator(u.TenantID, cliActor.Name), u.ID, app.UserUpdate{Password: &pw}); err != nil {
		return m.passwordError(err)
	}
	return m.say("cli.user.passwd_done", "Name", u.Email)
}

// runUserAdd implements `ruqsat user add --tenant NAME --email EMAIL --role
// owner|editor|viewer [--employers BIN,BIN]`: the password is read from the
// first line of standard input; the tenant is created when new.
func (m *Main) runUserAdd(ctx context.Context, args []string) error {
	fs := m.flagSet("user add")
	db := m.addDBFlags(fs)
	tenantName := fs.String("tenant", "", "")
	email := fs.String("email", "", "")
	roleName := fs.String("role", "viewer", "")
	employers := fs.String("employers", "", "")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *tenantName == "" || *email == "" || fs.NArg() != 0 {
		return m.usageErr("cli.required2", "Name", "--tenant", "Other", "--email")
	}
	role, err := domain.ParseRole(*roleName)
	if err != nil {
		return m.usageErr("cli.user.role", "Code", *roleName)
	}
	pw, err := m.readPassword()
	if err != nil {
		return err
	}
	if err := auth.ValidatePassword(pw); err != nil {
		return m.passwordError(err) // before a tenant is created for nothing
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	t, err := tenantFor(ctx, s, *tenantName)
	if err != nil {
		return m.appError(err)
	}
	n := app.NewUser{Email: *email, Password: pw, Role: role}
	if *employers != "" {
		n.Employers = strings.Split(*employers, ",")
	}
	a := app.New(app.Config{DB: s})
	u, err := a.CreateUser(ctx, app.Operator(t.ID, cliActor.Name), n)
	if err != nil {
		return m.passwordError(err)
	}
	return m.say("cli.user.added", "Name", u.Email, "Code", string(u.Role), "Other", t.Name)
}

// tenantFor returns the tenant whose slug or name is ref, creating one
// named ref when there is none: only `user add` creates tenants.
func tenantFor(ctx context.Context, s *store.DB, ref string) (*store.Tenant, error) {
	t, err := s.TenantByRef(ctx, ref)
	if domain.ErrorCode(err) == domain.ENOTFOUND {
		return s.CreateTenant(ctx, cliActor, ref)
	}
	return t, err
}

// runToken implements `ruqsat token create --email EMAIL [--name NAME]`: it
// prints a new API token for the user. Only its hash is stored, so it is
// shown once.
func (m *Main) runToken(ctx context.Context, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return m.usageErr("cli.token.usage")
	}
	fs := m.flagSet("token create")
	db := m.addDBFlags(fs)
	email := fs.String("email", "", "")
	name := fs.String("name", "cli", "")
	if err := parseFlags(fs, args[1:]); err != nil {
		return err
	}
	if *email == "" || fs.NArg() != 0 {
		return m.usageErr("cli.required", "Name", "--email")
	}
	s, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	u, err := s.UserByEmail(ctx, *email)
	if err != nil {
		return m.appError(err)
	}
	_, token, err := app.New(app.Config{DB: s}).CreateTokenFor(ctx, app.Operator(u.TenantID, cliActor.Name), u.ID, *name)
	if err != nil {
		return m.appError(err)
	}
	_, err = fmt.Fprintln(m.Stdout, token)
	return err
}
