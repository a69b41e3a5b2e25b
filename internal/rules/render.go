package rules

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Render tells every finding of the result in l's language: it sets each
// finding's Message from its Key and Args and its rule's Title, and gives
// its legal basis the references, interpretations, act titles and adilet
// addresses of that language (/kaz/, /rus/, /eng/ where adilet has it; the
// findings of a rule share one translated basis). The engine leaves messages
// unwritten, so that an evaluation whose findings nobody reads (a nightly
// batch's totals) does not pay for words; every door renders what it shows.
// The messages share a few buffers rather than one allocation each.
func (r *Result) Render(l *i18n.Localizer) {
	var arena strings.Builder
	var buf []byte
	var bases map[*domain.Citation][]domain.Citation
	for i := range r.Findings {
		f := &r.Findings[i]
		if len(f.Basis) > 0 {
			if bases == nil {
				bases = map[*domain.Citation][]domain.Citation{}
			}
			b, ok := bases[&f.Basis[0]]
			if !ok {
				b = make([]domain.Citation, len(f.Basis))
				for j, c := range f.Basis {
					b[j] = domain.Citation{Act: c.Act, ActTitle: l.ActTitle(c.Act, c.ActTitle), Ref: l.Law(c.Ref), Confidence: c.Confidence,
						URL: l.ActURL(c.Act, c.URL), Interpretation: l.Law(c.Interpretation)}
				}
				bases[&f.Basis[0]] = b
			}
			f.Basis = b
		}
		f.Title = l.Title(f.Rule)
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
