// Package mail sends ruqsat's mails: the morning digest of deadlines
// (internal/app/digest.go decides who gets what; this package writes it
// and hands it to an SMTP server).
//
//   - ParseURL reads the server's address as `serve --smtp-url` takes it:
//     smtp://user:password@host:port (STARTTLS when the server offers it)
//     or smtps://... (TLS from the first byte).
//   - Build writes a message (RFC 5322): Date, Message-ID, From, To, a
//     Subject encoded for Cyrillic (RFC 2047), and a multipart/alternative
//     body of plain text and HTML in UTF-8 (quoted-printable or base64,
//     whichever is shorter).
//   - Sender delivers a message with net/smtp, retrying with backoff a send
//     that failed before the server accepted it; a send that may have been
//     accepted (the connection broke while the server answered the data) is
//     never retried, so that nobody gets a mail twice.
//   - RenderDigest writes a digest's subject, text and HTML in its reader's
//     language, from the catalogue's digest.* messages (internal/i18n).
package mail

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/url"
	"strings"
)

// Config is where and how to send mail.
type Config struct {
	// Host and Port of the SMTP server.
	Host string
	Port string
	// ImplicitTLS is smtps://: TLS from the first byte. Otherwise STARTTLS
	// is used when the server offers it.
	ImplicitTLS bool
	// Username and Password, when Username is not "", log in (AUTH PLAIN,
	// which net/smtp allows only over TLS or to a server on this machine).
	Username string
	Password string
	// TLS, when not nil, replaces the TLS settings (tests: a self-signed
	// certificate).
	TLS *tls.Config
}

// Addr is host:port.
func (c *Config) Addr() string { return net.JoinHostPort(c.Host, c.Port) }

// String is the URL without its password, for logs.
func (c *Config) String() string {
	u := url.URL{Scheme: "smtp", Host: c.Addr()}
	if c.ImplicitTLS {
		u.Scheme = "smtps"
	}
	if c.Username != "" {
		u.User = url.User(c.Username)
	}
	return u.String()
}

// ErrURL is wrapped by every error of ParseURL.
var ErrURL = errors.New("SMTP URL")

// ParseURL reads an SMTP server's URL: smtp://[user[:password]@]host[:port]
// (port 587 by default) or smtps://... (465), with nothing after the host
// and port but an optional "/". User and password are percent-decoded. Any
// other URL is an error wrapping ErrURL that does not repeat the password.
func ParseURL(s string) (*Config, error) {
	u, err := url.Parse(s)
	if err != nil {
		// url's error quotes the whole URL, password included.
		return nil, fmt.Errorf("%w: not a URL", ErrURL)
	}
	c := &Config{}
	switch u.Scheme {
	case "smtp":
		c.Port = "587"
	case "smtps":
		c.Port, c.ImplicitTLS = "465", true
	default:
		return nil, fmt.Errorf("%w: expected smtp:// or smtps://", ErrURL)
	}
	if u.Opaque != "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("%w: expected only [user:password@]host[:port]", ErrURL)
	}
	c.Host = u.Hostname()
	if c.Host == "" || strings.ContainsAny(c.Host, " \t\r\n") {
		return nil, fmt.Errorf("%w: no host", ErrURL)
	}
	if p := u.Port(); p != "" {
		c.Port = p
	} else if strings.HasSuffix(u.Host, ":") {
		return nil, fmt.Errorf("%w: empty port", ErrURL)
	}
	if u.User != nil {
		c.Username = u.User.Username()
		c.Password, _ = u.User.Password()
		if c.Username == "" {
			return nil, fmt.Errorf("%w: empty user name", ErrURL)
		}
	}
	if strings.ContainsAny(c.Username+c.Password, "\r\n\x00") {
		return nil, fmt.Errorf("%w: a user name or password with a line break", ErrURL)
	}
	return c, nil
}

// ParseAddress reads one mail address (user@example.kz, or with a display
// name: ruqsat <noreply@example.kz>), as `--mail-from` takes it.
func ParseAddress(s string) (*mail.Address, error) {
	a, err := mail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("mail address %q: %w", s, err)
	}
	return a, nil
}
