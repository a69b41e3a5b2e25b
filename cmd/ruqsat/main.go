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
}

// NewMain returns a Main on the process's streams and the system clock.
func NewMain() *Main {
	return &Main{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Now: time.Now, Getenv: os.Getenv}
}

// command is one subcommand: its one-line summary and its entry point. run
// returns a *usageError for bad arguments, an *exitError to choose the exit
// status, or any other error (exit 1).
type command struct {
	summary string
	run     func(m *Main, ctx context.Context, args []string) error
}

var commands = map[string]command{
	"evaluate": {"evaluate a scenario file and print the findings", (*Main).runEvaluate},
	"rules":    {"list every rule with its legal basis", (*Main).runRules},
	"params":   {"print the legal parameters in force on a date", (*Main).runParams},
	"calendar": {"print a year's non-working days (text, json or ics)", (*Main).runCalendar},
	"version":  {"print the version of ruqsat and of its rule set", (*Main).runVersion},
	"migrate":  {"apply the database migrations", (*Main).runMigrate},
	"user":     {"user add | passwd: add a user to a tenant, or set a password (on standard input)", (*Main).runUser},
	"token":    {"token create: print a new API token for a user", (*Main).runToken},
	"import":   {"import scenario files, or CSV/XLSX workers, permits and trips", (*Main).runImport},
	"export":   {"print an employer's records as a scenario file", (*Main).runExport},
	"backup":   {"write a consistent copy of the SQLite database", (*Main).runBackup},
	"audit":    {"audit purge: erase workers' personal data from the audit log after the retention", (*Main).runAudit},
	"serve":    {"serve the JSON API, /healthz, /readyz and /metrics", (*Main).runServe},
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

// exitError ends the command with a status, after the command has printed
// what it had to say.
type exitError struct{ code int }

func (e *exitError) Error() string { return fmt.Sprintf("exit status %d", e.code) }

// Run runs the subcommand named by args[0] and returns the exit status.
func (m *Main) Run(ctx context.Context, args []string) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		m.usage(m.Stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(m.Stderr, "ruqsat: unknown command %q\n", args[0])
		m.usage(m.Stderr)
		return 2
	}
	err := cmd.run(m, ctx, args[1:])
	var ue *usageError
	var ee *exitError
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
	var b strings.Builder
	b.WriteString("Usage: ruqsat COMMAND [flags] [args]\n\nCommands:\n")
	for _, n := range names {
		fmt.Fprintf(&b, "  %-10s %s\n", n, commands[n].summary)
	}
	b.WriteString("\nRun 'ruqsat COMMAND -h' for a command's flags.\n")
	io.WriteString(w, b.String())
}
