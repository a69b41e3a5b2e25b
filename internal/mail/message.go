package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
	"time"
)

// Message is one mail to be written by Build.
type Message struct {
	From    *mail.Address
	To      []*mail.Address
	Subject string
	Date    time.Time
	// MessageID is the Message-ID without its angle brackets; Build makes
	// one (random@the sender's domain) when it is "".
	MessageID string
	// Text is the plain-text body; HTML, when not "", an alternative.
	Text string
	HTML string
	// Headers are added as they are (List-Unsubscribe, Auto-Submitted).
	Headers map[string]string
}

// Build writes m as an RFC 5322 message with CRLF line endings: Date,
// Message-ID, From, To, Subject (RFC 2047 encoded when not ASCII),
// MIME-Version and a body of text, or of text and HTML as
// multipart/alternative, each part UTF-8 in quoted-printable or base64,
// whichever is shorter (base64 for Cyrillic text, which quoted-printable
// triples).
func Build(m *Message) ([]byte, error) {
	if m.From == nil || len(m.To) == 0 {
		return nil, fmt.Errorf("mail: a message needs a sender and a recipient")
	}
	id := m.MessageID
	if id == "" {
		var b [16]byte
		if _, err := rand.Read(b[:]); err != nil {
			return nil, err
		}
		domain := "ruqsat.invalid"
		if at := strings.LastIndexByte(m.From.Address, '@'); at >= 0 {
			domain = m.From.Address[at+1:]
		}
		id = hex.EncodeToString(b[:]) + "@" + domain
	}
	var buf bytes.Buffer
	header := func(k, v string) {
		buf.WriteString(k)
		buf.WriteString(": ")
		buf.WriteString(v)
		buf.WriteString("\r\n")
	}
	to := make([]string, len(m.To))
	for i, a := range m.To {
		to[i] = a.String()
	}
	for _, v := range append([]string{m.Subject, id}, to...) {
		if strings.ContainsAny(v, "\r\n") {
			return nil, fmt.Errorf("mail: a header value with a line break")
		}
	}
	header("Date", m.Date.Format(time.RFC1123Z))
	header("Message-ID", "<"+id+">")
	header("From", m.From.String())
	header("To", strings.Join(to, ", "))
	// Encoded words of at most 75 octets each, one to a folded line.
	header("Subject", strings.ReplaceAll(mime.QEncoding.Encode("utf-8", m.Subject), "?= =?", "?=\r\n =?"))
	header("MIME-Version", "1.0")
	for k, v := range m.Headers {
		if strings.ContainsAny(k+v, "\r\n") {
			return nil, fmt.Errorf("mail: a header with a line break")
		}
		header(textproto.CanonicalMIMEHeaderKey(k), v)
	}
	if m.HTML == "" {
		header("Content-Type", "text/plain; charset=utf-8")
		header("Content-Transfer-Encoding", transferEncoding(m.Text))
		buf.WriteString("\r\n")
		if err := writeBody(&buf, m.Text); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	}
	mw := multipart.NewWriter(&buf)
	header("Content-Type", mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()}))
	buf.WriteString("\r\n")
	for _, part := range []struct{ typ, body string }{{"text/plain; charset=utf-8", m.Text}, {"text/html; charset=utf-8", m.HTML}} {
		w, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.typ}, "Content-Transfer-Encoding": {transferEncoding(part.body)}})
		if err != nil {
			return nil, err
		}
		if err := writeBody(w, part.body); err != nil {
			return nil, err
		}
	}
	if err := mw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// transferEncoding is the shorter encoding of s: quoted-printable writes a
// byte outside ASCII in 3, base64 every byte in 4/3.
func transferEncoding(s string) string {
	high := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			high++
		}
	}
	if 3*(len(s)+2*high) > 4*len(s) {
		return "base64"
	}
	return "quoted-printable"
}

// writeBody writes s, its lines ending in CRLF, in transferEncoding(s).
func writeBody(w io.Writer, s string) error {
	enc := transferEncoding(s)
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
	if enc == "base64" {
		b := base64.StdEncoding.EncodeToString([]byte(s))
		for len(b) > 76 {
			if _, err := io.WriteString(w, b[:76]+"\r\n"); err != nil {
				return err
			}
			b = b[76:]
		}
		_, err := io.WriteString(w, b+"\r\n")
		return err
	}
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(s)); err != nil {
		return err
	}
	return qp.Close()
}
