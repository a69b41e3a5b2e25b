package bulk

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding/charmap"
)

// TestWindows1251IsToldFromOtherText expects Windows-1251 to be told by
// Cyrillic words of bytes above 0x7F, and nothing else taken for it: UTF-8
// (a character cut at the end of the top included), Latin-1 and binary.
func TestWindows1251IsToldFromOtherText(t *testing.T) {
	cp1251 := func(s string) []byte {
		b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	latin1, _ := charmap.ISO8859_1.NewEncoder().Bytes([]byte("name;city\nMüller;Köln\nGarcía;Málaga\n"))
	utf8cut := []byte(strings.Repeat("Иванов;", 10))
	utf8cut = utf8cut[:len(utf8cut)-2] // "в" cut in two
	for _, c := range []struct {
		name string
		head []byte
		want bool
	}{
		{"windows-1251", cp1251("Табельный номер;ФИО;Гражданство\n001;Иванов Иван;Китай\n"), true},
		{"windows-1251 with № and «»", cp1251("№ п/п;Работодатель\n1;ТОО «Степь»\n"), true},
		{"utf-8", []byte("Табельный номер;ФИО\n001;Иванов\n"), false},
		{"utf-8 cut at the end", utf8cut, false},
		{"ascii", []byte("id;name\n1;Li Wei\n"), false},
		{"latin-1", latin1, false},
		{"binary", []byte{0x00, 0x81, 0xFF, 0x10, 0x83}, false},
	} {
		if got := windows1251(c.head); got != c.want {
			t.Errorf("%s: windows1251 = %v, want %v", c.name, got, c.want)
		}
	}
}
