package workcal

import (
	_ "embed"
	"sync"
)

// kurbanAit is the name of the first day of Kurban Ait.
const kurbanAit = "Kurban Ait"

//go:embed data/names.yaml
var namesYAML []byte

// translations are a name or title in Kazakh and Russian.
type translations struct {
	KK string `yaml:"kk"`
	RU string `yaml:"ru"`
}

type nameTables struct {
	Names  map[string]translations `yaml:"names"`
	Titles map[string]translations `yaml:"titles"`
}

var (
	namesOnce sync.Once
	names     nameTables
)

func loadNames() *nameTables {
	namesOnce.Do(func() {
		if err := decodeStrict(namesYAML, &names); err != nil {
			panic("workcal: data/names.yaml: " + err.Error())
		}
	})
	return &names
}

// HolidayName returns a holiday's name, as the calendar files write it in
// English (Day.Holidays), in Kazakh (lang "kk") or Russian ("ru"); in
// English, or when the name is not in data/names.yaml, it returns name.
func HolidayName(name, lang string) string {
	return pick(loadNames().Names[name], name, lang)
}

// SourceTitle returns a source's title (Source.Title) in Kazakh or
// Russian, as HolidayName does a name.
func SourceTitle(title, lang string) string {
	return pick(loadNames().Titles[title], title, lang)
}

func pick(t translations, en, lang string) string {
	switch {
	case lang == "kk" && t.KK != "":
		return t.KK
	case lang == "ru" && t.RU != "":
		return t.RU
	}
	return en
}
