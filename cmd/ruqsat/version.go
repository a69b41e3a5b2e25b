package main

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// runVersion implements `ruqsat version`.
func (m *Main) runVersion(ctx context.Context, args []string) error {
	fs := m.flagSet("version")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return m.usageErr("cli.no_args", "Name", "version")
	}
	return m.say("cli.version", "Code", version, "Year", params.Default().Ruleset)
}
