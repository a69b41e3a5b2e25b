package rules

import (
	"github.com/ruqsat/ruqsat/internal/domain"
)

// contractRequired reports whether a worker on basis b needs an employment
// contract: every basis except the head of a branch, intra-corporate transfer,
// the special route and a business visit.
func contractRequired(b domain.Basis) bool {
	switch b {
	case domain.BasisBranchHead, domain.BasisICT, domain.BasisSpecialRoute, domain.BasisBusinessVisit:
		return false
	}
	return true
}

// evalContractRequired: contract.required. A required contract not signed by
// the as-of date, or signed after the engagement's start, is a violation of
// CoAO 86 part 1 on the start date (by business size); a repeat within
// repeat_window_days after a recorded Art. 86 penalty falls under part 2 (an
// earlier unpenalised offence does not make a repeat: see isRepeat). Required and signed by the start, or not required: info. With the
// start after the as-of date: due on the start (info once signed).
func evalContractRequired(c *evalCtx) {
	for _, w := range c.workers {
		f := domain.Finding{Rule: domain.RuleContractRequired, Subject: w.ID, Facts: domain.Facts{},
			Args: domain.Args{Name: w.Name, Code: string(w.Basis), Date: w.Start}}
		var signed domain.Date
		if w.Contract != nil && w.Contract.Signed <= c.asOf {
			signed = w.Contract.Signed
		}
		if !signed.IsZero() {
			f.Facts = append(f.Facts, domain.DateFact("signed", signed))
			f.Args.Done = signed
		}
		switch {
		case !contractRequired(w.Basis):
			f.Severity = domain.SeverityInfo
			f.Facts = append(f.Facts, domain.Bool("required", false))
			f.Key = domain.MsgContractNotRequired
		case w.Start > c.asOf:
			f.Facts = append(f.Facts, domain.Bool("required", true))
			f.Due = w.Start
			if signed.IsZero() {
				f.Severity, f.Status = domain.SeverityDue, domain.StatusOpen
				f.Key = domain.MsgContractOpen
			} else {
				f.Severity, f.Status = domain.SeverityInfo, domain.StatusDone
				f.Key = domain.MsgContractSignedBeforeStart
			}
		case !signed.IsZero() && signed <= w.Start:
			f.Facts = append(f.Facts, domain.Bool("required", true))
			f.Due = w.Start
			f.Severity, f.Status = domain.SeverityInfo, domain.StatusDone
			f.Key = domain.MsgContractSignedByStart
		default:
			f.Facts = append(f.Facts, domain.Bool("required", true))
			f.Due = w.Start
			f.Severity = domain.SeverityViolation
			f.Offence = w.Start
			repeat := c.isRepeat("86", w.Start)
			f.Facts = append(f.Facts, domain.Bool("repeat", repeat))
			part := "1"
			if repeat {
				part = "2"
			}
			f.Fine = c.fine("86", part, true, w.Start)
			if signed.IsZero() {
				f.Status = domain.StatusMissed
				f.Key = domain.MsgContractMissed
			} else {
				f.Status = domain.StatusLate
				f.Key = domain.MsgContractLate
			}
		}
		c.add(f, "86")
	}
}

// evalContractESUTD: contract.esutd. Every recorded contract signed on or
// after contract_esutd_from (1 Sep 2025) is registered in the state contract
// system within contract_esutd_working_days (5) working days after signing.
// No fine is encoded: late or missed is a warning.
func evalContractESUTD(c *evalCtx) {
	for _, w := range c.workers {
		k := w.Contract
		if k == nil || k.Signed.IsZero() || k.Signed > c.asOf || !c.inForce("contract_esutd_from", k.Signed) {
			continue
		}
		n, ok := c.intParam("contract_esutd_working_days", k.Signed)
		if !ok {
			continue
		}
		due, prov := c.addWorkingDays(k.Signed, n)
		st := c.status(due, k.Registered)
		f := domain.Finding{
			Rule:        domain.RuleContractESUTD,
			Subject:     w.ID,
			Period:      k.Signed.String(),
			Status:      st,
			Severity:    severity(st, false),
			Due:         due,
			Provisional: prov,
			Facts:       c.facts(domain.DateFact("signed", k.Signed), domain.Int("working_days", n)),
			Key:         domain.MsgESUTDOpen + domain.MessageKey(st-domain.StatusOpen),
			Args:        domain.Args{Name: w.Name, Date: k.Signed, Due: due},
		}
		switch st {
		case domain.StatusDone:
			f.Facts = append(f.Facts, domain.DateFact("registered", k.Registered))
			f.Args.Done = k.Registered
		case domain.StatusLate:
			f.Offence = due.AddDays(1)
			f.Facts = append(f.Facts, domain.DateFact("registered", k.Registered))
			f.Args.Done = k.Registered
		case domain.StatusMissed:
			f.Offence = due.AddDays(1)
		}
		c.add(f, "")
	}
}
