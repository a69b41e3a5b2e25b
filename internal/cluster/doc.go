// Package cluster holds no code: its test shows what running several
// `ruqsat serve` on one PostgreSQL database relies on (docs/OPERATIONS.md,
// "Several servers"): two servers, each with its own store connection pool,
// application layer, dashboard cache and login limiter, migrate one at a
// time; a change made through one shows on the other's dashboard and
// findings at once; a session made on one is valid on the other; each
// server's failed-login limit holds, so that two let an attacker at most
// twice as many guesses; and the morning digest goes out once per user and
// day however many servers send it.
package cluster
