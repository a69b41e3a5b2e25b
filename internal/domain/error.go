package domain

import (
	"errors"
	"fmt"
)

// Error codes. Only an Error's message reaches a user; anything else is logged
// and shown as "internal error".
const (
	EINVALID   = "invalid"
	ENOTFOUND  = "not_found"
	ECONFLICT  = "conflict"
	EFORBIDDEN = "forbidden"
	EINTERNAL  = "internal"
)

// Error is ruqsat's application error: a code from the list above and a
// message for the user.
type Error struct {
	Code    string
	Message string
	// Problems, for EINVALID records, are the validator's problems with
	// their paths, for a door to place each where its user sees it.
	Problems *Problems
	// Key, when set, is the catalogue's message for Message, and Args its
	// placeholders (pairs of names and values), for a door to write the
	// message in its user's language; Message stays the English text.
	Key  string
	Args []any
}

// Say sets the error's catalogue key and placeholders and returns it.
func (e *Error) Say(key string, kv ...any) *Error {
	e.Key, e.Args = key, kv
	return e
}

func (e *Error) Error() string { return e.Message }

// Errorf returns an *Error with the code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of err: the Code of an *Error in its chain,
// EINTERNAL for any other error, "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err: the Message of an
// *Error in its chain, "internal error" for any other error.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
