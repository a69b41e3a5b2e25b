package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"
)

// cliCodes are what the command line's messages may hold in Latin letters
// in Kazakh and Russian: what a user types as it is typed (flags, their
// values in «», alternatives a|b, environment variables, file names and
// extensions, addresses, the product's name) and the names of formats and
// programs that have no other name.
var cliCodes = regexp.MustCompile(`--?[a-z][a-z0-9-]*|«[^»]*»|\$?RUQSAT_[A-Z_]+|[a-z_]+(\|[a-z_]+)+|\S+\.(csv|yaml|xlsx|db|txt|pdf)\b|https?://\S+|\S+@\S+|postgres://\S*|\bruqsat\b|\b(user|token|audit|tenant) (add|passwd|create|purge|list)\b|\b(evaluate|rules|params|calendar|version|migrate|import|export|backup|serve|user|token|audit|tenant|digest|doc)\b|/healthz|/readyz|/metrics|\b(ok|true|YYYY-MM-DD)\b`)

// englishIn returns the first Latin word of three letters or more in s
// that is none of cliCodes, or "".
func englishIn(s string) string {
	return latinWord.FindString(cliCodes.ReplaceAllString(s, ""))
}

// TestHelpInEveryLanguage: every command's -h lists each of its flags with
// a description from the catalogue, in every language, with no English
// word in Kazakh or Russian, and exits 0; the top-level usage too.
func TestHelpInEveryLanguage(t *testing.T) {
	cmds := [][]string{{"evaluate"}, {"rules"}, {"params"}, {"calendar"}, {"version"}, {"migrate"},
		{"user", "add"}, {"user", "passwd"}, {"token", "create"}, {"import"}, {"export"}, {"backup"},
		{"audit", "purge"}, {"serve"}, {"tenant", "list"}, {"digest"}, {"doc"}}
	for _, lang := range []string{"en", "ru", "kk"} {
		for _, c := range cmds {
			args := append(append([]string{}, c...), "--lang", lang, "-h")
			code, out, errs := run(t, "", args...)
			if code != 0 || out != "" {
				t.Errorf("%v: exit %d, stdout %q", args, code, out)
			}
			if strings.Contains(errs, "cli.") || !strings.Contains(errs, "--lang\n") {
				t.Errorf("%v: a message missing:\n%s", args, errs)
			}
			if lang == "en" {
				continue
			}
			for _, line := range strings.Split(errs, "\n") {
				if w := englishIn(line); w != "" {
					t.Errorf("%v: the English word %q in %q", args, w, line)
				}
			}
		}
		code, _, errs := run(t, "", "help", "--lang", lang)
		if code != 0 || strings.Contains(errs, "cli.") {
			t.Errorf("%s: help: exit %d\n%s", lang, code, errs)
		}
		if lang != "en" {
			if w := englishIn(errs); w != "" {
				t.Errorf("%s: help: the English word %q in\n%s", lang, w, errs)
			}
		}
	}
	if _, _, errs := run(t, "", "help", "--lang", "ru"); !strings.Contains(errs, "Команды:") || !strings.Contains(errs, "проверить файл сценария") {
		t.Errorf("ru help:\n%s", errs)
	}
}

// TestUnknownLanguageEveryCommand: --lang de is a usage error (exit 2) for
// every command, before it does anything; so is RUQSAT_LANG=de.
func TestUnknownLanguageEveryCommand(t *testing.T) {
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		code, out, errs := run(t, "", n, "--lang", "de")
		if code != 2 || out != "" || !strings.Contains(errs, `--lang "de": expected kk, ru or en`) {
			t.Errorf("%s --lang de: exit %d\n%s%s", n, code, out, errs)
		}
		code, _, errs = runEnv(t, map[string]string{"RUQSAT_LANG": "de"}, n)
		if code != 2 || !strings.Contains(errs, `RUQSAT_LANG "de"`) {
			t.Errorf("%s, RUQSAT_LANG=de: exit %d\n%s", n, code, errs)
		}
	}
	// Told in RUQSAT_LANG's language when that one is known.
	if code, _, errs := runEnv(t, map[string]string{"RUQSAT_LANG": "kk"}, "version", "--lang", "xx"); code != 2 || !strings.Contains(errs, "--lang «xx»: «kk», «ru» немесе «en» күтіледі") {
		t.Errorf("kk: exit %d\n%s", code, errs)
	}
}

// TestFlagErrorsInRussian: the flag package's own errors (an unknown flag,
// a missing or bad value) are told in the run's language.
func TestFlagErrorsInRussian(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"calendar", "--lang", "ru", "--colour", "2026"}, "неизвестный флаг --colour; флаги перечислены ниже"},
		{[]string{"serve", "--lang", "ru", "--max-conns", "many"}, "«many» — недопустимое значение --max-conns; ожидается целое число"},
		{[]string{"export", "--lang", "kk", "--tenant"}, "--tenant жалаушасына мән керек"},
	} {
		code, _, errs := run(t, "", c.args...)
		if code != 2 || !strings.Contains(errs, c.want) || strings.Contains(errs, "flag provided") {
			t.Errorf("%v: exit %d\n%s", c.args, code, errs)
		}
	}
}

// TestCalendarInKazakhAndRussian: the calendar's text in Kazakh and
// Russian names the holidays, kinds, weekdays and sources in that language
// (from the calendar's data), with DD.MM.YYYY dates; the ICS's titles too.
func TestCalendarInKazakhAndRussian(t *testing.T) {
	for lang, wants := range map[string][]string{
		"ru": {"Производственный календарь Казахстана на 2026 год", "Статус: проверен", "Рабочих дней: 247",
			"23.03.2026  Пн  праздничный день  Наурыз мейрамы", "24.03.2026  Вт  перенесенный выходной  выходной день, перенесенный с 21.03.2026 (Наурыз мейрамы)",
			"27.05.2026  Ср  Курбан айт  Курбан айт", "Закон Республики Казахстан «О праздниках в Республике Казахстан»", "16.12.2026  Ср  праздничный день  День Независимости"},
		"kk": {"Қазақстанның 2026 жылғы өндірістік күнтізбесі", "Жұмыс күндері: 247", "23.03.2026  Дс  мереке күні  Наурыз мейрамы",
			"09.03.2026  Дс  ауыстырылған демалыс  08.03.2026 күнінен ауыстырылған демалыс күні (Халықаралық әйелдер күні)", "Тәуелсіздік күні"},
	} {
		code, out, errs := run(t, "", "calendar", "--lang", lang, "2026")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, code, errs)
		}
		for _, w := range wants {
			if !strings.Contains(out, w) {
				t.Errorf("%s: lacks %q:\n%s", lang, w, out)
			}
		}
		for _, line := range strings.Split(out, "\n") {
			if w := englishIn(line); w != "" {
				t.Errorf("%s: the English word %q in %q", lang, w, line)
			}
		}
		_, ics, _ := run(t, "", "calendar", "--lang", lang, "--format", "ics", "2030")
		if !strings.Contains(ics, "SUMMARY:Наурыз мейрамы") || strings.Contains(ics, "SUMMARY:Nauryz") {
			t.Errorf("%s: ics:\n%s", lang, ics)
		}
	}
	if code, _, errs := run(t, "", "calendar", "--lang", "kk", "20x6"); code != 2 || !strings.Contains(errs, "«20x6» — жыл емес") {
		t.Errorf("kk, not a year: exit %d\n%s", code, errs)
	}
}

// TestRegistryCommandsInRussianAndKazakh: what user, token, migrate,
// export, backup, audit and import report, and their errors, in the run's
// language.
func TestRegistryCommandsInRussianAndKazakh(t *testing.T) {
	data := t.TempDir()
	check := func(what string, code, want int, got, sub string) {
		t.Helper()
		if code != want || !strings.Contains(got, sub) {
			t.Errorf("%s: exit %d, want %d and %q in:\n%s", what, code, want, sub, got)
		}
		for _, line := range strings.Split(got, "\n") {
			if w := englishIn(line); w != "" {
				t.Errorf("%s: the English word %q in %q", what, w, line)
			}
		}
	}
	code, out, errs := run(t, "", "migrate", "--data", data, "--lang", "ru")
	check("migrate", code, 0, out+errs, "версия схемы ")
	code, out, errs = run(t, "correct-horse-battery\n", "user", "add", "--data", data, "--tenant", "Т", "--email", "a@b.kz", "--role", "owner", "--lang", "ru")
	check("user add", code, 0, out+errs, "пользователь a@b.kz («owner») добавлен в организацию Т")
	code, _, errs = run(t, "short\n", "user", "passwd", "--data", data, "--email", "a@b.kz", "--lang", "kk")
	check("user passwd, a short password", code, 2, errs, "құпиясөз кемінде 12 таңбадан")
	code, _, errs = run(t, "", "user", "passwd", "--data", data, "--email", "nobody@b.kz", "--lang", "ru")
	check("user passwd, no password", code, 2, errs, "укажите пароль на стандартном вводе")
	code, _, errs = run(t, "", "token", "create", "--data", data, "--email", "nobody@b.kz", "--lang", "kk")
	check("token, no user", code, 1, errs, "пайдаланушы табылмады")
	code, _, errs = run(t, "", "user", "add", "--data", data, "--email", "x@b.kz", "--lang", "kk")
	check("user add, no tenant", code, 2, errs, "--tenant және --email міндетті")
	code, _, errs = run(t, "", "export", "--data", data, "--tenant", "Т", "--employer", "940140000385", "--lang", "ru")
	check("export, no employer", code, 1, errs, "работодатель с БИН 940140000385 не найден")
	code, _, errs = run(t, "", "export", "--data", data, "--tenant", "Нет", "--employer", "940140000385", "--lang", "ru")
	check("export, no tenant", code, 1, errs, "нет организации с адресом или именем «Нет»")
	code, out, errs = run(t, "", "audit", "purge", "--data", data, "--lang", "kk")
	check("audit purge", code, 0, out+errs, "жұмыскерлердің жойылған кілттері: 0")
	code, _, errs = run(t, "", "audit", "purge", "--data", data, "--lang", "ru", "--audit-personal-retention", "5w")
	check("audit purge, bad retention", code, 2, errs, "ожидаются годы («5y»)")
	dest := filepath.Join(t.TempDir(), "copy.db")
	code, out, errs = run(t, "", "backup", "--data", data, "--lang", "ru", dest)
	check("backup", code, 0, out+errs, "резервная копия записана в "+dest)
	code, _, errs = run(t, "", "backup", "--data", data, "--lang", "kk", dest)
	check("backup, exists", code, 2, errs, "сақтық көшірме ешқашан файлды қайта жазбайды")

	// import: the summaries, a file not found, an employer without a size.
	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--dry-run", "--lang", "ru", "../../examples/steppe-drilling.yaml")
	check("import --dry-run", code, 0, out+errs, "пробный запуск: был бы импортирован 1 работодатель, работников: ")
	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "kk", "../../examples/steppe-drilling.yaml")
	check("import", code, 0, out+errs, "Т ұйымына 1 жұмыс беруші импортталды")
	code, out, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "ru", "../../examples/steppe-drilling.yaml")
	check("import again", code, 0, out+errs, "ничего не изменилось")
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "ru", "no-such.csv")
	check("import, no file", code, 2, errs, "no-such.csv: нет такого файла или каталога")
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "ru", "список.pdf")
	check("import, a PDF", code, 2, errs, "список.pdf: ожидается файл сценария")
	reg := writeFile(t, "register.csv", "БИН;Табельный номер;ФИО;Гражданство;Основание;Дата приема\n990140004654;w1;Ли Вэй;RU;eaeu;01.02.2026\n")
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "ru", reg)
	check("import, no size", code, 2, errs, "работодателя 990140004654 еще нет в записях, а строки не указывают его размер")
	mapping := writeFile(t, "mapping.yaml", "shoe: Размер обуви\npermits:\n  colour: Цвет\n")
	code, _, errs = run(t, "", "import", "--data", data, "--tenant", "Т", "--lang", "kk", "--mapping", mapping, reg)
	check("import, a bad mapping", code, 2, errs, mapping+":1:1: «shoe» — өріс емес")
	os.Remove(dest)
}

// runEnv runs the command line with an environment.
func runEnv(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	m := &Main{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
		Now:    func() time.Time { return time.Date(2026, 11, 25, 10, 0, 0, 0, time.UTC) },
		Getenv: func(k string) string { return env[k] }}
	code := m.Run(context.Background(), args)
	return code, out.String(), errb.String()
}

// TestParamsInRussianAndKazakh: ruqsat params writes money as a report
// does in the language (4 325 тенге, 85 000 теңге) and the parameters'
// descriptions in it, in text and in JSON.
func TestParamsInRussianAndKazakh(t *testing.T) {
	_, out, _ := run(t, "", "params", "--lang", "ru", "--on", "2026-06-01")
	if !strings.Contains(out, "4\u00a0325\u00a0тенге (с 01.01.2026") || !strings.Contains(out, "85\u00a0000\u00a0тенге") {
		t.Errorf("ru:\n%s", out)
	}
	_, out, _ = run(t, "", "params", "--lang", "kk", "--on", "2026-06-01")
	if !strings.Contains(out, "4\u00a0325\u00a0теңге") {
		t.Errorf("kk:\n%s", out)
	}
	_, out, _ = run(t, "", "params", "--lang", "ru", "--on", "2026-06-01", "--format", "json")
	if !strings.Contains(out, `"description": "Месячный расчетный показатель для штрафов`) || !strings.Contains(out, `"value": "4325"`) {
		t.Errorf("ru json:\n%s", out)
	}
	_, out, _ = run(t, "", "params", "--on", "2026-06-01", "--format", "json")
	if !strings.Contains(out, `"description": "Monthly calculation index used for fines`) {
		t.Errorf("en json:\n%s", out)
	}
}

// TestDatabaseURLInKazakh: a database URL the store cannot read is a usage
// error told in the run's language.
func TestDatabaseURLInKazakh(t *testing.T) {
	code, _, errs := run(t, "", "migrate", "--db", "mysql://x", "--lang", "kk")
	if code != 2 || !strings.Contains(errs, "«mysql://x» дерекқор мекенжайы: «sqlite:ЖОЛ» немесе «postgres://...» күтіледі") {
		t.Errorf("exit %d\n%s", code, errs)
	}
}

// TestParamsFileMissingInRussian: a --params file that cannot be read is a
// usage error in the run's language, for every command that takes one.
func TestParamsFileMissingInRussian(t *testing.T) {
	for _, cmd := range []string{"rules", "params"} {
		code, _, errs := run(t, "", cmd, "--params", "no-such.yaml", "--lang", "ru")
		if code != 2 || !strings.Contains(errs, "no-such.yaml: нет такого файла или каталога") {
			t.Errorf("%s: exit %d\n%s", cmd, code, errs)
		}
	}
}

// TestScenarioSyntaxInRussianAndKazakh: the scenario reader's own messages
// (an unknown key, a BIN written as a number, a date that does not exist)
// are told in the run's language by evaluate and by import.
func TestScenarioSyntaxInRussianAndKazakh(t *testing.T) {
	file := writeFile(t, "bad.yaml", "as_of: 2026-02-30\nemployer:\n  bin: 940140000385\n  size: small\n  colour: red\n")
	code, _, errs := run(t, "", "evaluate", "--lang", "ru", file)
	for _, want := range []string{file + ":1:8: as_of: «2026-02-30» — несуществующая дата", "employer.bin: 940140000385 записано как число", "неизвестный ключ «colour»"} {
		if code != 2 || !strings.Contains(errs, want) {
			t.Errorf("evaluate --lang ru: exit %d, lacks %q:\n%s", code, want, errs)
		}
	}
	code, _, errs = run(t, "", "import", "--data", tenantData(t, "Т"), "--tenant", "Т", "--lang", "kk", file)
	if code != 2 || !strings.Contains(errs, "белгісіз кілт «colour»") {
		t.Errorf("import --lang kk: exit %d\n%s", code, errs)
	}
	for _, line := range strings.Split(errs, "\n") {
		// The path in the file (employer.bin) names its keys as written.
		rest := regexp.MustCompile(`^:\d+:\d+: [a-z_.\[\]0-9]*: `).ReplaceAllString(strings.TrimPrefix(line, file), "")
		if w := englishIn(rest); w != "" {
			t.Errorf("import --lang kk: the English word %q in %q", w, line)
		}
	}
}
