package domain

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"strconv"
)

// Facts are what a rule counted or compared to reach a finding, such as
// {"days": 92, "limit": 90}. They are a slice rather than a map because an
// evaluation makes millions of them: one allocation each, values unboxed.
// JSON writes them as an object with sorted keys.
type Facts []Fact

// Fact is one named value: an integer, a decimal, a boolean, a date, a string
// or a list of strings.
type Fact struct {
	Key  string
	str  string
	num  int64 // ints, booleans, dates, and decimals as their IEEE 754 bits
	list *[]string
	kind factKind
}

type factKind uint8

const (
	factInt factKind = iota
	factDecimal
	factBool
	factDate
	factString
	factList
)

// Int, Decimal, Bool, DateFact, String and List make facts.
func Int(key string, n int) Fact { return Fact{Key: key, kind: factInt, num: int64(n)} }
func Decimal(key string, x float64) Fact {
	return Fact{Key: key, kind: factDecimal, num: int64(math.Float64bits(x))}
}
func DateFact(key string, d Date) Fact     { return Fact{Key: key, kind: factDate, num: int64(d)} }
func String(key, s string) Fact            { return Fact{Key: key, kind: factString, str: s} }
func List(key string, items []string) Fact { return Fact{Key: key, kind: factList, list: &items} }
func Bool(key string, b bool) Fact {
	f := Fact{Key: key, kind: factBool}
	if b {
		f.num = 1
	}
	return f
}

// Value returns the fact's value as int, float64, bool, string (dates as
// YYYY-MM-DD) or []string.
func (f Fact) Value() any {
	switch f.kind {
	case factInt:
		return int(f.num)
	case factDecimal:
		return math.Float64frombits(uint64(f.num))
	case factBool:
		return f.num != 0
	case factDate:
		return Date(f.num).String()
	case factString:
		return f.str
	}
	return *f.list
}

// Get returns the value of the fact called key (see Fact.Value), or nil.
func (fs Facts) Get(key string) any {
	for _, f := range fs {
		if f.Key == key {
			return f.Value()
		}
	}
	return nil
}

// Has reports whether a fact is called key.
func (fs Facts) Has(key string) bool {
	for _, f := range fs {
		if f.Key == key {
			return true
		}
	}
	return false
}

// Sorted returns the facts ordered by key (a copy).
func (fs Facts) Sorted() Facts {
	s := slices.Clone(fs)
	slices.SortStableFunc(s, func(a, b Fact) int {
		switch {
		case a.Key < b.Key:
			return -1
		case a.Key > b.Key:
			return 1
		}
		return 0
	})
	return s
}

// MarshalJSON writes the facts as one JSON object with sorted keys.
func (fs Facts) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 16+24*len(fs))
	b = append(b, '{')
	for i, f := range fs.Sorted() {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendQuote(b, f.Key)
		b = append(b, ':')
		switch f.kind {
		case factInt:
			b = strconv.AppendInt(b, f.num, 10)
		case factDecimal:
			b = strconv.AppendFloat(b, math.Float64frombits(uint64(f.num)), 'f', -1, 64)
		case factBool:
			b = strconv.AppendBool(b, f.num != 0)
		case factDate:
			b = append(b, '"')
			b, _ = Date(f.num).AppendText(b)
			b = append(b, '"')
		case factString:
			s, err := json.Marshal(f.str)
			if err != nil {
				return nil, err
			}
			b = append(b, s...)
		case factList:
			items := *f.list
			if items == nil {
				items = []string{}
			}
			s, err := json.Marshal(items)
			if err != nil {
				return nil, err
			}
			b = append(b, s...)
		}
	}
	return append(b, '}'), nil
}

// UnmarshalJSON reads an object of facts back: numbers with a fraction become
// decimals, whole numbers ints, strings in date form dates.
func (fs *Facts) UnmarshalJSON(data []byte) error {
	var m map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		return err
	}
	out := make(Facts, 0, len(m))
	for k, raw := range m {
		var v any
		d := json.NewDecoder(bytes.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&v); err != nil {
			return err
		}
		switch v := v.(type) {
		case json.Number:
			if n, err := v.Int64(); err == nil {
				out = append(out, Int(k, int(n)))
			} else if x, err := v.Float64(); err == nil {
				out = append(out, Decimal(k, x))
			}
		case bool:
			out = append(out, Bool(k, v))
		case string:
			if d, err := ParseDate(v); err == nil {
				out = append(out, DateFact(k, d))
			} else {
				out = append(out, String(k, v))
			}
		case []any:
			items := make([]string, 0, len(v))
			for _, it := range v {
				s, _ := it.(string)
				items = append(items, s)
			}
			out = append(out, List(k, items))
		}
	}
	*fs = out.Sorted()
	return nil
}
