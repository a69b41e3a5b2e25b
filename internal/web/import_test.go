package web_test

import (
	"bytes"
	"context"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"

	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/store"
)

func init() {
	// The import page's words made from a value: a kind, a field's name
	// (bulk's), a CSV file's delimiter.
	for _, k := range bulk.Kinds {
		dynamicIDs = append(dynamicIDs, "import_kind_"+string(k))
		for _, f := range bulk.FieldNames(k) {
			dynamicIDs = append(dynamicIDs, "import_field_"+f)
		}
	}
	dynamicIDs = append(dynamicIDs, "import_delim_59", "import_delim_44", "import_delim_9")
}

// upload posts files (name → contents) and form fields as a multipart
// form, as a browser's file input does.
func (b *browser) upload(path string, files [][2]string, fields url.Values) response {
	b.f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		w, err := mw.CreateFormFile("files", f[0])
		if err != nil {
			b.f.t.Fatal(err)
		}
		io.WriteString(w, f[1])
	}
	mw.Close()
	req, err := http.NewRequest("POST", b.f.srv.URL+path, &body)
	if err != nil {
		b.f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", mw.FormDataContentType())
	if b.accept != "" {
		req.Header.Set("Accept-Language", b.accept)
	}
	resp, err := b.c.Do(req)
	if err != nil {
		b.f.t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return response{resp.StatusCode, resp.Header, string(data)}
}

// registerCP1251 is the fixture of a register saved by Russian Excel
// ("CSV (разделители — точка с запятой)"): Windows-1251, semicolons, a
// title above the header, one row per worker and permit. edit changes its
// text before it is encoded.
func registerCP1251(t *testing.T, edit func(string) string) string {
	t.Helper()
	raw, err := os.ReadFile("../bulk/testdata/cases/csv_register_windows1251/workers.csv")
	if err != nil {
		t.Fatal(err)
	}
	text, err := charmap.Windows1251.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	out, err := charmap.Windows1251.NewEncoder().String(edit(string(text)))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

var tokenRE = regexp.MustCompile(`name="token" value="([^"]+)"`)

func version(t *testing.T, f *fixture, bin string) (*domain.Records, int64) {
	t.Helper()
	rec, v, err := f.db.EmployerRecords(context.Background(), f.tenantA, bin)
	if err != nil {
		t.Fatal(err)
	}
	return rec, v
}

// TestImportRussianExcelCSV: a Windows-1251 register with a bad date is
// refused at its row and column in Russian and nothing is stored; the
// fixed file shows what it was read as and which column became which
// field, and is stored by the commit, with an audit entry by the user.
func TestImportRussianExcelCSV(t *testing.T) {
	f := newFixture(t)
	bin := f.binsA[1]
	_, v0 := version(t, f, bin)
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	if r := b.get("/employers/" + bin + "/import"); r.status != http.StatusOK || !strings.Contains(r.body, `id="tab-import"`) || !strings.Contains(r.body, "Проверить файлы") {
		t.Fatalf("import page: %d %s", r.status, r.body)
	}

	bad := registerCP1251(t, func(s string) string { return strings.Replace(s, "15.01.2025;ALA-2025", "31.02.2025;ALA-2025", 1) })
	r := b.upload("/employers/"+bin+"/import", [][2]string{{"Реестр.csv", bad}}, nil)
	if r.status != http.StatusUnprocessableEntity {
		t.Fatalf("bad file: status %d, want 422", r.status)
	}
	row := regexp.MustCompile(`(?s)<tr class="problem">.*?</tr>`).FindString(r.body)
	for _, want := range []string{"Реестр.csv", `data-f="row">4<`, `data-f="value">31.02.2025<`, `<span class="mono">H</span> (Дата приема)`, "«31.02.2025» — несуществующая дата"} {
		if !strings.Contains(row, want) {
			t.Errorf("the problem's row lacks %q:\n%s", want, row)
		}
	}
	if strings.Contains(r.body, `id="import-commit"`) || !strings.Contains(r.body, `id="import-nothing"`) {
		t.Error("a file with a problem may be committed")
	}
	if _, v := version(t, f, bin); v != v0 {
		t.Fatalf("the dry run of a bad file stored something: version %d → %d", v0, v)
	}

	good := registerCP1251(t, func(s string) string { return s })
	r = b.upload("/employers/"+bin+"/import", [][2]string{{"Реестр.csv", good}}, nil)
	if r.status != http.StatusOK {
		t.Fatalf("good file: status %d\n%s", r.status, r.body)
	}
	for _, want := range []string{"Windows-1251", "через точку с запятой", "заголовок в строке 3",
		"<td data-label=\"Заголовок\">Таб. №</td>", "Табельный номер", "Номер разрешения", "Разрешение действует по",
		`id="import-changes"`, "3 новых, 0 изменено", "4 новых, 0 изменено"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	if _, v := version(t, f, bin); v != v0 {
		t.Fatal("the dry run stored something")
	}
	m := tokenRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no commit button for a file without problems")
	}
	r = b.post("/employers/"+bin+"/import", url.Values{"token": {m[1]}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/employers/"+bin+"?saved=1" {
		t.Fatalf("commit: %d %s\n%s", r.status, r.header.Get("Location"), r.body)
	}
	rec, v := version(t, f, bin)
	if v == v0 {
		t.Fatal("the commit stored nothing")
	}
	var w *domain.Worker
	for i := range rec.Workers {
		if rec.Workers[i].ID == "00117" {
			w = &rec.Workers[i]
		}
	}
	if w == nil || w.Name != "Ван Лэй" || w.Citizenship != "CN" || len(w.Permits) != 2 {
		t.Fatalf("worker 00117 as stored: %+v", w)
	}
	log, err := f.db.AuditLog(context.Background(), f.tenantA, store.AuditFilter{Key: bin, Limit: 1})
	if err != nil || len(log) != 1 || log[0].Actor != ownerA {
		t.Fatalf("audit log: %+v %v", log, err)
	}
	if r := b.get("/employers/" + bin + "?saved=1"); !strings.Contains(r.body, `class="saved"`) {
		t.Error("no saved note after the commit")
	}
	// The token is used up.
	if r := b.post("/employers/"+bin+"/import", url.Values{"token": {m[1]}}); r.status != http.StatusGone {
		t.Errorf("second commit: status %d, want 410", r.status)
	}

	// The workers' documents, monthly figures and contracts with
	// customers: the dry run counts them, and says what changes in all.
	records := [][2]string{
		{"Документы.csv", "Табельный номер;Вид документа;Номер документа;Дата выдачи;Срок действия\n00117;Паспорт;E1234567;01.03.2019;28.02.2029\n00117;Трудовая книжка;ТК-5;;\n"},
		{"Показатели.csv", "Отчетный месяц;Обучено граждан РК;Заменили иностранцев;Работает граждан РК;Создано рабочих мест\nянварь 2026;2;0;148;1\n"},
		{"Договоры.csv", "Заказчик;Номер договора;Дата договора;Регион\nТОО «Тенгиз»;Д-17;01.12.2025;Атырауская область\n"},
	}
	r = b.upload("/employers/"+bin+"/import", records, nil)
	if r.status != http.StatusOK {
		t.Fatalf("documents, figures, contracts: status %d\n%s", r.status, r.body)
	}
	changes := regexp.MustCompile(`(?s)<table class="list resp import-changes".*?</table>`).FindString(r.body)
	for _, want := range []string{"Документы работников", "Ежемесячные показатели", "Договоры с заказчиками", "Вид документа", "Обучено граждан РК", "Заказчик"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	for _, want := range []string{`data-f="documents">&#43;2 новых, 0 изменено<`, `data-f="figures">&#43;1 новых, 0 изменено<`, `data-f="contracts">&#43;1 новых, 0 изменено<`} {
		if !strings.Contains(changes, want) {
			t.Errorf("the changes lack %q:\n%s", want, changes)
		}
	}
	if !strings.Contains(r.body, `id="import-summary">добавлено 2 документа, добавлены показатели за 1 месяц, добавлен 1 договор<`) {
		t.Errorf("no summary of the changes:\n%s", r.body)
	}
	m = tokenRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no commit button for the documents, figures and contracts")
	}
	if r := b.post("/employers/"+bin+"/import", url.Values{"token": {m[1]}}); r.status != http.StatusSeeOther {
		t.Fatalf("commit: %d\n%s", r.status, r.body)
	}
	rec, _ = version(t, f, bin)
	if len(rec.QuotaContracts) == 0 || rec.QuotaContracts[len(rec.QuotaContracts)-1].Number != "Д-17" || len(rec.MonthlyFigures) == 0 {
		t.Errorf("stored: %+v %+v", rec.QuotaContracts, rec.MonthlyFigures)
	}
	if r := b.upload("/employers/"+bin+"/import", records, nil); !strings.Contains(r.body, `id="import-unchanged"`) {
		t.Errorf("the same files again:\n%s", r.body)
	}
}

// TestImportRegisterOfTwoEmployers: a Kazakh register with a BIN column
// creates both its employers, with the names and sizes its rows give.
func TestImportRegisterOfTwoEmployers(t *testing.T) {
	f := newFixture(t)
	data, err := os.ReadFile("../bulk/testdata/cases/valid_register_kazakh/workers.csv")
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	b.accept = "kk"
	b.login(ownerA, "/")
	r := b.upload("/import", [][2]string{{"тізілім.csv", string(data)}}, nil)
	if r.status != http.StatusOK {
		t.Fatalf("dry run: %d\n%s", r.status, r.body)
	}
	for _, want := range []string{`data-bin="940140000385"`, `data-bin="990140004654"`, "құрылады", "UTF-8 BOM", "Жұмыс берушінің БСН"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the preview lacks %q", want)
		}
	}
	m := tokenRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatal("no commit button")
	}
	r = b.post("/import", url.Values{"token": {m[1]}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/employers?saved=1" {
		t.Fatalf("commit: %d %s", r.status, r.header.Get("Location"))
	}
	for bin, size := range map[string]domain.Size{"940140000385": domain.SizeSmall, "990140004654": domain.SizeLarge} {
		rec, _ := version(t, f, bin)
		if rec.Employer.Size != size || rec.Employer.Name == "" {
			t.Errorf("employer %s as created: %+v", bin, rec.Employer)
		}
	}
	if r := b.get("/employers?saved=1"); !strings.Contains(r.body, `class="saved"`) || !strings.Contains(r.body, `id="import-link"`) {
		t.Error("the employers list shows no saved note or no import link")
	}
	// The same file again changes nothing.
	r = b.upload("/import", [][2]string{{"тізілім.csv", string(data)}}, nil)
	if !strings.Contains(r.body, `id="import-unchanged"`) || tokenRE.MatchString(r.body) {
		t.Error("a re-import offers to store what is recorded already")
	}
}

// TestImportRefused: a viewer may not import; an editor limited to one
// employer creates none; an upload of too many or unknown files is
// refused with a message.
func TestImportRefused(t *testing.T) {
	f := newFixture(t)
	b := f.browser()
	b.accept = "ru"
	b.login(limitedA, "/")
	if r := b.get("/import"); r.status != http.StatusForbidden {
		t.Errorf("viewer's import page: status %d, want 403", r.status)
	}
	if r := b.upload("/employers/"+f.binsA[0]+"/import", [][2]string{{"w.csv", "a;b\n"}}, nil); r.status != http.StatusForbidden {
		t.Errorf("viewer's upload: status %d, want 403", r.status)
	}
	if r := b.get("/employers/" + f.binsA[0]); strings.Contains(r.body, `id="tab-import"`) {
		t.Error("a viewer is offered the import tab")
	}

	const editor = "editor@a.example"
	f.user(f.tenantA, editor, domain.RoleEditor, []string{f.binsA[0]})
	e := f.browser()
	e.accept = "ru"
	e.login(editor, "/")
	data, _ := os.ReadFile("../bulk/testdata/cases/valid_register_kazakh/workers.csv")
	r := e.upload("/import", [][2]string{{"реестр.csv", string(data)}}, nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "940140000385") || tokenRE.MatchString(r.body) {
		t.Errorf("a limited editor's register of new employers: status %d, want 422 naming the BIN, no commit", r.status)
	}
	if _, _, err := f.db.EmployerRecords(context.Background(), f.tenantA, "940140000385"); domain.ErrorCode(err) != domain.ENOTFOUND {
		t.Errorf("a limited editor created an employer: %v", err)
	}

	o := f.browser()
	o.accept = "ru"
	o.login(ownerA, "/")
	six := make([][2]string, 6)
	for i := range six {
		six[i] = [2]string{"w.csv", "a;b\n"}
	}
	if r := o.upload("/import", six, nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Не более 5 файлов") {
		t.Errorf("six files: status %d", r.status)
	}
	if r := o.upload("/import", [][2]string{{"w.doc", "x"}}, nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "w.doc: ожидается файл") {
		t.Errorf("a .doc file: status %d", r.status)
	}
	if r := o.upload("/import", nil, nil); r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "Выберите один или несколько файлов") {
		t.Errorf("no file: status %d", r.status)
	}
}

// TestImportStaleCommit: a change made to the employer between the dry run
// and the commit is a conflict, and the import stores nothing.
func TestImportStaleCommit(t *testing.T) {
	f := newFixture(t)
	bin := f.binsA[2]
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	r := b.upload("/employers/"+bin+"/import", [][2]string{{"workers.csv", registerCP1251(t, func(s string) string { return s })}}, nil)
	m := tokenRE.FindStringSubmatch(r.body)
	if m == nil {
		t.Fatalf("no commit button: %d", r.status)
	}
	_, v := version(t, f, bin)
	v2, err := f.db.EditEmployerRecords(context.Background(), f.tenantA, store.SystemActor, bin, v, func(rec *domain.Records) error {
		rec.Employer.Name += " (renamed)"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r = b.post("/employers/"+bin+"/import", url.Values{"token": {m[1]}})
	if r.status != http.StatusConflict || !strings.Contains(r.body, "Эти записи изменили после проверки") {
		t.Fatalf("stale commit: status %d, want 409 with the conflict\n%s", r.status, r.body)
	}
	if rec, v := version(t, f, bin); v != v2 || len(rec.Workers) == 0 || hasWorker(rec, "00117") {
		t.Errorf("a stale commit stored something: version %d, want %d", v, v2)
	}
}

func hasWorker(rec *domain.Records, id string) bool {
	for _, w := range rec.Workers {
		if w.ID == id {
			return true
		}
	}
	return false
}

// TestImportScenarioFile: a scenario file creates its employer from the
// tenant's import page, and is refused on another employer's page.
func TestImportScenarioFile(t *testing.T) {
	f := newFixture(t)
	data, err := os.ReadFile("../../examples/steppe-drilling.yaml")
	if err != nil {
		t.Fatal(err)
	}
	b := f.browser()
	b.accept = "ru"
	b.login(ownerA, "/")
	r := b.upload("/employers/"+f.binsA[0]+"/import", [][2]string{{"steppe.yaml", string(data)}}, nil)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, "относится к работодателю 940140000385") || tokenRE.MatchString(r.body) {
		t.Errorf("another employer's scenario on an employer's page: status %d", r.status)
	}
	r = b.upload("/import", [][2]string{{"steppe.yaml", string(data)}}, nil)
	m := tokenRE.FindStringSubmatch(r.body)
	if r.status != http.StatusOK || m == nil || !strings.Contains(r.body, "будет создан") {
		t.Fatalf("scenario dry run: status %d\n%s", r.status, r.body)
	}
	r = b.post("/import", url.Values{"token": {m[1]}})
	if r.status != http.StatusSeeOther || r.header.Get("Location") != "/employers/940140000385?saved=1" {
		t.Fatalf("commit: %d %s", r.status, r.header.Get("Location"))
	}
	if rec, _ := version(t, f, "940140000385"); len(rec.Workers) == 0 {
		t.Error("the scenario's workers were not stored")
	}
}
