package main

import (
	"fmt"
	"os"

	"github.com/ruqsat/ruqsat/internal/rules/params"
)

// loadParams returns the embedded parameter set, with the deployment's
// override file added when path is not empty.
func loadParams(path string) (*params.Set, error) {
	s := params.Default()
	if path == "" {
		return s, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &readError{name: path, err: err}
	}
	s, err = s.WithFile(path, data)
	if err != nil {
		return nil, &invalidInput{err: err}
	}
	return s, nil
}

// invalidInput is an input file with problems: its lines are printed as they
// are and the exit status is 2.
type invalidInput struct{ err error }

func (e *invalidInput) Error() string { return e.err.Error() }

func printInvalid(m *Main, err error) error {
	fmt.Fprintln(m.Stderr, err)
	return &exitError{code: 2}
}
