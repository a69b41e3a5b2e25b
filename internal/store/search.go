package store

import (
	"context"
	"database/sql"
	"strings"
)

// foldSearch is text as the employers search compares it: lower case in
// every script (Unicode case folding of Cyrillic, Kazakh and Latin
// letters alike), ё as е, spaces collapsed. The same in Go for both engines,
// since SQLite folds only ASCII.
func foldSearch(s string) string {
	s = strings.ToLower(strings.Join(strings.Fields(s), " "))
	return strings.ReplaceAll(s, "ё", "е")
}

// searchText is what an employer's search column holds.
func searchText(name, bin string) string { return foldSearch(name) + " " + bin }

// fillSearch gives the employers written before the search column existed
// theirs (see migration 00007). It does nothing once every row has one.
func (db *DB) fillSearch(ctx context.Context) error {
	return db.write(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, name, bin FROM employers WHERE search IS NULL`)
		if err != nil {
			return db.dbError(err, "read employers to index")
		}
		type row struct {
			id        int64
			name, bin string
		}
		var todo []row
		for rows.Next() {
			var r row
			if err := rows.Scan(&r.id, &r.name, &r.bin); err != nil {
				rows.Close()
				return db.dbError(err, "read employers to index")
			}
			todo = append(todo, r)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return db.dbError(err, "read employers to index")
		}
		for _, r := range todo {
			if _, err := tx.ExecContext(ctx, `UPDATE employers SET search = $2 WHERE id = $1`, r.id, searchText(r.name, r.bin)); err != nil {
				return db.dbError(err, "index employer "+r.bin)
			}
		}
		return nil
	})
}
