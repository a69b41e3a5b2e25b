package domain

// Region is a first-level administrative unit of Kazakhstan, coded by
// ISO 3166-2:KZ ("KZ-75" is Almaty city).
type Region string

// RegionInfo names a region in Kazakh, Russian and English.
type RegionInfo struct {
	Code Region
	KK   string
	RU   string
	EN   string
}

// Regions lists the 20 regions in code order.
var Regions = []RegionInfo{
	{"KZ-10", "Абай облысы", "Абайская область", "Abai Region"},
	{"KZ-11", "Ақмола облысы", "Акмолинская область", "Akmola Region"},
	{"KZ-15", "Ақтөбе облысы", "Актюбинская область", "Aktobe Region"},
	{"KZ-19", "Алматы облысы", "Алматинская область", "Almaty Region"},
	{"KZ-23", "Атырау облысы", "Атырауская область", "Atyrau Region"},
	{"KZ-27", "Батыс Қазақстан облысы", "Западно-Казахстанская область", "West Kazakhstan Region"},
	{"KZ-31", "Жамбыл облысы", "Жамбылская область", "Jambyl Region"},
	{"KZ-33", "Жетісу облысы", "Область Жетісу", "Jetisu Region"},
	{"KZ-35", "Қарағанды облысы", "Карагандинская область", "Karaganda Region"},
	{"KZ-39", "Қостанай облысы", "Костанайская область", "Kostanay Region"},
	{"KZ-43", "Қызылорда облысы", "Кызылординская область", "Kyzylorda Region"},
	{"KZ-47", "Маңғыстау облысы", "Мангистауская область", "Mangystau Region"},
	{"KZ-55", "Павлодар облысы", "Павлодарская область", "Pavlodar Region"},
	{"KZ-59", "Солтүстік Қазақстан облысы", "Северо-Казахстанская область", "North Kazakhstan Region"},
	{"KZ-61", "Түркістан облысы", "Туркестанская область", "Turkistan Region"},
	{"KZ-62", "Ұлытау облысы", "Область Улытау", "Ulytau Region"},
	{"KZ-63", "Шығыс Қазақстан облысы", "Восточно-Казахстанская область", "East Kazakhstan Region"},
	{"KZ-71", "Астана қаласы", "город Астана", "Astana (city)"},
	{"KZ-75", "Алматы қаласы", "город Алматы", "Almaty (city)"},
	{"KZ-79", "Шымкент қаласы", "город Шымкент", "Shymkent (city)"},
}

// regionAt maps NN of a code KZ-NN to 1 + the region's index in Regions
// (0: no region): validation looks up every trip's region.
var regionAt = func() (t [100]uint8) {
	for i, ri := range Regions {
		c := string(ri.Code)
		t[int(c[3]-'0')*10+int(c[4]-'0')] = uint8(i + 1)
	}
	return t
}()

// LookupRegion returns the region with code r.
func LookupRegion(r Region) (RegionInfo, bool) {
	if len(r) != 5 || r[0] != 'K' || r[1] != 'Z' || r[2] != '-' || r[3] < '0' || r[3] > '9' || r[4] < '0' || r[4] > '9' {
		return RegionInfo{}, false
	}
	if i := regionAt[int(r[3]-'0')*10+int(r[4]-'0')]; i > 0 {
		return Regions[i-1], true
	}
	return RegionInfo{}, false
}

// Valid reports whether r is one of the 20 regions.
func (r Region) Valid() bool { _, ok := LookupRegion(r); return ok }
