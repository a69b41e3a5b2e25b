// Package params holds the dated legal parameters of ruqsat's rules: every
// number the law sets (limits, deadlines, MCI, fine multiples, quota
// deadlines, effective dates), each value with the date it starts to apply,
// the act and reference it comes from, the confidence ruqsat has in it and,
// where the law is unclear, the interpretation it rests on. It also holds the
// catalogue of legal acts and the legal basis of each rule.
//
// The values live in an embedded YAML file (params.yaml) that the loader
// validates strictly. A deployment may add an override file in the same
// format; a scenario may override single values for one evaluation. The value
// in force on a date is the one with the latest start on or before it; with no
// such value, there is none. A later law adds a new dated value, so old
// evaluations stay reproducible.
package params
