package web

import (
	"testing"
	"time"

	"github.com/ruqsat/ruqsat/internal/app"
)

// TestPendingImportsBounded: the uploads kept for a commit are bounded in
// number and bytes (the oldest gives way), expire, are taken once, and only
// by their user, tenant and employer page.
func TestPendingImportsBounded(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	s := newPendingImports()
	s.now = func() time.Time { return now }
	u := &app.User{ID: 7, TenantID: 3}
	put := func(size int, bin string) string {
		return s.put(&pendingImport{tenant: u.TenantID, user: u.ID, bin: bin, size: size})
	}

	first := put(10, "")
	if s.take(first, &app.User{ID: 8, TenantID: 3}, "") != nil || s.take(first, &app.User{ID: 7, TenantID: 4}, "") != nil {
		t.Fatal("another user takes the upload")
	}
	if s.take(first, u, "940140000385") != nil {
		t.Fatal("another employer's page takes the upload")
	}
	if s.take(first, u, "") == nil {
		t.Fatal("the user cannot take their upload")
	}
	if s.take(first, u, "") != nil {
		t.Fatal("an upload is taken twice")
	}

	var tokens []string
	for range maxPendingCount + 3 {
		tokens = append(tokens, put(1, ""))
	}
	if len(s.m) != maxPendingCount || len(s.order) != maxPendingCount {
		t.Fatalf("%d uploads kept (order %d), want %d", len(s.m), len(s.order), maxPendingCount)
	}
	if s.take(tokens[0], u, "") != nil {
		t.Error("the oldest upload was kept past the bound")
	}
	if s.take(tokens[len(tokens)-1], u, "") == nil {
		t.Error("the newest upload was dropped")
	}

	big := put(maxPendingBytes/2+1, "")
	put(maxPendingBytes/2+1, "")
	if s.bytes > maxPendingBytes {
		t.Errorf("%d bytes kept, over %d", s.bytes, maxPendingBytes)
	}
	if s.take(big, u, "") != nil {
		t.Error("an older large upload was kept past the byte bound")
	}

	late := put(1, "")
	now = now.Add(pendingLifetime + time.Second)
	if s.take(late, u, "") != nil {
		t.Error("an expired upload was taken")
	}
}
