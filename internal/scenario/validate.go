package scenario

import (
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// problems reports the records validator's problems at the lines of the
// values they are about: a missing value at the mapping that lacks it. A
// problem at or below a value already reported as unreadable is left out:
// the reader's message says more.
func (p *parser) problems(root *yaml.Node, ps *domain.Problems) {
	for _, pr := range ps.List {
		at := scenarioPath(pr.Path)
		if p.unread(at) {
			continue
		}
		where := func(other domain.Path) string {
			o := scenarioPath(other)
			line := nodePos(nodeAt(root, o)).line
			if p.words != nil && p.words.OnLine != nil {
				return p.words.OnLine(o.String(), line)
			}
			return o.String() + " on line " + strconv.Itoa(line)
		}
		var msg string
		if p.words != nil && p.words.Problem != nil {
			msg = p.words.Problem(pr, where)
		} else {
			msg = pr.Message(where)
		}
		p.note(nodeAt(root, at), at, "%s", msg)
	}
	if ps.More > 0 {
		if p.words != nil && p.words.More != nil {
			p.errorAt(pos{1, 1}, path{}, "%s", p.words.More(ps.More))
		} else {
			p.errorAt(pos{1, 1}, path{}, "and %d more problems with the records", ps.More)
		}
	}
}

// unread reports whether the value at at, or one that holds it, could not
// be read.
func (p *parser) unread(at path) bool {
	if len(p.bad) == 0 {
		return false
	}
	var q path
	for _, s := range at.segs[:at.n] {
		q = q.key(s.key)
		if p.bad[q.String()] {
			return true
		}
		if s.index >= 0 {
			q = q.at(s.index)
			if p.bad[q.String()] {
				return true
			}
		}
	}
	return false
}

// scenarioPath names a records path as the scenario format does: the quota
// section nests plans and applications, and staff counts are keyed by
// category.
func scenarioPath(dp domain.Path) path {
	var q path
	for i, s := range dp {
		switch {
		case i == 0 && s.Key == "quota_plans":
			q = q.key("quota").key("plans")
		case i == 0 && s.Key == "quota_applications":
			q = q.key("quota").key("applications")
		case i == 0 && s.Key == "quota_contracts":
			q = q.key("quota").key("contracts")
		case i == 1 && s.Key == "staff_kz" && s.Index >= 0:
			q = q.key("staff").key("kz").key(strconv.Itoa(s.Index + 1))
			continue
		case i == 1 && s.Key == "staff_kz":
			q = q.key("staff")
			continue
		default:
			q = q.key(s.Key)
		}
		if s.Index >= 0 {
			q = q.at(s.Index)
		}
	}
	return q
}

// nodeAt returns the node at at, or the deepest mapping or list on the way
// when the rest is not in the file.
func nodeAt(root *yaml.Node, at path) *yaml.Node {
	n := root
	for _, s := range at.segs[:at.n] {
		if n.Kind != yaml.MappingNode {
			return n
		}
		var v *yaml.Node
		for i := 0; i+1 < len(n.Content); i += 2 {
			if n.Content[i].Value == s.key {
				v = n.Content[i+1]
				break
			}
		}
		if v == nil {
			return n
		}
		if s.index >= 0 {
			if v.Kind != yaml.SequenceNode || s.index >= len(v.Content) {
				return v
			}
			v = v.Content[s.index]
		}
		n = v
	}
	return n
}
