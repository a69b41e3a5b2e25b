package main

import (
	"context"
	"fmt"

	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

func (m *Main) runVersion(ctx context.Context, args []string) error {
	_, err := fmt.Fprintf(m.Stdout, "ruqsat %s (ruleset %s)\n", version, params.Default().Ruleset)
	return err
}
