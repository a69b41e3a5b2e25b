package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"

	"github.com/ruqsat/ruqsat/internal/store"
)

// kazakhRegister is a consultancy's register of two employers' foreign
// workers, one row per worker and current permit, as a Kazakh office keeps
// it: Kazakh headers, the employer's BIN, name and size in each row, words
// for countries, bases and categories, DD.MM.YYYY dates. Its name says
// nothing of what it holds.
const kazakhRegister = `БСН;Жұмыс беруші;Көлемі;Табель нөмірі;Аты-жөні;Азаматтығы;Негізі;Санаты;Лауазымы;Жұмысқа қабылданған күні;Рұқсат нөмірі;Өңір;Берілген күні;Рұқсат мерзімі
940140000385;«Каспий Сервис» ЖШС;шағын;001;Ли Вэй;Қытай;рұқсат;үшінші санат;Дәнекерлеуші;15.01.2025;ALA-2025-0042;Алматы қ.;10.01.2025;09.01.2026
940140000385;«Каспий Сервис» ЖШС;шағын;001;Ли Вэй;Қытай;рұқсат;үшінші санат;Дәнекерлеуші;15.01.2025;ALA-2026-0042;Алматы қ.;10.01.2026;09.01.2027
990140004654;«Дала Құрылыс» ЖШС;ірі;001;Mehmet Demir;Түркия;рұқсат;III;Инженер;01.03.2026;ATY-2026-0007;Атырау облысы;25.02.2026;24.02.2027
990140004654;«Дала Құрылыс» ЖШС;ірі;002;John Smith;Ұлыбритания;ВКП;1;Директор;01.02.2026;;;;
`

// versions returns the version of each of tenant T's employers.
func versions(t *testing.T, data string) map[string]int64 {
	t.Helper()
	ctx := context.Background()
	db, err := store.Open(ctx, "sqlite:"+filepath.Join(data, "ruqsat.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	tn, err := db.TenantByName(ctx, "T")
	if err != nil {
		t.Fatal(err)
	}
	stamps, err := db.TenantVersions(ctx, tn.ID)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]int64{}
	for bin, st := range stamps {
		out[bin] = st.Version
	}
	return out
}

// TestImportARegisterCreatesItsEmployers imports a register of two
// employers the tenant does not have yet, then the same file again, then
// each employer's export: neither changes anything, not even a version.
func TestImportARegisterCreatesItsEmployers(t *testing.T) {
	data := tenantData(t, "T")
	register := writeFile(t, "тізілім.csv", kazakhRegister)
	code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", register)
	if code != 0 || errs != "" || !strings.Contains(out, "imported 2 employers with 3 workers") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "990140004654", "--as-of", "2026-03-01")
	for _, want := range []string{"«Дала Құрылыс» ЖШС", "size: large", "citizenship: TR", "basis: ict", `number: "ATY-2026-0007"`, "KZ-23"} {
		if !strings.Contains(exp, want) {
			t.Errorf("export lacks %q:\n%s", want, exp)
		}
	}
	before := versions(t, data)

	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "T", register)
	if code != 0 || !strings.Contains(out, "nothing changed") {
		t.Fatalf("re-import: exit %d\n%s%s", code, out, errs)
	}
	for _, bin := range []string{"940140000385", "990140004654"} {
		_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", bin, "--as-of", "2026-03-01")
		path := writeFile(t, bin+".yaml", exp)
		if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", path); code != 0 || !strings.Contains(out, "nothing changed") {
			t.Fatalf("import of the export: exit %d\n%s%s", code, out, errs)
		}
		if _, again, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", bin, "--as-of", "2026-03-01"); again != exp {
			t.Fatalf("the export changed:\n%s\nwas\n%s", again, exp)
		}
	}
	if after := versions(t, data); len(after) != 2 || after["940140000385"] != before["940140000385"] || after["990140004654"] != before["990140004654"] {
		t.Fatalf("versions %v, were %v", after, before)
	}
}

// TestImportAsksTheSizeOfNewEmployers: a register without a size column
// names, in one problem, the employers it would create, and stores nothing;
// --size gives their size.
func TestImportAsksTheSizeOfNewEmployers(t *testing.T) {
	data := tenantData(t, "T")
	var b strings.Builder
	for i, line := range strings.Split(strings.TrimSpace(kazakhRegister), "\n") {
		cells := strings.Split(line, ";")
		cells = append(cells[:2], cells[3:]...) // no size column
		if i == 0 {
			cells[1] = "Жұмыс берушінің атауы"
		}
		b.WriteString(strings.Join(cells, ";") + "\n")
	}
	register := writeFile(t, "register.csv", b.String())
	code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", register)
	want := "employers 940140000385 and 990140004654 are not recorded yet, and the rows give no size; expected a size column (малое, среднее, крупное; шағын, орта, ірі; small, medium, large), or --size for the import\nnothing was imported\n"
	if code != 2 || errs != want {
		t.Fatalf("exit %d\n%s%s\nwant\n%s", code, out, errs, want)
	}
	if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--size", "среднее", register); code != 0 {
		t.Fatalf("--size: exit %d\n%s%s", code, out, errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385")
	if !strings.Contains(exp, "size: medium") {
		t.Fatalf("export:\n%s", exp)
	}
}

// TestImportReadsExcelsEncodings imports a register saved by Russian Excel
// as "CSV (разделители — точка с запятой)", in Windows-1251, and one saved
// as "Unicode text", UTF-16 with tabs; a warning is printed once.
func TestImportReadsExcelsEncodings(t *testing.T) {
	russian := "Реестр иностранных работников\r\n" +
		"Таб. №;ФИО;Гражданство;Категория;Дата приема;Номер разрешения;Регион;Дата выдачи;Срок действия;Примечание\r\n" +
		"00117;Ван Лэй;Китай;3 категория;15.01.2026;MAN-2026-0001;Мангистауская обл.;10.01.2026;09.01.2027;\r\n" +
		"00118;Мехмет Демир;Турция;III;01.02.2026;ATY-2026-0002;Атырау облысы;25.01.2026;24.01.2027;вахта\r\n"
	cp1251, err := charmap.Windows1251.NewEncoder().String(russian)
	if err != nil {
		t.Fatal(err)
	}
	utf16, err := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().String(strings.ReplaceAll(russian, ";", "\t"))
	if err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{"реестр.csv": cp1251, "unicode.txt": utf16} {
		t.Run(name, func(t *testing.T) {
			data := tenantData(t, "T")
			path := filepath.Join(t.TempDir(), name)
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--bin", "940140000385", "--size", "small", path)
			warning := path + ":2:J (Примечание): warning: unknown column"
			if code != 0 || strings.Count(errs, warning) != 1 || strings.Count(errs, "\n") != 1 {
				t.Fatalf("exit %d\n%s%s", code, out, errs)
			}
			_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "940140000385")
			for _, want := range []string{`name: "Ван Лэй"`, "citizenship: CN", "basis: permit", "KZ-47", "KZ-23"} {
				if !strings.Contains(exp, want) {
					t.Errorf("export lacks %q:\n%s", want, exp)
				}
			}
		})
	}
}

// TestImportDocumentsFiguresAndContracts imports a register, then its
// workers' documents, monthly figures and contracts with customers as
// files named in Russian and Kazakh: each employer's line says what
// changed, in the command's language, and the same files again change
// nothing.
func TestImportDocumentsFiguresAndContracts(t *testing.T) {
	data := tenantData(t, "T")
	register := writeFile(t, "тізілім.csv", kazakhRegister)
	if code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", register); code != 0 {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	docs := writeFile(t, "документы.csv", "БИН;Табельный номер;Вид документа;Номер документа;Дата выдачи;Срок действия\n"+
		"940140000385;001;Паспорт;E12345678;01.03.2019;28.02.2029\n990140004654;001;Диплом;BSc-7;30.06.2008;\n990140004654;002;справка с места работы;17;20.01.2026;\n")
	figures := writeFile(t, "көрсеткіштер.csv", "БСН;Есепті ай;Оқытылған ҚР азаматтары;Жұмыс істейтін ҚР азаматтары;Құрылған жұмыс орындары\n"+
		"990140004654;ақпан 2026;3;120;2\n")
	contracts := writeFile(t, "contracts.csv", "BIN,Customer,Contract number,Contract date,Region\n990140004654,ТОО «Тенгиз»,Д-1,2025-12-01,Атырау облысы\n")
	code, out, errs := run(t, "", "import", "--data", data, "--tenant", "T", "--dry-run", "--lang", "ru", docs, figures, contracts)
	for _, want := range []string{
		"работодатель 940140000385: добавлен 1 документ\n",
		"работодатель 990140004654: добавлено 2 документа, добавлены показатели за 1 месяц, добавлен 1 договор\n",
	} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("dry run: exit %d, want %q\n%s%s", code, want, out, errs)
		}
	}
	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "T", docs, figures, contracts)
	if code != 0 || !strings.Contains(out, "employer 990140004654: 2 documents added, 1 month of figures added, 1 contract added\n") || !strings.Contains(out, "imported 2 employers") {
		t.Fatalf("import: exit %d\n%s%s", code, out, errs)
	}
	_, exp, _ := run(t, "", "export", "--data", data, "--tenant", "T", "--employer", "990140004654")
	for _, want := range []string{"BSc-7", "employment_certificate", "Тенгиз", "2026-02"} {
		if !strings.Contains(exp, want) {
			t.Errorf("export lacks %q:\n%s", want, exp)
		}
	}
	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "T", docs, figures, contracts)
	if code != 0 || !strings.Contains(out, "nothing changed") || strings.Contains(out, "employer ") {
		t.Fatalf("again: exit %d\n%s%s", code, out, errs)
	}
}
