package app_test

import (
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/ruqsat/ruqsat/internal/app"
	"github.com/ruqsat/ruqsat/internal/bulk"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/testdb"
)

func csvFile(name, text string) app.ImportFile {
	return app.ImportFile{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(strings.NewReader(text)), nil }}
}

// TestImportFiles: the import's policy and versions, as both doors run
// it: a viewer may not; a limited editor neither reaches another employer
// nor creates one; a dry run stores nothing and reports the versions it
// read, and a write on them after a change made meanwhile is a conflict.
func TestImportFiles(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		a := f.a
		bin := f.bins[0]
		worker := "bin,id,name,citizenship,basis,category,start\n%s,imp1,Ann Lee,GB,permit,3,2025-03-01\n"
		file := func(b string) []app.ImportFile {
			return []app.ImportFile{csvFile("workers.csv", strings.Replace(worker, "%s", b, 1))}
		}

		_, err := a.ImportFiles(ctx, f.viewer, file(bin), app.ImportOptions{DryRun: true})
		wantCode(t, "viewer imports", err, domain.EFORBIDDEN)

		for _, b := range []string{f.bins[1], "940140000385"} {
			rep, err := a.ImportFiles(ctx, f.limit, file(b), app.ImportOptions{Size: domain.SizeSmall})
			if err != nil {
				t.Fatal(err)
			}
			if !rep.Failed() || rep.Stored || !strings.Contains(rep.Problems[0].Msg, b) {
				t.Errorf("a limited editor imports into %s: %+v", b, rep)
			}
		}
		if _, _, err := f.db.EmployerRecords(ctx, f.owner.TenantID, "940140000385"); domain.ErrorCode(err) != domain.ENOTFOUND {
			t.Errorf("a limited editor created an employer: %v", err)
		}

		_, v0, err := a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		dry, err := a.ImportFiles(ctx, f.owner, file(bin), app.ImportOptions{DryRun: true})
		if err != nil || dry.Failed() || dry.Stored || len(dry.Employers) != 1 || dry.Employers[0].Changes.WorkersAdded != 1 || dry.Versions[bin] != v0 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		if len(dry.Sources) != 1 || dry.Sources[0].Kind != "workers" {
			t.Errorf("sources: %+v", dry.Sources)
		}
		if _, v, _ := a.Records(ctx, f.owner, bin); v != v0 {
			t.Fatal("the dry run stored something")
		}
		if _, err := a.UpdateEmployer(ctx, f.owner, bin, v0, func(e *domain.Employer) error { e.Name += " 2"; return nil }); err != nil {
			t.Fatal(err)
		}
		_, err = a.ImportFiles(ctx, f.owner, file(bin), app.ImportOptions{Versions: dry.Versions})
		wantCode(t, "commit after a change", err, domain.ECONFLICT)

		rep, err := a.ImportFiles(ctx, f.owner, file(bin), app.ImportOptions{})
		if err != nil || !rep.Stored {
			t.Fatalf("import: %+v %v", rep, err)
		}
		again, err := a.ImportFiles(ctx, f.owner, file(bin), app.ImportOptions{})
		if err != nil || again.Stored || len(again.Employers) != 0 {
			t.Errorf("the same file again: %+v %v", again, err)
		}
	})
}

// TestImportDocumentsFiguresAndContracts: tables of workers' documents,
// monthly figures and contracts with customers merge into an employer's
// stored records; the report counts what they change, and the same files
// again change nothing.
func TestImportDocumentsFiguresAndContracts(t *testing.T) {
	testdb.Run(t, func(t *testing.T, url string) {
		f := newFixture(t, url)
		ctx := context.Background()
		bin := f.bins[0]
		rec, _, err := f.a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		id := rec.Workers[0].ID
		files := []app.ImportFile{
			csvFile("документы.csv", "Табельный номер;Вид документа;Номер документа;Дата выдачи;Срок действия\n"+id+";паспорт;P-77;01.02.2020;31.01.2030\n"+id+";диплом;D-1;30.06.2010;\n"),
			csvFile("көрсеткіштер.csv", "Есепті ай;Оқытылған ҚР азаматтары;Жұмыс істейтін ҚР азаматтары\nқараша 2025;2;140\nжелтоқсан 2025;1;141\n"),
			csvFile("contracts.csv", "customer,number,date,region\nТОО «Заказчик»,Д-9,2025-10-01,KZ-23\n"),
		}
		dry, err := f.a.ImportFiles(ctx, f.owner, files, app.ImportOptions{BIN: bin, DryRun: true})
		if err != nil || dry.Failed() || len(dry.Employers) != 1 {
			t.Fatalf("dry run: %+v %v", dry, err)
		}
		want := bulk.Changes{DocumentsAdded: 2, FiguresAdded: 2, ContractsAdded: 1}
		if dry.Changes != want || dry.Employers[0].Changes != want {
			t.Errorf("changes %+v, %+v; want %+v", dry.Changes, dry.Employers[0].Changes, want)
		}
		var kinds []bulk.Kind
		for _, s := range dry.Sources {
			kinds = append(kinds, s.Kind)
		}
		if !slices.Equal(kinds, []bulk.Kind{bulk.Documents, bulk.Figures, bulk.Contracts}) {
			t.Errorf("read as %v", kinds)
		}
		rep, err := f.a.ImportFiles(ctx, f.owner, files, app.ImportOptions{BIN: bin})
		if err != nil || !rep.Stored {
			t.Fatalf("import: %+v %v", rep, err)
		}
		got, _, err := f.a.Records(ctx, f.owner, bin)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.MonthlyFigures) != len(rec.MonthlyFigures)+2 || len(got.QuotaContracts) != len(rec.QuotaContracts)+1 || len(got.Workers[0].Documents) != len(rec.Workers[0].Documents)+2 {
			t.Errorf("stored: %d figures, %d contracts, %d documents", len(got.MonthlyFigures), len(got.QuotaContracts), len(got.Workers[0].Documents))
		}
		again, err := f.a.ImportFiles(ctx, f.owner, files, app.ImportOptions{BIN: bin})
		if err != nil || again.Stored || len(again.Employers) != 0 || !again.Changes.None() {
			t.Errorf("the same files again: %+v %v", again, err)
		}
	})
}
