package web

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/ruqsat/ruqsat/internal/domain"
)

// A record form edits one record of an employer's records: the employer's
// own fields, a worker, or one item of a list (a worker's permits, trips,
// address changes, applications; the employer's reports, quota plans, quota
// applications, penalties). A kind describes one of them: its fields, how
// each is read from the record and written back from the form's text.
//
// The form reads syntax only (a date is a date, a number a number), as
// every door does; whether the record is right is the records validator's
// to say, through the application layer (app.EditRecords). The field names
// are the validator's path keys (workers[2].trips[0].from is the field
// "from" of trip 0 of worker 2), so that its problems stand next to the
// fields they are about.

// field is one input of a record form.
type field struct {
	Name string // the form's name and the validator's key: "from", "contract.signed"
	// Type is the input: text, date, month, number, select, regions (a
	// list of regions), check (a yes/no box).
	Type     string
	Label    string // the label's locale key
	Required bool   // marked as required (the validator decides)
	Max      int    // the longest text, from the model's limits
	Options  func(l *locale) []option
	Hint     string // a locale key of a hint below the input, or ""
}

// option is one choice of a select.
type option struct{ Value, Label string }

// fieldOf is a field of records of type T, with its reader and writer.
type fieldOf[T any] struct {
	field
	get func(*T) []string                      // the values (one, or a list)
	set func(*T, []string) (problemKey string) // "" when the text is readable
}

// kind is one kind of record a form edits.
type kind interface {
	// Name is the kind's address ("trips") and validator list key.
	Name() string
	// InWorker reports whether the records are a worker's.
	InWorker() bool
	// Fields are the form's inputs, in order.
	Fields() []field
	// Len is how many records there are.
	Len(r *domain.Records, w *domain.Worker) int
	// Values are the form values of record i.
	Values(r *domain.Records, w *domain.Worker, i int) url.Values
	// Apply writes the form's values to record i (i == Len: a new record,
	// appended), and returns the fields it could not read (field name to a
	// locale key).
	Apply(r *domain.Records, w *domain.Worker, i int, v url.Values) map[string]string
	// Delete removes record i.
	Delete(r *domain.Records, w *domain.Worker, i int)
}

// listKind is a kind whose records are a list of T.
type listKind[T any] struct {
	name   string
	worker bool
	fields []fieldOf[T]
	list   func(r *domain.Records, w *domain.Worker) *[]T
	// store, when set, writes the list back after Apply: for a list that
	// list made up (the employer's own fields, a list of one).
	store func(r *domain.Records, l []T)
}

func (k *listKind[T]) Name() string   { return k.name }
func (k *listKind[T]) InWorker() bool { return k.worker }
func (k *listKind[T]) Fields() []field {
	out := make([]field, len(k.fields))
	for i, f := range k.fields {
		out[i] = f.field
	}
	return out
}
func (k *listKind[T]) Len(r *domain.Records, w *domain.Worker) int { return len(*k.list(r, w)) }

func (k *listKind[T]) Values(r *domain.Records, w *domain.Worker, i int) url.Values {
	v := url.Values{}
	l := *k.list(r, w)
	if i < 0 || i >= len(l) {
		return v
	}
	for _, f := range k.fields {
		v[f.Name] = f.get(&l[i])
	}
	return v
}

func (k *listKind[T]) Apply(r *domain.Records, w *domain.Worker, i int, v url.Values) map[string]string {
	l := k.list(r, w)
	var item T
	if i < len(*l) {
		item = (*l)[i]
	}
	bad := map[string]string{}
	for _, f := range k.fields {
		vals := v[f.Name]
		for j := range vals {
			vals[j] = strings.TrimSpace(vals[j])
		}
		if key := f.set(&item, vals); key != "" {
			bad[f.Name] = key
		}
	}
	if i < len(*l) {
		(*l)[i] = item
	} else {
		*l = append(*l, item)
	}
	if k.store != nil {
		k.store(r, *l)
	}
	return bad
}

func (k *listKind[T]) Delete(r *domain.Records, w *domain.Worker, i int) {
	l := k.list(r, w)
	if i >= 0 && i < len(*l) {
		*l = append((*l)[:i:i], (*l)[i+1:]...)
	}
}

// kinds are the record forms by name.
var kinds = map[string]kind{}

func register(k kind) kind { kinds[k.Name()] = k; return k }

// one returns the first value, or "".
func one(v []string) string {
	if len(v) == 0 {
		return ""
	}
	return v[0]
}

// Field constructors: each reads and writes one value of T.

func textField[T any](name, label string, max int, required bool, get func(*T) *string) fieldOf[T] {
	return fieldOf[T]{field: field{Name: name, Type: "text", Label: label, Max: max, Required: required},
		get: func(t *T) []string { return []string{*get(t)} },
		set: func(t *T, v []string) string { *get(t) = one(v); return "" }}
}

// textArea is free text of several lines' worth (kept on one line, as the
// model's texts are).
func textArea[T any](name, label string, get func(*T) *string) fieldOf[T] {
	f := textField(name, label, domain.MaxTextLen, false, get)
	f.Type = "textarea"
	return f
}

func dateField[T any](name, label string, required bool, get func(*T) *domain.Date) fieldOf[T] {
	return parsed(field{Name: name, Type: "date", Label: label, Required: required}, get,
		func(d domain.Date) string {
			if d.IsZero() {
				return ""
			}
			return d.String()
		},
		func(s string) (domain.Date, bool) { d, err := domain.ParseDate(s); return d, err == nil }, "form_bad_date")
}

// parsed is a field whose text parse reads and format writes; an empty
// text is V's zero value, a text parse cannot read the problem bad.
func parsed[T any, V comparable](f field, get func(*T) *V, format func(V) string, parse func(string) (V, bool), bad string) fieldOf[T] {
	return fieldOf[T]{field: f,
		get: func(t *T) []string { return []string{format(*get(t))} },
		set: func(t *T, v []string) string {
			s := one(v)
			if s == "" {
				var zero V
				*get(t) = zero
				return ""
			}
			x, ok := parse(s)
			if !ok {
				return bad
			}
			*get(t) = x
			return ""
		}}
}

func intField[T any](name, label string, required bool, get func(*T) *int) fieldOf[T] {
	return parsed(field{Name: name, Type: "number", Label: label, Required: required}, get, strconv.Itoa,
		func(s string) (int, bool) { n, err := strconv.Atoi(s); return n, err == nil }, "form_bad_number")
}

// optIntField is a number that may be left out (nil).
func optIntField[T any](name, label string, get func(*T) **int) fieldOf[T] {
	return fieldOf[T]{field: field{Name: name, Type: "number", Label: label},
		get: func(t *T) []string {
			if p := *get(t); p != nil {
				return []string{strconv.Itoa(*p)}
			}
			return []string{""}
		},
		set: func(t *T, v []string) string {
			s := one(v)
			if s == "" {
				*get(t) = nil
				return ""
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return "form_bad_number"
			}
			*get(t) = &n
			return ""
		}}
}

func regionField[T any](name, label string, get func(*T) *domain.Region) fieldOf[T] {
	return fieldOf[T]{field: field{Name: name, Type: "select", Label: label, Required: true, Options: regionOptions},
		get: func(t *T) []string { return []string{string(*get(t))} },
		set: func(t *T, v []string) string { *get(t) = domain.Region(one(v)); return "" }}
}

func categoryField[T any](name string, required bool, get func(*T) *domain.Category) fieldOf[T] {
	return fieldOf[T]{field: field{Name: name, Type: "select", Label: "f_category", Required: required, Options: categoryOptions},
		get: func(t *T) []string { return []string{get(t).String()} },
		set: func(t *T, v []string) string {
			s := one(v)
			if s == "" {
				*get(t) = domain.CategoryNone
				return ""
			}
			c, ok := domain.ParseCategory(s)
			if !ok {
				return "form_bad_choice"
			}
			*get(t) = c
			return ""
		}}
}

func regionOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, r := range domain.Regions {
		out = append(out, option{string(r.Code), l.fl.Region(r.Code)})
	}
	return out
}

func categoryOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, c := range []domain.Category{domain.Category1, domain.Category2, domain.Category3, domain.Category4, domain.CategorySeasonal} {
		out = append(out, option{c.String(), l.S("category_" + c.String())})
	}
	return out
}

func basisOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, b := range domain.Bases {
		out = append(out, option{string(b), l.fl.Basis(string(b))})
	}
	return out
}

func sizeOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, s := range domain.Sizes {
		out = append(out, option{string(s), l.S("size_" + string(s))})
	}
	return out
}

func articleOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, a := range []string{"86", "98", "518", "519"} {
		out = append(out, option{a, l.S("article_" + a)})
	}
	return out
}

// The record kinds.
var (
	employerKind = register(&listKind[domain.Employer]{name: "employer",
		list:  func(r *domain.Records, _ *domain.Worker) *[]domain.Employer { return &[]domain.Employer{r.Employer} },
		store: func(r *domain.Records, l []domain.Employer) { r.Employer = l[0] },
		fields: []fieldOf[domain.Employer]{
			textField("name", "f_employer_name", domain.MaxNameLen, true, func(e *domain.Employer) *string { return &e.Name }),
			{field: field{Name: "size", Type: "select", Label: "col_size", Required: true, Options: sizeOptions},
				get: func(e *domain.Employer) []string { return []string{string(e.Size)} },
				set: func(e *domain.Employer, v []string) string { e.Size = domain.Size(one(v)); return "" }},
			{field: field{Name: "branch_of_foreign", Type: "check", Label: "f_branch_of_foreign"},
				get: func(e *domain.Employer) []string {
					if e.BranchOfForeign {
						return []string{"yes"}
					}
					return nil
				},
				set: func(e *domain.Employer, v []string) string { e.BranchOfForeign = one(v) == "yes"; return "" }},
			optIntField("total_employees", "f_total_employees", func(e *domain.Employer) **int { return &e.TotalEmployees }),
			staffField(1), staffField(2), staffField(3), staffField(4),
			textField("address", "f_address", domain.MaxNameLen, false, func(e *domain.Employer) *string { return &e.Address }),
			textField("phone", "f_phone", domain.MaxCodeLen, false, func(e *domain.Employer) *string { return &e.Phone }),
			textField("email", "f_email", domain.MaxNameLen, false, func(e *domain.Employer) *string { return &e.Email }),
			textField("director.name", "f_director_name", domain.MaxNameLen, false, func(e *domain.Employer) *string { return &e.Director.Name }),
			textField("director.position", "f_director_position", domain.MaxNameLen, false, func(e *domain.Employer) *string { return &e.Director.Position }),
			{field: field{Name: "uses_seal", Type: "check", Label: "f_uses_seal"},
				get: func(e *domain.Employer) []string {
					if e.UsesSeal {
						return []string{"yes"}
					}
					return nil
				},
				set: func(e *domain.Employer, v []string) string { e.UsesSeal = one(v) == "yes"; return "" }},
		}})

	workerKind = register(&listKind[domain.Worker]{name: "workers",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.Worker { return &r.Workers },
		fields: []fieldOf[domain.Worker]{
			textField("id", "f_worker_id", domain.MaxCodeLen, true, func(w *domain.Worker) *string { return &w.ID }),
			textField("name", "f_worker_name", domain.MaxNameLen, true, func(w *domain.Worker) *string { return &w.Name }),
			{field: field{Name: "citizenship", Type: "text", Label: "f_citizenship", Required: true, Max: 2, Hint: "f_citizenship_hint"},
				get: func(w *domain.Worker) []string { return []string{w.Citizenship} },
				set: func(w *domain.Worker, v []string) string { w.Citizenship = strings.ToUpper(one(v)); return "" }},
			textField("iin", "f_iin", 12, false, func(w *domain.Worker) *string { return &w.IIN }),
			dateField("birth_date", "f_birth_date", false, func(w *domain.Worker) *domain.Date { return &w.BirthDate }),
			{field: field{Name: "basis", Type: "select", Label: "f_basis", Required: true, Options: basisOptions},
				get: func(w *domain.Worker) []string { return []string{string(w.Basis)} },
				set: func(w *domain.Worker, v []string) string { w.Basis = domain.Basis(one(v)); return "" }},
			categoryField("category", false, func(w *domain.Worker) *domain.Category { return &w.Category }),
			textField("position", "f_position", domain.MaxNameLen, false, func(w *domain.Worker) *string { return &w.Position }),
			dateField("start", "f_start", true, func(w *domain.Worker) *domain.Date { return &w.Start }),
			dateField("end", "f_end", false, func(w *domain.Worker) *domain.Date { return &w.End }),
			contractField("signed", "f_contract_signed", func(c *domain.Contract) *domain.Date { return &c.Signed }),
			contractField("registered", "f_contract_registered", func(c *domain.Contract) *domain.Date { return &c.Registered }),
			optIntField("experience_years", "f_experience_years", func(w *domain.Worker) **int { return &w.ExperienceYears }),
			nested("passport", func(w *domain.Worker) **domain.Passport { return &w.Passport },
				textField("number", "f_passport_number", domain.MaxCodeLen, false, func(p *domain.Passport) *string { return &p.Number })),
			nested("passport", func(w *domain.Worker) **domain.Passport { return &w.Passport },
				dateField("issued", "f_passport_issued", false, func(p *domain.Passport) *domain.Date { return &p.Issued })),
			nested("passport", func(w *domain.Worker) **domain.Passport { return &w.Passport },
				dateField("expires", "f_passport_expires", false, func(p *domain.Passport) *domain.Date { return &p.Expires })),
			nested("passport", func(w *domain.Worker) **domain.Passport { return &w.Passport },
				textField("issuer", "f_passport_issuer", domain.MaxNameLen, false, func(p *domain.Passport) *string { return &p.Issuer })),
			nested("education", func(w *domain.Worker) **domain.Education { return &w.Education },
				fieldOf[domain.Education]{field: field{Name: "level", Type: "select", Label: "f_education_level", Options: educationOptions},
					get: func(e *domain.Education) []string { return []string{string(e.Level)} },
					set: func(e *domain.Education, v []string) string { e.Level = domain.EducationLevel(one(v)); return "" }}),
			nested("education", func(w *domain.Worker) **domain.Education { return &w.Education },
				textField("institution", "f_education_institution", domain.MaxNameLen, false, func(e *domain.Education) *string { return &e.Institution })),
			nested("education", func(w *domain.Worker) **domain.Education { return &w.Education },
				textField("specialty", "f_education_specialty", domain.MaxNameLen, false, func(e *domain.Education) *string { return &e.Specialty })),
			nested("education", func(w *domain.Worker) **domain.Education { return &w.Education },
				intField("graduated", "f_education_graduated", false, func(e *domain.Education) *int { return &e.Graduated })),
		}})

	permitKind = register(&listKind[domain.Permit]{name: "permits", worker: true,
		list: func(_ *domain.Records, w *domain.Worker) *[]domain.Permit { return &w.Permits },
		fields: []fieldOf[domain.Permit]{
			textField("number", "f_permit_number", domain.MaxCodeLen, true, func(p *domain.Permit) *string { return &p.Number }),
			{field: field{Name: "regions", Type: "regions", Label: "f_permit_regions", Required: true, Options: regionOptions},
				get: func(p *domain.Permit) []string {
					out := make([]string, len(p.Regions))
					for i, r := range p.Regions {
						out[i] = string(r)
					}
					return out
				},
				set: func(p *domain.Permit, v []string) string {
					p.Regions = p.Regions[:0:0]
					for _, s := range v {
						if s != "" {
							p.Regions = append(p.Regions, domain.Region(s))
						}
					}
					return ""
				}},
			dateField("from", "f_valid_from", true, func(p *domain.Permit) *domain.Date { return &p.From }),
			dateField("to", "f_valid_to", true, func(p *domain.Permit) *domain.Date { return &p.To }),
		}})

	_ = register(&listKind[domain.Trip]{name: "trips", worker: true,
		list: func(_ *domain.Records, w *domain.Worker) *[]domain.Trip { return &w.Trips },
		fields: []fieldOf[domain.Trip]{
			regionField("region", "f_trip_region", func(t *domain.Trip) *domain.Region { return &t.Region }),
			dateField("from", "f_trip_from", true, func(t *domain.Trip) *domain.Date { return &t.From }),
			dateField("to", "f_trip_to", true, func(t *domain.Trip) *domain.Date { return &t.To }),
			dateField("notified", "f_notified", false, func(t *domain.Trip) *domain.Date { return &t.Notified }),
		}})

	_ = register(&listKind[domain.AddressChange]{name: "address_changes", worker: true,
		list: func(_ *domain.Records, w *domain.Worker) *[]domain.AddressChange { return &w.AddressChanges },
		fields: []fieldOf[domain.AddressChange]{
			dateField("date", "f_address_date", true, func(a *domain.AddressChange) *domain.Date { return &a.Date }),
			dateField("notified", "f_notified", false, func(a *domain.AddressChange) *domain.Date { return &a.Notified }),
		}})

	_ = register(&listKind[domain.Application]{name: "applications", worker: true,
		list: func(_ *domain.Records, w *domain.Worker) *[]domain.Application { return &w.Applications },
		fields: []fieldOf[domain.Application]{
			dateField("filed", "f_filed", true, func(a *domain.Application) *domain.Date { return &a.Filed }),
			dateField("vacancy_posted", "f_vacancy_posted", false, func(a *domain.Application) *domain.Date { return &a.VacancyPosted }),
			textField("vacancy_code", "f_vacancy_code", domain.MaxCodeLen, false, func(a *domain.Application) *string { return &a.VacancyCode }),
		}})

	_ = register(&listKind[domain.Report]{name: "reports",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.Report { return &r.Reports },
		fields: []fieldOf[domain.Report]{
			monthField(func(r *domain.Report) *domain.YearMonth { return &r.Month }),
			dateField("submitted", "f_submitted", true, func(r *domain.Report) *domain.Date { return &r.Submitted }),
		}})

	_ = register(&listKind[domain.QuotaPlan]{name: "quota_plans",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.QuotaPlan { return &r.QuotaPlans },
		fields: []fieldOf[domain.QuotaPlan]{
			intField("year", "f_year", true, func(p *domain.QuotaPlan) *int { return &p.Year }),
			regionField("region", "f_region", func(p *domain.QuotaPlan) *domain.Region { return &p.Region }),
			categoryField("category", true, func(p *domain.QuotaPlan) *domain.Category { return &p.Category }),
			textField("position", "f_position", domain.MaxNameLen, false, func(p *domain.QuotaPlan) *string { return &p.Position }),
			intField("count", "f_count", true, func(p *domain.QuotaPlan) *int { return &p.Count }),
			textArea("justification", "f_justification", func(p *domain.QuotaPlan) *string { return &p.Justification }),
		}})

	_ = register(&listKind[domain.QuotaContract]{name: "quota_contracts",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.QuotaContract { return &r.QuotaContracts },
		fields: []fieldOf[domain.QuotaContract]{
			textField("customer", "f_customer", domain.MaxNameLen, true, func(c *domain.QuotaContract) *string { return &c.Customer }),
			textField("number", "f_contract_number", domain.MaxCodeLen, false, func(c *domain.QuotaContract) *string { return &c.Number }),
			dateField("date", "f_contract_date", false, func(c *domain.QuotaContract) *domain.Date { return &c.Date }),
			regionField("region", "f_region", func(c *domain.QuotaContract) *domain.Region { return &c.Region }),
		}})

	_ = register(&listKind[domain.MonthlyFigures]{name: "monthly_figures",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.MonthlyFigures { return &r.MonthlyFigures },
		fields: []fieldOf[domain.MonthlyFigures]{
			monthField(func(f *domain.MonthlyFigures) *domain.YearMonth { return &f.Month }),
			intField("kz_trained", "f_kz_trained", false, func(f *domain.MonthlyFigures) *int { return &f.KZTrained }),
			intField("kz_replaced", "f_kz_replaced", false, func(f *domain.MonthlyFigures) *int { return &f.KZReplaced }),
			intField("kz_working", "f_kz_working", false, func(f *domain.MonthlyFigures) *int { return &f.KZWorking }),
			intField("jobs_created", "f_jobs_created", false, func(f *domain.MonthlyFigures) *int { return &f.JobsCreated }),
		}})

	_ = register(&listKind[domain.WorkerDocument]{name: "documents", worker: true,
		list: func(_ *domain.Records, w *domain.Worker) *[]domain.WorkerDocument { return &w.Documents },
		fields: []fieldOf[domain.WorkerDocument]{
			{field: field{Name: "kind", Type: "select", Label: "f_document_kind", Required: true, Options: documentKindOptions},
				get: func(d *domain.WorkerDocument) []string { return []string{string(d.Kind)} },
				set: func(d *domain.WorkerDocument, v []string) string { d.Kind = domain.DocumentKind(one(v)); return "" }},
			textField("number", "f_document_number", domain.MaxCodeLen, false, func(d *domain.WorkerDocument) *string { return &d.Number }),
			dateField("issued", "f_document_issued", false, func(d *domain.WorkerDocument) *domain.Date { return &d.Issued }),
			dateField("expires", "f_document_expires", false, func(d *domain.WorkerDocument) *domain.Date { return &d.Expires }),
		}})

	_ = register(&listKind[domain.QuotaApplication]{name: "quota_applications",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.QuotaApplication { return &r.QuotaApplications },
		fields: []fieldOf[domain.QuotaApplication]{
			intField("year", "f_year", true, func(a *domain.QuotaApplication) *int { return &a.Year }),
			regionField("region", "f_region", func(a *domain.QuotaApplication) *domain.Region { return &a.Region }),
			dateField("submitted", "f_submitted", true, func(a *domain.QuotaApplication) *domain.Date { return &a.Submitted }),
		}})

	_ = register(&listKind[domain.Penalty]{name: "penalties",
		list: func(r *domain.Records, _ *domain.Worker) *[]domain.Penalty { return &r.Penalties },
		fields: []fieldOf[domain.Penalty]{
			{field: field{Name: "article", Type: "select", Label: "f_article", Required: true, Options: articleOptions},
				get: func(p *domain.Penalty) []string { return []string{p.Article} },
				set: func(p *domain.Penalty, v []string) string { p.Article = one(v); return "" }},
			textField("part", "f_part", domain.MaxCodeLen, false, func(p *domain.Penalty) *string { return &p.Part }),
			dateField("date", "f_penalty_date", true, func(p *domain.Penalty) *domain.Date { return &p.Date }),
		}})
)

// staffField is the number of Kazakhstan citizens on staff in category c
// (the validator's employer.staff_kz[c-1]). The first of the four starts
// the staff afresh, so that all four left empty leave it out.
func staffField(c int) fieldOf[domain.Employer] {
	name, label := "staff_kz."+strconv.Itoa(c), "f_staff_kz_"+strconv.Itoa(c)
	return fieldOf[domain.Employer]{field: field{Name: name, Type: "number", Label: label},
		get: func(e *domain.Employer) []string {
			if e.StaffKZ == nil {
				return []string{""}
			}
			return []string{strconv.Itoa(e.StaffKZ[c])}
		},
		set: func(e *domain.Employer, v []string) string {
			if c == 1 {
				e.StaffKZ = nil
			}
			s := one(v)
			if s == "" {
				return ""
			}
			n, err := strconv.Atoi(s)
			if err != nil {
				return "form_bad_number"
			}
			if e.StaffKZ == nil {
				e.StaffKZ = &[5]int{}
			} else {
				cp := *e.StaffKZ
				e.StaffKZ = &cp
			}
			e.StaffKZ[c] = n
			return ""
		}}
}

// monthField is the month a report or a month's figures are of.
func monthField[T any](get func(*T) *domain.YearMonth) fieldOf[T] {
	return parsed(field{Name: "month", Type: "month", Label: "f_month", Required: true}, get,
		func(m domain.YearMonth) string {
			if m == 0 {
				return ""
			}
			return m.String()
		},
		func(s string) (domain.YearMonth, bool) { m, err := domain.ParseYearMonth(s); return m, err == nil }, "form_bad_month")
}

// nested is a field of an optional part of T (a worker's passport or
// education): named "part.field" as the validator's path has it; the part
// is made when a field is set and dropped when all its fields are empty.
func nested[T any, S comparable](part string, get func(*T) **S, inner fieldOf[S]) fieldOf[T] {
	f := inner.field
	f.Name = part + "." + inner.Name
	return fieldOf[T]{field: f,
		get: func(t *T) []string {
			if p := *get(t); p != nil {
				return inner.get(p)
			}
			return []string{""}
		},
		set: func(t *T, v []string) string {
			p := get(t)
			var cur S
			if *p != nil {
				cur = **p
			}
			key := inner.set(&cur, v)
			var zero S
			if cur == zero {
				*p = nil
			} else {
				*p = &cur
			}
			return key
		}}
}

func educationOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, e := range domain.EducationLevels {
		out = append(out, option{string(e), l.fl.T("doc.level." + string(e))})
	}
	return out
}

func documentKindOptions(l *locale) []option {
	out := []option{{"", "—"}}
	for _, k := range domain.DocumentKinds {
		out = append(out, option{string(k), l.fl.T("doc.kind." + string(k))})
	}
	return out
}

// contractField is a date of the worker's contract; a contract with
// neither date is none.
func contractField(name, label string, get func(*domain.Contract) *domain.Date) fieldOf[domain.Worker] {
	d := dateField("contract."+name, label, false, func(w *domain.Worker) *domain.Date {
		if w.Contract == nil {
			w.Contract = &domain.Contract{}
		} else {
			cp := *w.Contract
			w.Contract = &cp
		}
		return get(w.Contract)
	})
	get0, set0 := d.get, d.set
	d.get = func(w *domain.Worker) []string {
		if w.Contract == nil {
			return []string{""}
		}
		return get0(w)
	}
	d.set = func(w *domain.Worker, v []string) string {
		key := set0(w, v)
		if w.Contract != nil && *w.Contract == (domain.Contract{}) {
			w.Contract = nil
		}
		return key
	}
	return d
}
