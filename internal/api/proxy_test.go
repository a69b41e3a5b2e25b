package api

import (
	"net/http/httptest"
	"testing"
)

func TestClientAddr(t *testing.T) {
	trusted, err := ParseProxies("10.0.0.0/8, 192.168.1.1,::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy header", "10.1.2.3:5000", nil, "10.1.2.3:5000"},
		{"from a trusted proxy", "10.1.2.3:5000", []string{"203.0.113.7"}, "203.0.113.7:0"},
		{"client claims an address", "10.1.2.3:5000", []string{"1.1.1.1, 203.0.113.7"}, "203.0.113.7:0"},
		{"two trusted proxies", "192.168.1.1:443", []string{"203.0.113.7, 10.9.9.9"}, "203.0.113.7:0"},
		{"several headers", "10.1.2.3:5000", []string{"1.1.1.1", "203.0.113.7"}, "203.0.113.7:0"},
		{"IPv6 loopback proxy", "[::1]:5000", []string{"2001:db8::1"}, "[2001:db8::1]:0"},
		{"untrusted peer", "198.51.100.1:5000", []string{"203.0.113.7"}, "198.51.100.1:5000"},
		{"malformed hop", "10.1.2.3:5000", []string{"203.0.113.7, junk"}, "10.1.2.3:5000"},
		{"only proxies", "10.1.2.3:5000", []string{"10.0.0.1"}, "10.1.2.3:5000"},
		{"mapped IPv4", "[::ffff:10.1.2.3]:5000", []string{"203.0.113.7"}, "203.0.113.7:0"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = c.peer
			for _, h := range c.xff {
				r.Header.Add("X-Forwarded-For", h)
			}
			if got := clientAddr(r, trusted); got != c.want {
				t.Errorf("clientAddr = %q, want %q", got, c.want)
			}
			if got := clientAddr(r, nil); got != c.peer {
				t.Errorf("without trusted proxies: %q, want the peer %q", got, c.peer)
			}
		})
	}
	if _, err := ParseProxies("10.0.0.0/8,nonsense"); err == nil {
		t.Error("ParseProxies accepted nonsense")
	}
}
