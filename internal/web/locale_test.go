package web_test

import (
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"github.com/ruqsat/ruqsat/internal/web"
)

// pluralForms are the CLDR plural forms each language's messages with a
// count must have.
var pluralForms = map[string][]string{
	"en": {"one", "other"},
	"kk": {"one", "other"},
	"ru": {"few", "many", "one", "other"},
}

// dynamicIDs are the message ids the code makes from a value: every one of
// them must exist.
var dynamicIDs = []string{
	"severity_violation", "severity_warning", "severity_due", "severity_info",
	"sevgroup_violation", "sevgroup_warning", "sevgroup_due", "sevgroup_info",
	"status_open", "status_done", "status_late", "status_missed",
	"size_small", "size_medium", "size_large",
	"confidence_H", "confidence_M", "confidence_L",
	"category_1", "category_2", "category_3", "category_4", "category_seasonal",
	"article_86", "article_98", "article_518", "article_519",
	"f_staff_kz_1", "f_staff_kz_2", "f_staff_kz_3", "f_staff_kz_4",
	"action_notice", "action_submit", "action_register", "action_extend",
	"audit_create", "audit_update", "audit_replace", "audit_delete",
	"view_overdue", "view_week",
	"sort_name", "sort_overdue", "sort_due", "sort_violations", "sort_exposure",
}

func init() {
	// The record kinds' titles and buttons (kind_, new_, add_, delete_).
	for _, name := range web.KindNames() {
		dynamicIDs = append(dynamicIDs, "kind_"+name, "new_"+name)
		if name != "employer" {
			dynamicIDs = append(dynamicIDs, "add_"+name, "delete_"+name)
		}
	}
}

var placeholderRE = regexp.MustCompile(`\{\{\s*\.(\w+)\s*\}\}`)

func loadMessages(t *testing.T, lang string) map[string]any {
	t.Helper()
	m := map[string]any{}
	files := web.LocaleFiles(os.DirFS("."), lang)
	if len(files) == 0 {
		t.Fatalf("no message files for %s", lang)
	}
	for _, name := range files {
		data, err := os.ReadFile(filepath.FromSlash(name))
		if err != nil {
			t.Fatal(err)
		}
		var part map[string]any
		if err := yaml.Unmarshal(data, &part); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for k, v := range part {
			if _, dup := m[k]; dup {
				t.Errorf("%s: %s is in another file too", name, k)
			}
			m[k] = v
		}
	}
	return m
}

// placeholders returns the sorted names of a message's placeholders, over
// all its plural forms.
func placeholders(msg any) []string {
	set := map[string]bool{}
	add := func(s string) {
		for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
			set[m[1]] = true
		}
	}
	switch v := msg.(type) {
	case string:
		add(v)
	case map[string]any:
		for _, s := range v {
			if s, ok := s.(string); ok {
				add(s)
			}
		}
	}
	return slices.Sorted(maps.Keys(set))
}

func TestMessagesCompleteInEveryLanguage(t *testing.T) {
	msgs := map[string]map[string]any{}
	for lang := range pluralForms {
		msgs[lang] = loadMessages(t, lang)
	}
	en := msgs["en"]
	for lang, m := range msgs {
		for id := range en {
			if _, ok := m[id]; !ok {
				t.Errorf("%s.yaml lacks %s", lang, id)
			}
		}
		for id, msg := range m {
			if _, ok := en[id]; !ok {
				t.Errorf("%s.yaml has %s, which en.yaml has not", lang, id)
			}
			switch v := msg.(type) {
			case string:
				if strings.TrimSpace(v) == "" {
					t.Errorf("%s.yaml: %s is empty", lang, id)
				}
				if _, plural := en[id].(map[string]any); plural {
					t.Errorf("%s.yaml: %s has no plural forms, but en.yaml has", lang, id)
				}
			case map[string]any:
				forms := slices.Sorted(maps.Keys(v))
				if !slices.Equal(forms, pluralForms[lang]) {
					t.Errorf("%s.yaml: %s has the plural forms %v, want %v", lang, id, forms, pluralForms[lang])
				}
				for form, s := range v {
					if s, ok := s.(string); !ok || strings.TrimSpace(s) == "" {
						t.Errorf("%s.yaml: %s.%s is not a text", lang, id, form)
					}
				}
				if !slices.Contains(placeholders(v), "Count") {
					t.Errorf("%s.yaml: %s has plural forms but no {{.Count}}", lang, id)
				}
			default:
				t.Errorf("%s.yaml: %s is a %T, want a text or plural forms", lang, id, msg)
			}
			if got, want := placeholders(msg), placeholders(en[id]); !slices.Equal(got, want) {
				t.Errorf("%s.yaml: %s has the placeholders %v, en.yaml %v", lang, id, got, want)
			}
		}
	}
}

// usedIDRE finds the message ids the templates and the Go code name:
// .T "id" in templates, .S("id", ...) and .T("id", ...) in Go, and a record
// form's labels, hints and unreadable-value messages (forms.go).
var usedIDRE = regexp.MustCompile(`\.T "(\w+)"|\.[ST]\("(\w+)"[,)]|(?:Label|Hint): "(\w+)"|(?:Field|textArea)\("[\w.]+", "(\w+)"|"(form_\w+)"`)

func TestMessagesUsedExist(t *testing.T) {
	en := loadMessages(t, "en")
	files, err := filepath.Glob("templates/*.html")
	if err != nil {
		t.Fatal(err)
	}
	gofiles, _ := filepath.Glob("*.go")
	used := map[string]bool{}
	for _, id := range dynamicIDs {
		used[id] = true
	}
	for _, name := range append(files, gofiles...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range usedIDRE.FindAllStringSubmatch(string(data), -1) {
			used[strings.Join(m[1:], "")] = true
		}
	}
	if len(used) < 50 {
		t.Fatalf("found only %d message ids in the templates and code: is the pattern still right?", len(used))
	}
	var missing, unused []string
	for id := range used {
		if _, ok := en[id]; !ok {
			missing = append(missing, id)
		}
	}
	for id := range en {
		if !used[id] {
			unused = append(unused, id)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	if len(missing) > 0 {
		t.Errorf("message ids used but not in the message files: %v", missing)
	}
	if len(unused) > 0 {
		t.Errorf("message ids in the files that nothing uses: %v", unused)
	}
}
