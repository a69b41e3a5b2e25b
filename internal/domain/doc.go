// Package domain holds ruqsat's nouns: the civil Date, the records an employer
// keeps about its foreign workers (Employer, Worker, Permit, Trip, Report,
// QuotaPlan, ...), the Finding that a rule produces, identifiers (BIN, IIN,
// region and country codes) and the one Error type with its codes.
//
// It imports nothing of ruqsat's own; every other package may import it.
package domain
