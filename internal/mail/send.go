package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/smtp"
	"net/textproto"
	"time"
)

// Sender delivers messages to one SMTP server. It is safe for concurrent
// use; each Send opens its own connection.
type Sender struct {
	cfg Config
	// Attempts is how many times Send tries a message that failed before
	// the server accepted it (default 4); Backoff the wait after the first
	// failure, doubling after each (default 2 s: 2, 4, 8 s).
	Attempts int
	Backoff  time.Duration
	// Timeout bounds one attempt, from the dial to the server's answer to
	// the data (default 1 minute).
	Timeout time.Duration
	// Hello is the name given in EHLO (default "localhost").
	Hello string
	Log   *slog.Logger // retries and failures; default slog.Default()
}

// NewSender returns a Sender to the server cfg names.
func NewSender(cfg *Config) *Sender { return &Sender{cfg: *cfg} }

// Config is the server the Sender sends to.
func (s *Sender) Config() *Config { return &s.cfg }

// MaybeSentError is a failure after the message's data went to the server
// and before its answer came: the server may have accepted it, so it must
// not be sent again.
type MaybeSentError struct{ Err error }

func (e *MaybeSentError) Error() string {
	return "mail: the server's answer to the message was lost (it may have been delivered): " + e.Err.Error()
}
func (e *MaybeSentError) Unwrap() error { return e.Err }

// permanent reports whether err is a 5xx answer or a refused login, which
// trying again would only repeat.
func permanent(err error) bool {
	var te *textproto.Error
	var ae *authError
	return errors.As(err, &ae) || (errors.As(err, &te) && te.Code >= 500)
}

// authError is a refused login: some servers answer a wrong password with
// a temporary code (454), but trying again would not make it right.
type authError struct{ err error }

func (e *authError) Error() string { return "mail: AUTH: " + e.err.Error() }
func (e *authError) Unwrap() error { return e.err }

// Send delivers msg (written by Build) from from to the addresses to. It
// tries again, after Backoff and then twice as long each time, a send that
// failed before the server accepted the message, unless the server refused
// it for good (a 5xx answer), logging each failure; it stops when ctx ends.
// It returns nil once the server accepted the message, a *MaybeSentError
// when that is unknown, and the last error otherwise.
func (s *Sender) Send(ctx context.Context, from string, to []string, msg []byte) error {
	attempts, wait := s.Attempts, s.Backoff
	if attempts <= 0 {
		attempts = 4
	}
	if wait <= 0 {
		wait = 2 * time.Second
	}
	log := s.Log
	if log == nil {
		log = slog.Default()
	}
	var err error
	for i := 1; ; i++ {
		err = s.send(ctx, from, to, msg)
		var maybe *MaybeSentError
		if err == nil || errors.As(err, &maybe) || permanent(err) || i >= attempts {
			return err
		}
		log.WarnContext(ctx, "mail: send failed, trying again", "to", to, "attempt", i, "wait", wait, "err", err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return errors.Join(err, ctx.Err())
		case <-t.C:
		}
		wait *= 2
	}
}

// send is one attempt of Send.
func (s *Sender) send(ctx context.Context, from string, to []string, msg []byte) error {
	timeout := s.Timeout
	if timeout <= 0 {
		timeout = time.Minute
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	tlsConfig := s.cfg.TLS
	if tlsConfig == nil {
		tlsConfig = &tls.Config{ServerName: s.cfg.Host, MinVersion: tls.VersionTLS12}
	}
	d := &net.Dialer{}
	var conn net.Conn
	var err error
	if s.cfg.ImplicitTLS {
		conn, err = (&tls.Dialer{NetDialer: d, Config: tlsConfig}).DialContext(ctx, "tcp", s.cfg.Addr())
	} else {
		conn, err = d.DialContext(ctx, "tcp", s.cfg.Addr())
	}
	if err != nil {
		return fmt.Errorf("mail: connect to %s: %w", s.cfg.Addr(), err)
	}
	if dl, ok := ctx.Deadline(); ok {
		conn.SetDeadline(dl) //nolint:errcheck // a failed deadline shows as a failed read
	}
	// The context's end (a shutdown) breaks the connection too.
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) }) //nolint:errcheck
	defer stop()
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		conn.Close()
		return fmt.Errorf("mail: %s: %w", s.cfg.Addr(), err)
	}
	defer c.Close()
	hello := s.Hello
	if hello == "" {
		hello = "localhost"
	}
	if err := c.Hello(hello); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if !s.cfg.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(tlsConfig); err != nil {
				return fmt.Errorf("mail: STARTTLS: %w", err)
			}
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return &authError{err}
		}
	}
	if err := c.Mail(from); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	for _, a := range to {
		if err := c.Rcpt(a); err != nil {
			return fmt.Errorf("mail: RCPT TO %s: %w", a, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	// Close sends the final dot and reads the answer: a 4xx or 5xx answer
	// is a refusal, a broken connection leaves it unknown.
	if err := w.Close(); err != nil {
		var te *textproto.Error
		if errors.As(err, &te) {
			return fmt.Errorf("mail: the server refused the message: %w", err)
		}
		return &MaybeSentError{Err: err}
	}
	c.Quit() //nolint:errcheck // the message is accepted; QUIT is a courtesy
	return nil
}
