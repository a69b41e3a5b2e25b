package mail

import (
	"bytes"
	htmltemplate "html/template"
	"net/url"
	"strings"
	"text/template"

	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Digest is one user's morning digest: what became overdue since the last
// one, what is due in the next days, per employer.
type Digest struct {
	Lang i18n.Lang
	// Day is the digest's day; Since the day of the user's previous digest
	// (zero for a first one, which tells everything overdue).
	Day   domain.Date
	Since domain.Date
	// Days is the window of "due in the next days" (7).
	Days int
	// BaseURL is the server's public address; "" writes no links.
	BaseURL string
	// Email is the recipient, named in the footer.
	Email     string
	Employers []DigestEmployer
}

// DigestEmployer is one employer's part of a digest.
type DigestEmployer struct {
	BIN, Name string
	Overdue   []DigestItem
	Due       []DigestItem
	// More counts the items left out of the mail (see the employer's page).
	More int
}

// DigestItem is one obligation: its deadline, rule and message (in the
// digest's language).
type DigestItem struct {
	Due  domain.Date
	Rule domain.RuleID
	Text string
}

// Counts returns the numbers of overdue and due items, including those
// left out.
func (d *Digest) Counts() (overdue, due int) {
	for i := range d.Employers {
		overdue += len(d.Employers[i].Overdue)
		due += len(d.Employers[i].Due)
	}
	return overdue, due
}

// Empty reports whether the digest has nothing to say.
func (d *Digest) Empty() bool {
	o, n := d.Counts()
	return o == 0 && n == 0
}

// Rendered is a digest written out.
type Rendered struct {
	Subject, Text, HTML string
}

// view is what the templates read.
type view struct {
	d       *Digest
	l       *i18n.Localizer
	Lines   []viewEmployer
	Intro   string
	Footer  string
	Link    string // the dashboard's address
	LinkTxt string
	Lang    string
}

type viewEmployer struct {
	Heading  string
	URL      string
	Overdue  []viewItem
	Due      []viewItem
	OverdueH string
	DueH     string
	More     string
}

type viewItem struct{ Date, Title, Text string }

var textTmpl = template.Must(template.New("text").Parse(`{{.Intro}}
{{range .Lines}}
== {{.Heading}} ==
{{- if .URL}}
{{.URL}}{{end}}
{{- if .Overdue}}

{{.OverdueH}}
{{- range .Overdue}}
  {{.Date}}  {{.Title}}
     {{.Text}}{{end}}{{end}}
{{- if .Due}}

{{.DueH}}
{{- range .Due}}
  {{.Date}}  {{.Title}}
     {{.Text}}{{end}}{{end}}
{{- if .More}}

{{.More}}{{end}}
{{end}}
{{- if .Link}}
{{.LinkTxt}}: {{.Link}}
{{end}}
-- 
{{.Footer}}
`))

var htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Intro}}</title></head>
<body style="font-family:sans-serif;font-size:15px;line-height:1.4;color:#1a1a1a;max-width:640px">
<p>{{.Intro}}</p>
{{range .Lines}}<h2 style="font-size:17px;margin:24px 0 4px">{{if .URL}}<a href="{{.URL}}">{{.Heading}}</a>{{else}}{{.Heading}}{{end}}</h2>
{{if .Overdue}}<h3 style="font-size:15px;color:#a40000;margin:12px 0 4px">{{.OverdueH}}</h3>
<ul style="padding-left:20px;margin:0">{{range .Overdue}}<li><b>{{.Date}}</b> {{.Title}}<br>{{.Text}}</li>
{{end}}</ul>{{end}}
{{if .Due}}<h3 style="font-size:15px;margin:12px 0 4px">{{.DueH}}</h3>
<ul style="padding-left:20px;margin:0">{{range .Due}}<li><b>{{.Date}}</b> {{.Title}}<br>{{.Text}}</li>
{{end}}</ul>{{end}}
{{if .More}}<p>{{.More}}</p>{{end}}
{{end}}{{if .Link}}<p><a href="{{.Link}}">{{.LinkTxt}}</a></p>{{end}}
<hr><p style="font-size:13px;color:#555">{{.Footer}}</p>
</body></html>
`))

// RenderDigest writes d's subject, plain text and HTML in d.Lang, with
// links to the pages when d.BaseURL is set.
func RenderDigest(d *Digest) (Rendered, error) {
	l := i18n.For(d.Lang)
	overdue, due := d.Counts()
	v := view{d: d, l: l, Lang: d.Lang.String(), Intro: l.T("digest.intro", "Date", l.Date(d.Day), "Count", d.Days)}
	base := strings.TrimSuffix(d.BaseURL, "/")
	if base != "" {
		v.Link, v.LinkTxt = base+"/", l.T("digest.dashboard")
		v.Footer = l.T("digest.footer_link", "Name", d.Email, "Other", base+"/account/notifications")
	} else {
		v.Footer = l.T("digest.footer", "Name", d.Email)
	}
	overdueH := l.T("digest.overdue")
	if !d.Since.IsZero() {
		overdueH = l.T("digest.overdue_since", "Date", l.Date(d.Since))
	}
	for i := range d.Employers {
		e := &d.Employers[i]
		ve := viewEmployer{Heading: l.T("digest.employer", "Name", e.Name, "Code", e.BIN), OverdueH: overdueH,
			DueH: l.T("digest.due", "Count", d.Days)}
		if base != "" {
			ve.URL = base + "/employers/" + url.PathEscape(e.BIN)
		}
		for _, it := range e.Overdue {
			ve.Overdue = append(ve.Overdue, viewItem{Date: l.Date(it.Due), Title: l.Title(it.Rule), Text: it.Text})
		}
		for _, it := range e.Due {
			ve.Due = append(ve.Due, viewItem{Date: l.Date(it.Due), Title: l.Title(it.Rule), Text: it.Text})
		}
		if e.More > 0 {
			ve.More = l.T("digest.more", "Count", e.More)
		}
		v.Lines = append(v.Lines, ve)
	}
	var r Rendered
	r.Subject = l.T("digest.subject", "Date", l.Date(d.Day), "N", overdue, "M", due, "Count", d.Days)
	var b bytes.Buffer
	if err := textTmpl.Execute(&b, &v); err != nil {
		return r, err
	}
	r.Text = b.String()
	b.Reset()
	if err := htmlTmpl.Execute(&b, &v); err != nil {
		return r, err
	}
	r.HTML = b.String()
	return r, nil
}
