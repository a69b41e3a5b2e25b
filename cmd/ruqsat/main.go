// Command ruqsat keeps employers in Kazakhstan within the law when they hire
// foreign workers. It evaluates the foreign-labour rules on an employer's
// scenario file (evaluate) and prints the rules, the dated legal parameters
// and the working-day calendar (rules, params, calendar, version); it keeps
// a registry of many employers per tenant in SQLite or PostgreSQL (migrate,
// user, token, import, export, backup) and serves it to the tenant's people
// as a JSON API and a web UI (serve, with --demo a demo tenant).
//
// Each subcommand lives in its own file (evaluate.go, serve.go, ...);
// commands lists them with their one-line summaries.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
	"time"
	_ "time/tzdata" // Asia/Almaty on machines without a zone database (domain.Almaty)

	"github.com/ruqsat/ruqsat/internal/i18n"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	m := NewMain()
	code := m.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}

// Main holds what every subcommand needs: the standard streams and the clock.
// Tests build one with buffers and a fixed clock.
type Main struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Now    func() time.Time
	// Getenv reads the environment (RUQSAT_LANG); nil reads nothing.
	Getenv func(string) string
	// l tells the run's messages in its language (see lang.go).
	l *i18n.Localizer
}

// NewMain returns a Main on the process's streams and the system clock.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Getenv: os.Getenv}
}

// command is a subcommand's entry point: it returns a *usageError for bad
// arguments, an *exitError to choose the exit status, or any other error
// (exit 1). Its one-line summary is the catalogue's cli.summary.NAME.
type command func(m *Main, ctx context.Context, args []string) error

var commands = map[string]command{
	"evaluate": (*Main).runEvaluate,
	"rules":    (*Main).runRules,
	"params":   (*Main).runParams,
	"calendar": (*Main).runCalendar,
	"version":  (*Main).runVersion,
	"migrate":  (*Main).runMigrate,
	"user":     (*Main).runUser,
	"token":    (*Main).runToken,
	"tenant":   (*Main).runTenant,
	"import":   (*Main).runImport,
	"export":   (*Main).runExport,
	"doc":      (*Main).runDoc,
	"backup":   (*Main).runBackup,
	"audit":    (*Main).runAudit,
	"serve":    (*Main).runServe,
	"digest":   (*Main).runDigest,
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// exitError ends the command with a status, after the command has printed
// what it had to say.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run runs the subcommand named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	// The language of every message of the run, whatever the command.
	lang, err := m.runLanguage(args)
	if err != nil {
		fmt.Fprintf(m.Stderr, "ruqsat: %v\n", err)
		return 2
	}
	m.l = i18n.For(lang)
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(m.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "ruqsat: %s\n", m.l.T("cli.unknown_command", "Code", args[0]))
		m.usage(m.Stderr)
		return 2
	}
	err = cmd(m, ctx, args[1:])
	var ue *usageError
	var ee *exitError
	var re *readError
	if errors.As(err, &re) {
		err = m.fileError(re.name, re.err)
	}
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return ee.code
	case errors.As(err, &ue):
		fmt.Fprintf(m.Stderr, "ruqsat %s: %s\n", args[0], ue.msg)
		return 2
	default:
		fmt.Fprintf(m.Stderr, "ruqsat %s: %v\n", args[0], err)
		return 1
	}
}

func (m *Main) usage(w io.Writer) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	l := m.loc()
	var b strings.Builder
	b.WriteString(l.T("cli.usage", "Other", l.T("cli.usage.ruqsat")) + "\n\n" + l.T("cli.commands") + "\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, l.T("cli.summary."+n))
	}
	b.WriteString("\n" + l.T("cli.help") + "\n")
	io.WriteString(w, b.String())
}
