// Package mailtest is an SMTP server for tests (emersion/go-smtp's server
// on a local port) that keeps every message it accepts, and can refuse or
// fail on demand. Only tests and benchmarks import it.
package mailtest

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"errors"
	"io"
	"math/big"
	"net"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// Message is one message the server accepted.
type Message struct {
	From string
	To   []string
	Data []byte
	// TLS: the message came over an encrypted connection.
	TLS bool
}

// Server is a running test SMTP server.
type Server struct {
	// Addr is host:port.
	Addr string

	srv *smtp.Server

	mu       sync.Mutex
	msgs     []Message
	failNext int    // answer the next DATA this many times with 451
	user     string // when not "", AUTH PLAIN with user and password is required
	password string
	sessions int
}

// Start starts a server on 127.0.0.1 that is closed when tb ends.
func Start(tb testing.TB) *Server { return start(tb, nil, false) }

// StartTLS starts a server with a certificate for 127.0.0.1 made for the
// test: with implicit, TLS from the first byte (smtps://); otherwise it
// offers STARTTLS. Roots is the pool that trusts the certificate.
func StartTLS(tb testing.TB, implicit bool) (s *Server, roots *x509.CertPool) {
	tb.Helper()
	cert, roots := selfSigned(tb)
	return start(tb, &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}, implicit), roots
}

// selfSigned makes a certificate for 127.0.0.1 and the pool that trusts it.
func selfSigned(tb testing.TB) (tls.Certificate, *x509.CertPool) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "mailtest"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(24 * time.Hour),
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, KeyUsage: x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}, BasicConstraintsValid: true, IsCA: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		tb.Fatal(err)
	}
	leaf, err := x509.ParseCertificate(der)
	if err != nil {
		tb.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(leaf)
	return tls.Certificate{Certificate: [][]byte{der}, PrivateKey: key, Leaf: leaf}, roots
}

func start(tb testing.TB, tlsConfig *tls.Config, implicit bool) *Server {
	tb.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		tb.Fatal(err)
	}
	if implicit {
		ln = tls.NewListener(ln, tlsConfig)
	}
	s := &Server{Addr: ln.Addr().String()}
	s.srv = smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		s.mu.Lock()
		s.sessions++
		s.mu.Unlock()
		return &session{s: s, conn: c}, nil
	}))
	s.srv.Domain = "localhost"
	if !implicit {
		s.srv.TLSConfig = tlsConfig // offers STARTTLS when set
	}
	s.srv.AllowInsecureAuth = true
	s.srv.MaxMessageBytes = 10 << 20
	go s.srv.Serve(ln) //nolint:errcheck // ends with Close
	tb.Cleanup(func() { s.srv.Close() })
	return s
}

// URL is the server's smtp:// URL, without a user.
func (s *Server) URL() string { return "smtp://" + s.Addr }

// RequireAuth makes the server ask for AUTH PLAIN with user and password.
func (s *Server) RequireAuth(user, password string) {
	s.mu.Lock()
	s.user, s.password = user, password
	s.mu.Unlock()
}

// FailNext makes the server answer the next n messages' data with a
// temporary failure (451), as a busy server does.
func (s *Server) FailNext(n int) {
	s.mu.Lock()
	s.failNext = n
	s.mu.Unlock()
}

// Messages returns the messages accepted so far, in order.
func (s *Server) Messages() []Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.msgs)
}

// Sessions counts the connections the server took.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.sessions
}

type session struct {
	s      *Server
	conn   *smtp.Conn
	authed bool
	msg    Message
}

var errAuth = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "authentication required"}

func (ss *session) needAuth() bool {
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	return ss.s.user != "" && !ss.authed
}

func (ss *session) AuthMechanisms() []string { return []string{sasl.Plain} }

func (ss *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, username, password string) error {
		ss.s.mu.Lock()
		ok := username == ss.s.user && password == ss.s.password
		ss.s.mu.Unlock()
		if !ok {
			return errors.New("invalid credentials")
		}
		ss.authed = true
		return nil
	}), nil
}

func (ss *session) Mail(from string, _ *smtp.MailOptions) error {
	if ss.needAuth() {
		return errAuth
	}
	_, tlsOn := ss.conn.TLSConnectionState()
	ss.msg = Message{From: from, TLS: tlsOn}
	return nil
}

func (ss *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	ss.msg.To = append(ss.msg.To, to)
	return nil
}

func (ss *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	ss.s.mu.Lock()
	defer ss.s.mu.Unlock()
	if ss.s.failNext > 0 {
		ss.s.failNext--
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	ss.msg.Data = b
	ss.s.msgs = append(ss.s.msgs, ss.msg)
	return nil
}

func (ss *session) Reset()        { ss.msg = Message{} }
func (ss *session) Logout() error { return nil }
