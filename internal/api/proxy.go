package api

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// clientAddr returns the request's RemoteAddr with the client's address as
// the reverse proxies in trusted saw it: when the connection comes from a
// trusted proxy, the rightmost X-Forwarded-For address that is not itself a
// trusted proxy (the leftmost ones are whatever the client claims). A
// request from anywhere else keeps its own address, whatever its headers
// say. The login limit keys on the result, so behind a proxy it limits the
// clients, not the proxy.
func clientAddr(r *http.Request, trusted []netip.Prefix) string {
	if len(trusted) == 0 {
		return r.RemoteAddr
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	peer, err := netip.ParseAddr(host)
	if err != nil || !inAny(peer.Unmap(), trusted) {
		return r.RemoteAddr
	}
	hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			break // a malformed hop: nothing left of it can be trusted
		}
		if !inAny(a.Unmap(), trusted) {
			return netip.AddrPortFrom(a.Unmap(), 0).String()
		}
	}
	return r.RemoteAddr
}

func inAny(a netip.Addr, prefixes []netip.Prefix) bool {
	for _, p := range prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// ParseProxies parses a comma-separated list of addresses or CIDR prefixes
// (the --trusted-proxy flag). It returns an error naming the first bad one.
func ParseProxies(list string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(list, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		if p, err := netip.ParsePrefix(f); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, &net.ParseError{Type: "IP address or CIDR prefix", Text: f}
		}
		out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
	}
	return out, nil
}
