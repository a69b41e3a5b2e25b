package i18n

import (
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

func domainKeys() []domain.MessageKey { return domain.MessageKeys() }

// Message renders a finding's message (its Key and Args) in the
// localizer's language; a finding without a key keeps its Message.
func (l *Localizer) Message(f *domain.Finding) string {
	if f.Key == 0 {
		return f.Message
	}
	return string(l.AppendMessage(nil, f))
}

// AppendMessage appends the finding's message, as Message.
func (l *Localizer) AppendMessage(b []byte, f *domain.Finding) []byte {
	if int(f.Key) >= len(l.keys) || l.keys[f.Key] == nil {
		return append(b, f.Message...)
	}
	m := l.keys[f.Key]
	t := m.plain
	if m.plural != nil {
		t = m.plural[formIndex(int64(f.Args.N))]
	}
	a := &f.Args
	for _, s := range t {
		switch s.arg {
		case argNone:
			b = append(b, s.lit...)
		case argName:
			b = append(b, a.Name...)
		case argID:
			b = append(b, f.Subject...)
		case argCode:
			b = append(b, a.Code...)
		case argBasis:
			b = l.appendBasis(b, a.Code)
		case argRegions:
			b = l.appendRegions(b, a.Code)
		case argRegion:
			b = append(b, l.Region(domain.Region(f.Subject))...)
		case argDate:
			b = l.AppendDate(b, a.Date)
		case argDue:
			b = l.AppendDate(b, a.Due)
		case argDone:
			b = l.AppendDate(b, a.Done)
		case argOther:
			b = l.AppendDate(b, a.Other)
		case argMonth:
			b = l.appendMonth(b, a.Date)
		case argN:
			b = l.appendNum(b, s.unit, a.N)
		case argOf:
			b = l.appendNum(b, s.unit, a.Of)
		case argM:
			b = l.appendNum(b, s.unit, a.M)
		case argYear:
			b = appendInt32(b, a.Year)
		case argShare:
			b = l.appendPercent(b, a.Share)
		case argBound:
			b = l.appendPercent(b, a.Bound)
		case argGroup:
			b = append(b, l.T("group."+f.Subject)...)
		case argReasons:
			b = l.appendReasons(b, f.Facts.Get("reasons"))
		}
	}
	return b
}

func (l *Localizer) appendNum(b []byte, unit string, n int32) []byte {
	if unit != "" {
		return l.appendCount(b, unit, int64(n))
	}
	return l.AppendInt(b, int64(n))
}

// Region names a region in the localizer's language; an unknown code is
// written as it is.
func (l *Localizer) Region(r domain.Region) string {
	ri, ok := domain.LookupRegion(r)
	if !ok {
		return string(r)
	}
	switch l.lang {
	case RU:
		return ri.RU
	case KK:
		return ri.KK
	}
	return ri.EN
}

// appendRegions writes a list of region codes ("KZ-75, KZ-71") by their
// names; English keeps the codes.
func (l *Localizer) appendRegions(b []byte, codes string) []byte {
	if l.lang == EN {
		return append(b, codes...)
	}
	for i, c := range strings.Split(codes, ", ") {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, l.Region(domain.Region(c))...)
	}
	return b
}

// Basis names a basis of engagement ("basis.permit"); English keeps the
// code, as the records write it.
func (l *Localizer) Basis(code string) string { return string(l.appendBasis(nil, code)) }

func (l *Localizer) appendBasis(b []byte, code string) []byte {
	if m := l.messages["basis."+code]; m != nil {
		return m.plain.appendWith(b, l, nil)
	}
	return append(b, code...)
}

// appendReasons writes quota.risk's reasons: "CoAO 518" as the Code's
// article, rule ids by their short names.
func (l *Localizer) appendReasons(b []byte, v any) []byte {
	list, _ := v.([]string)
	for i, r := range list {
		if i > 0 {
			b = append(b, ", "...)
		}
		if art, ok := strings.CutPrefix(r, "CoAO "); ok {
			b = append(b, l.T("reason.coao", "Article", art)...)
		} else if l.Has("reason." + r) {
			b = append(b, l.T("reason."+r)...)
		} else {
			b = append(b, r...)
		}
	}
	return b
}
