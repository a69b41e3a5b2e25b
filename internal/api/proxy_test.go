package api

import (
	"net/http/httptest"
	"net/netip"
	"strings"
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

// FuzzClientAddr: any proxy list and X-Forwarded-For header parse without
// a panic; the address found is the peer's or one the header names, never
// an address made up.
func FuzzClientAddr(f *testing.F) {
	f.Add("10.0.0.0/8", "10.1.2.3:5000", "1.1.1.1, 203.0.113.7")
	f.Add("::1,192.168.1.1", "[::1]:80", "2001:db8::1, junk")
	f.Add("", "198.51.100.1:5000", "203.0.113.7")
	f.Add("0.0.0.0/0,::/0", "127.0.0.1:1", ",,, ,")
	f.Fuzz(func(t *testing.T, proxies, peer, xff string) {
		trusted, err := ParseProxies(proxies)
		if err != nil {
			return
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = peer
		r.Header.Set("X-Forwarded-For", xff)
		got := clientAddr(r, trusted)
		if got == peer {
			return
		}
		ap, err := netip.ParseAddrPort(got)
		if err != nil || ap.Port() != 0 {
			t.Fatalf("clientAddr = %q from peer %q and X-Forwarded-For %q", got, peer, xff)
		}
		for _, hop := range strings.Split(xff, ",") {
			if a, err := netip.ParseAddr(strings.TrimSpace(hop)); err == nil && a.Unmap() == ap.Addr() {
				return
			}
		}
		t.Fatalf("clientAddr = %q is neither the peer %q nor in X-Forwarded-For %q", got, peer, xff)
	})
}
