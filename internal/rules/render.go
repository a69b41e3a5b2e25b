package rules

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Render tells every finding of the result in l's language: it sets each
// finding's Message from its Key and Args. The engine leaves messages
// unwritten, so that an evaluation whose findings nobody reads (a nightly
// batch's totals) does not pay for words; every door renders what it shows.
// The messages share a few buffers rather than one allocation each.
func (r *Result) Render(l *i18n.Localizer) {
	var arena strings.Builder
	var buf []byte
	for i := range r.Findings {
		f := &r.Findings[i]
		if f.Key == 0 {
			continue
		}
		buf = l.AppendMessage(buf[:0], f)
		if arena.Cap()-arena.Len() < len(buf) {
			arena = strings.Builder{}
			arena.Grow(max(16<<10, len(buf)))
		}
		start := arena.Len()
		arena.Write(buf)
		f.Message = arena.String()[start:]
	}
}
