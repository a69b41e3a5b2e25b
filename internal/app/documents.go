package app

import (
	"context"

	"github.com/ruqsat/ruqsat/internal/documents"
	"github.com/ruqsat/ruqsat/internal/domain"
	"github.com/ruqsat/ruqsat/internal/i18n"
)

// Document makes the document req asks for of employer bin from its stored
// records, for anyone who may read the employer; every door that makes one
// of a stored employer (the API, the web, `ruqsat doc --employer`) comes
// here. The letter is on the employer's letterhead with its stored logo
// (logo, when not nil, instead: the command line's --logo); the checklist
// says which of the worker's documents carry their scan; the compliance
// report holds the findings on req.AsOf in req.Lang, evaluated on the
// records read here (read once). Errors are those of Records and of
// documents.Make (EINVALID with the missing fields as Problems).
func (a *App) Document(ctx context.Context, u *User, bin string, req documents.Request, logo *documents.Logo) (*documents.Document, error) {
	if err := domain.CheckAsOf(req.AsOf); err != nil {
		return nil, err
	}
	rec, _, err := a.Records(ctx, u, bin)
	if err != nil {
		return nil, err
	}
	in := documents.Input{Records: rec, Logo: logo}
	switch {
	case req.Kind == documents.Letter && logo == nil:
		// The employer is found (its records are read): ENOTFOUND here is
		// an employer without a logo, whose letterhead is text alone.
		switch l, err := a.db.Logo(ctx, u.TenantID, bin); {
		case err == nil:
			in.Logo = &documents.Logo{Data: l.Data, ContentType: l.ContentType}
		case domain.ErrorCode(err) != domain.ENOTFOUND:
			return nil, err
		}
	case req.Kind == documents.Checklist && req.Worker != "":
		if err := text("worker", req.Worker, domain.MaxCodeLen); err != nil {
			return nil, err
		}
		files, err := a.db.Attachments(ctx, u.TenantID, bin, req.Worker)
		if err != nil {
			return nil, err
		}
		in.Scans = make(map[documents.Scan]bool, len(files))
		for _, f := range files {
			in.Scans[documents.Scan{Worker: f.Worker, Kind: domain.DocumentKind(f.Kind), Number: f.Number}] = true
		}
	}
	if req.Kind.NeedsFindings() {
		res := a.engine.Evaluate(rec, req.AsOf)
		res.Render(i18n.For(req.Lang))
		in.Result = &res
	}
	return documents.Make(in, req)
}
