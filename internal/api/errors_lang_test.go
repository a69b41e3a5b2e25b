package api_test

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestErrorsInRequestLanguage: the application's own messages in a 404,
// 403 or 400 answer are in the request's language; English stays the
// default.
func TestErrorsInRequestLanguage(t *testing.T) {
	onEngines(t, func(t *testing.T, f *fixture) {
		for _, c := range []struct {
			path, token string
			status      int
			want        string
		}{
			{"/api/v1/employers/" + f.binB + "/findings?lang=ru", f.tokenA, 404, "работодатель с БИН " + f.binB + " не найден"},
			{"/api/v1/employers/" + f.binB + "/findings?lang=kk", f.tokenA, 404, "БСН " + f.binB + " жұмыс беруші табылмады"},
			{"/api/v1/employers/" + f.binB + "/findings", f.tokenA, 404, "no employer with BIN " + f.binB},
			{"/api/v1/users?lang=ru", f.viewA, 403, "вашей роли (viewer) это действие не разрешено"},
			{"/api/v1/employers/" + f.binA + "/findings?as_of=1900-01-01&lang=ru", f.tokenA, 400, "дата проверки 1900-01-01 вне допустимого диапазона"},
		} {
			r := f.do("GET", c.path, c.token, nil)
			var body struct{ Detail string }
			if err := json.Unmarshal(r.body, &body); err != nil {
				t.Fatalf("%s: %v: %s", c.path, err, r.body)
			}
			if r.status != c.status || !strings.Contains(body.Detail, c.want) {
				t.Errorf("%s: %d %q, want %d with %q", c.path, r.status, body.Detail, c.status, c.want)
			}
		}
		for _, c := range []struct {
			body   string
			status int
			want   string
		}{
			{`{"current":"` + password + `","new":"short"}`, 400, "пароль должен содержать не менее"},
			{`{"current":"wrong horse battery staple","new":"a much longer new password"}`, 403, "текущий пароль указан неверно"},
		} {
			r := f.do("PUT", "/api/v1/me/password?lang=ru", f.tokenA, []byte(c.body))
			var body struct{ Detail string }
			json.Unmarshal(r.body, &body)
			if r.status != c.status || !strings.Contains(body.Detail, c.want) {
				t.Errorf("PUT /api/v1/me/password %s: %d %s, want %d with %q", c.body, r.status, r.body, c.status, c.want)
			}
		}
	})
}
