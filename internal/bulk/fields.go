package bulk

import (
	"strings"
	"unicode"
)

// field is a column a kind of record can have.
type field uint8

const (
	fBIN field = iota
	fID
	fWorker
	fName
	fCitizenship
	fIIN
	fBirth
	fBasis
	fCategory
	fPosition
	fStart
	fEnd
	fSigned
	fRegistered
	fNumber
	fRegions
	fFrom
	fTo
	fRegion
	fNotified
	fPassport
	fEmployerName
	fSize
	fPassportExpires
	fEducation
	fInstitution
	fSpecialty
	fGraduated
	fExperience
	// The employer's letterhead, in a register's rows as its name and size.
	fEmpAddress
	fEmpPhone
	fEmpEmail
	fDirector
	fDirectorPosition
	// The fields of documents, monthly figures and customer contracts
	// (their worker, number and region are fWorker, fNumber, fRegion).
	fDocKind
	fIssued
	fExpires
	fMonth
	fTrained
	fReplaced
	fWorking
	fJobs
	fCustomer
	fDate
	numFields
)

// fieldSet is a set of fields.
type fieldSet uint64

// A fieldSet holds every field.
var _ [64 - numFields]struct{}

func (s fieldSet) has(f field) bool { return s&(1<<f) != 0 }
func (s *fieldSet) add(f field)     { *s |= 1 << f }

// column describes a field of one kind: its name (the key of a Mapping),
// whether the import itself needs it in every row (the worker a permit or
// trip refers to, the number by which Apply finds a permit) and what such a
// cell holds, and the headers that name it. Headers are compared after
// normalize. Which other values a record needs, and what they may hold, the
// records validator says.
type column struct {
	f        field
	name     string
	required bool
	expect   string
	headers  []string
}

var (
	binColumn = column{fBIN, "bin", false, "", []string{
		"bin", "employer bin", "employer's bin",
		"бин", "бин работодателя", "бин организации",
		"бсн", "жұмыс беруші бсн", "жұмыс берушінің бсн", "ұйымның бсн"}}
	// The worker's id in a permits or trips file.
	workerColumn = column{fWorker, "worker", true, "the id of the worker, as in the workers file", []string{
		"worker", "worker id", "worker no", "employee", "employee id", "employee no", "employee number",
		"personnel number", "personnel no", "staff number",
		"работник", "сотрудник", "id работника", "табельный номер", "табельный №", "таб №", "таб номер", "№ табеля",
		"қызметкер", "жұмыскер", "қызметкер id", "табель нөмірі", "табельдік нөмір", "табель №"}}
)

// columns lists each kind's fields in the order messages list them.
var columns = map[Kind][]column{
	Workers: {
		binColumn,
		{fID, "id", false, "", []string{
			"id", "worker id", "worker no", "employee id", "employee no", "employee number",
			"personnel number", "personnel no", "staff number",
			"id работника", "табельный номер", "табельный №", "таб №", "таб номер", "№ табеля",
			"қызметкер id", "табель нөмірі", "табельдік нөмір", "табель №"}},
		{fName, "name", false, "", []string{
			"name", "full name", "worker name", "employee name",
			"фио", "ф и о", "имя", "полное имя", "фамилия имя отчество", "фамилия имя",
			"аты жөні", "толық аты жөні", "т а ә", "тегі аты әкесінің аты"}},
		{fCitizenship, "citizenship", false, "", []string{
			"citizenship", "nationality", "country",
			"гражданство", "страна", "страна гражданства",
			"азаматтығы", "азаматтық", "ел"}},
		{fIIN, "iin", false, "", []string{
			"iin", "individual identification number",
			"иин", "иин работника",
			"жсн", "қызметкердің жсн"}},
		{fBirth, "birth_date", false, "", []string{
			"birth date", "date of birth", "birthdate", "birthday", "dob", "born",
			"дата рождения", "дата рожд", "д р", "день рождения", "родился", "число месяц год рождения",
			"туған күні", "туған күні мен айы", "туған күні айы жылы", "туған жылы айы күні", "туылған күні"}},
		{fBasis, "basis", false, "", []string{
			"basis", "basis of engagement", "engagement basis", "legal basis",
			"основание", "основание привлечения", "правовое основание",
			"негіз", "негізі", "тарту негізі"}},
		{fCategory, "category", false, "", []string{
			"category", "worker category",
			"категория", "категория работника",
			"санат", "санаты"}},
		{fPosition, "position", false, "", []string{
			"position", "job title", "title", "job",
			"должность", "профессия",
			"лауазым", "лауазымы", "кәсіп"}},
		{fStart, "start", false, "", []string{
			"start", "start date", "hire date", "hired", "date of hire", "employed from",
			"дата приема", "дата приема на работу", "принят", "дата начала", "дата начала работы", "начало работы", "с",
			"жұмысқа қабылданған күні", "қабылданған күні", "басталу күні", "жұмыс басталған күні"}},
		{fEnd, "end", false, "", []string{
			"end", "end date", "termination date", "dismissal date", "employed to",
			"дата увольнения", "уволен", "дата окончания", "дата окончания работы", "окончание работы", "по",
			"жұмыстан шығу күні", "босатылған күні", "аяқталу күні"}},
		{fSigned, "contract_signed", false, "", []string{
			"contract signed", "contract date", "contract",
			"дата договора", "дата трудового договора", "трудовой договор", "договор",
			"еңбек шарты", "еңбек шартының күні", "шарт жасалған күні"}},
		{fRegistered, "contract_registered", false, "", []string{
			"contract registered", "registered", "esutd", "esutd registration",
			"дата регистрации договора", "регистрация в есутд", "есутд", "дата регистрации в есутд",
			"шартты тіркеу күні", "еңбек шартын тіркеу күні", "тіркелген күні"}},
		// A register keeps the worker's current permit in the worker's row:
		// the row is then a worker and a permit, and several rows of one
		// worker are its permits.
		{fNumber, "permit_number", false, "", []string{
			"permit number", "permit no", "permit", "work permit", "work permit number",
			"номер разрешения", "№ разрешения", "разрешение", "номер рнт", "рнт", "№ рнт", "разрешение на трудоустройство",
			"рұқсат нөмірі", "рұқсат №", "рұқсат", "рұқсаттың нөмірі"}},
		{fRegions, "permit_regions", false, "", []string{
			"permit regions", "permit region", "regions", "region",
			"регион", "регионы", "область", "области", "регион действия", "регион разрешения", "регион действия разрешения",
			"өңір", "өңірлер", "өңірі", "облыс", "рұқсат өңірі"}},
		{fFrom, "permit_from", false, "", []string{
			"permit from", "permit issued", "permit valid from", "issued", "issue date", "valid from",
			"дата выдачи", "дата выдачи разрешения", "разрешение выдано", "выдано", "действует с", "разрешение с",
			"берілген күні", "рұқсат берілген күні", "қолданылу басталуы"}},
		{fTo, "permit_to", false, "", []string{
			"permit to", "permit expires", "permit valid to", "permit valid until", "expires", "expiry date", "valid to", "valid until",
			"срок действия", "срок действия разрешения", "действует до", "действует по", "разрешение до", "дата окончания разрешения", "окончание разрешения",
			"мерзімі", "рұқсат мерзімі", "қолданылу мерзімі", "рұқсаттың қолданылу мерзімі", "дейін"}},
		{fPassport, "passport", false, "", []string{
			"passport", "passport number", "passport no",
			"паспорт", "номер паспорта", "№ паспорта", "паспорт №", "паспортные данные",
			"паспорт нөмірі", "төлқұжат", "төлқұжат нөмірі"}},
		{fPassportExpires, "passport_expires", false, "", []string{
			"passport expires", "passport expiry", "passport valid until", "passport expiry date",
			"срок действия паспорта", "паспорт действителен до", "паспорт до",
			"паспорттың қолданылу мерзімі", "төлқұжаттың қолданылу мерзімі", "төлқұжат мерзімі"}},
		{fEducation, "education", false, "", []string{
			"education", "education level", "level of education",
			"образование", "уровень образования",
			"білімі", "білім", "білім деңгейі"}},
		{fInstitution, "institution", false, "", []string{
			"institution", "educational institution", "university", "school",
			"учебное заведение", "вуз", "окончил",
			"оқу орны", "бітірген оқу орны"}},
		{fSpecialty, "specialty", false, "", []string{
			"specialty", "speciality", "specialization", "qualification",
			"специальность", "специальность по диплому", "квалификация",
			"мамандығы", "мамандық", "біліктілігі"}},
		{fGraduated, "graduated", false, "", []string{
			"graduated", "graduation year", "year of graduation",
			"год окончания", "год окончания учебного заведения",
			"бітірген жылы", "оқу орнын бітірген жылы"}},
		{fExperience, "experience_years", false, "", []string{
			"experience", "experience years", "years of experience", "work experience",
			"стаж", "стаж работы", "опыт работы", "стаж лет",
			"жұмыс өтілі", "өтілі", "еңбек өтілі"}},
		{fEmployerName, "employer", false, "", []string{
			"employer", "employer name", "company", "organization", "organisation",
			"работодатель", "наименование работодателя", "организация", "наименование организации", "компания", "наименование",
			"жұмыс беруші", "жұмыс берушінің атауы", "ұйым", "ұйымның атауы", "атауы"}},
		{fSize, "size", false, "", []string{
			"size", "employer size", "business size",
			"размер", "размер предприятия", "субъект предпринимательства", "размер бизнеса", "тип предпринимательства",
			"кәсіпкерлік субъектісі", "көлемі", "кәсіпорын көлемі"}},
		{fEmpAddress, "employer_address", false, "", []string{
			"employer address", "employer's address", "company address", "legal address",
			"адрес работодателя", "юридический адрес", "адрес организации", "юридический адрес организации",
			"жұмыс берушінің мекенжайы", "заңды мекенжайы", "ұйымның мекенжайы"}},
		{fEmpPhone, "employer_phone", false, "", []string{
			"employer phone", "employer's phone", "company phone",
			"телефон работодателя", "телефон организации",
			"жұмыс берушінің телефоны", "ұйымның телефоны"}},
		{fEmpEmail, "employer_email", false, "", []string{
			"employer email", "employer's email", "company email", "employer e mail",
			"e mail работодателя", "электронная почта работодателя", "эл почта организации", "электронная почта организации",
			"жұмыс берушінің электрондық поштасы", "ұйымның электрондық поштасы"}},
		{fDirector, "director", false, "", []string{
			"director", "director name", "head of the employer", "head",
			"руководитель", "фио руководителя", "директор", "первый руководитель",
			"басшы", "басшының аты жөні", "бірінші басшы"}},
		{fDirectorPosition, "director_position", false, "", []string{
			"director position", "director's position", "position of the head",
			"должность руководителя",
			"басшының лауазымы"}},
	},
	Permits: {
		binColumn,
		workerColumn,
		{fNumber, "number", true, "the permit's number, by which a later import finds it", []string{
			"number", "permit number", "permit no", "permit", "work permit", "work permit number",
			"номер", "номер разрешения", "№ разрешения", "разрешение", "номер рнт", "№",
			"нөмір", "нөмірі", "рұқсат нөмірі", "рұқсат №", "рұқсат"}},
		{fRegions, "regions", false, "", []string{
			"regions", "region",
			"регион", "регионы", "область", "области", "регион действия",
			"өңір", "өңірлер", "өңірі", "облыс"}},
		{fFrom, "from", false, "", []string{
			"from", "valid from", "start", "start date", "issued", "issue date",
			"с", "дата начала", "действует с", "дата выдачи", "начало",
			"бастап", "басталу күні", "берілген күні", "қолданылу басталуы"}},
		{fTo, "to", false, "", []string{
			"to", "valid to", "valid until", "until", "end", "end date", "expires", "expiry date",
			"по", "до", "дата окончания", "действует по", "действует до", "срок действия", "окончание",
			"дейін", "аяқталу күні", "мерзімі", "қолданылу мерзімі"}},
	},
	Trips: {
		binColumn,
		workerColumn,
		{fRegion, "region", false, "", []string{
			"region", "destination",
			"регион", "регион командировки", "место командировки", "область", "куда",
			"өңір", "іссапар өңірі", "облыс", "бару орны"}},
		{fFrom, "from", false, "", []string{
			"from", "start", "start date", "departure", "departure date",
			"с", "дата начала", "дата выезда", "начало", "выезд",
			"бастап", "басталу күні", "кеткен күні", "шыққан күні"}},
		{fTo, "to", false, "", []string{
			"to", "end", "end date", "return", "return date",
			"по", "до", "дата окончания", "дата возвращения", "дата возврата", "окончание", "возвращение",
			"дейін", "аяқталу күні", "оралған күні"}},
		{fNotified, "notified", false, "", []string{
			"notified", "notification date", "notice date", "date notified", "notified on",
			"уведомлен", "дата уведомления", "уведомление",
			"хабарлама", "хабарлама күні", "хабарланған күні"}},
	},
	// records.go
	Documents: documentColumns,
	Figures:   figureColumns,
	Contracts: contractColumns,
}

// synonyms maps each kind's normalized headers to its fields.
var synonyms = func() map[Kind]map[string]field {
	m := make(map[Kind]map[string]field, len(columns))
	for k, cols := range columns {
		s := make(map[string]field)
		for _, c := range cols {
			for _, h := range append([]string{c.name}, c.headers...) {
				s[normalize(h)] = c.f
			}
		}
		m[k] = s
	}
	return m
}()

// columnOf returns the description of field f of kind k.
func columnOf(k Kind, f field) *column {
	cols := columns[k]
	for i := range cols {
		if cols[i].f == f {
			return &cols[i]
		}
	}
	return nil
}

// columnNamed returns the field of kind k whose name is name.
func columnNamed(k Kind, name string) (*column, bool) {
	cols := columns[k]
	for i := range cols {
		if cols[i].name == name {
			return &cols[i], true
		}
	}
	return nil, false
}

// fieldNames lists the names of kind k's fields, for messages.
func fieldNames(k Kind) string {
	names := make([]string, len(columns[k]))
	for i, c := range columns[k] {
		names[i] = c.name
	}
	return strings.Join(names, ", ")
}

// headerHint names a field and a few of its headers: "start (start date,
// дата приема, жұмысқа қабылданған күні)".
func (c *column) headerHint() string {
	var en, ru, kk string
	for _, h := range c.headers {
		switch script(h) {
		case 'l':
			if en == "" && h != c.name {
				en = h
			}
		case 'k':
			if kk == "" {
				kk = h
			}
		case 'c':
			if ru == "" {
				ru = h
			}
		}
	}
	var hints []string
	for _, h := range []string{en, ru, kk} {
		if h != "" {
			hints = append(hints, h)
		}
	}
	if len(hints) == 0 {
		return c.name
	}
	return c.name + " (" + strings.Join(hints, ", ") + ")"
}

// script tells the script of a header: 'l' Latin, 'k' Kazakh (Cyrillic with
// letters Russian has not), 'c' other Cyrillic.
func script(s string) byte {
	kind := byte('l')
	for _, r := range s {
		switch {
		case strings.ContainsRune("әғқңөұүһі", r):
			return 'k'
		case unicode.Is(unicode.Cyrillic, r):
			kind = 'c'
		}
	}
	return kind
}

// normalize reduces a header or name to the form in which headers are
// compared: lower case, ё as е, every run of characters other than letters,
// digits and № as one space, no space at either end. "Таб. №" and "таб №"
// are the same, and so are "Worker_ID" and "worker id".
func normalize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == 'ё' || r == 'Ё':
			r = 'е'
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '№':
			r = unicode.ToLower(r)
		default:
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}
