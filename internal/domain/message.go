package domain

// MessageKey names the sentence a finding is told in: a rule and one of its
// cases ("trip.limit/over"). The words are not here: package i18n renders a
// key with the finding's Args in the reader's language. It is a small integer,
// like RuleID, so that a finding stays small and a misspelt key does not
// compile.
type MessageKey uint8

// The message keys, by rule in catalogue order.
const (
	MsgPermitMissing MessageKey = 1 + iota
	MsgPermitExpiringOpen
	MsgPermitExpiringMissed
	MsgTripLimitOver
	MsgTripLimitPlannedOver
	MsgTripLimitApproaching
	MsgTripLimitUsed
	MsgTripNoticeOpen
	MsgTripNoticeDone
	MsgTripNoticeLate
	MsgTripNoticeMissed
	MsgAddressNoticeOpen
	MsgAddressNoticeDone
	MsgAddressNoticeLate
	MsgAddressNoticeMissed
	MsgReportMonthlyOpen
	MsgReportMonthlyDone
	MsgReportMonthlyLateFirst
	MsgReportMonthlyLateRepeat
	MsgReportMonthlyMissedFirst
	MsgReportMonthlyMissedRepeat
	MsgContractNotRequired
	MsgContractOpen
	MsgContractSignedBeforeStart
	MsgContractSignedByStart
	MsgContractMissed
	MsgContractLate
	MsgESUTDOpen
	MsgESUTDDone
	MsgESUTDLate
	MsgESUTDMissed
	MsgVacancyNoDateNoCode
	MsgVacancyNoDate
	MsgVacancyTooEarly
	MsgVacancyNoCode
	MsgIINMissing
	MsgLocalContentNoStaff
	MsgLocalContentBelow
	MsgICTShareOver
	MsgICTTermOver
	MsgICTTermEnding
	MsgPermitRefusalRisk
	MsgQuotaOpen
	MsgQuotaDone
	MsgQuotaLate
	MsgQuotaMissed
	MsgQuotaRisk
)

var messageKeyNames = [...]string{"",
	"permit.missing/engaged",
	"permit.expiring/open",
	"permit.expiring/missed",
	"trip.limit/over",
	"trip.limit/planned_over",
	"trip.limit/approaching",
	"trip.limit/used",
	"trip.notice/open",
	"trip.notice/done",
	"trip.notice/late",
	"trip.notice/missed",
	"address.notice/open",
	"address.notice/done",
	"address.notice/late",
	"address.notice/missed",
	"report.monthly/open",
	"report.monthly/done",
	"report.monthly/late_first",
	"report.monthly/late_repeat",
	"report.monthly/missed_first",
	"report.monthly/missed_repeat",
	"contract.required/not_required",
	"contract.required/open",
	"contract.required/signed_before_start",
	"contract.required/signed_by_start",
	"contract.required/missed",
	"contract.required/late",
	"contract.esutd/open",
	"contract.esutd/done",
	"contract.esutd/late",
	"contract.esutd/missed",
	"vacancy.posting/no_date_no_code",
	"vacancy.posting/no_date",
	"vacancy.posting/too_early",
	"vacancy.posting/no_code",
	"iin.missing/missing",
	"local_content.ratio/no_staff",
	"local_content.ratio/below",
	"ict.share/over",
	"ict.term/over",
	"ict.term/ending",
	"permit.refusal_risk/risk",
	"quota.application/open",
	"quota.application/done",
	"quota.application/late",
	"quota.application/missed",
	"quota.risk/risk",
}

// String returns the key's name ("trip.limit/over"), or "" for the zero
// value and values that name no key.
func (k MessageKey) String() string {
	if int(k) < len(messageKeyNames) {
		return messageKeyNames[k]
	}
	return ""
}

// MessageKeys returns every message key in order.
func MessageKeys() []MessageKey {
	ks := make([]MessageKey, len(messageKeyNames)-1)
	for i := range ks {
		ks[i] = MessageKey(i + 1)
	}
	return ks
}

// Args are the values a finding's message names, typed, in a fixed struct
// rather than a map: an evaluation makes millions of findings. Each message
// uses the fields it needs; what a field holds depends on the message (see
// the catalogues of package i18n, whose placeholders have the same names).
// The finding's Subject is the worker's id, the region or the category the
// message names.
type Args struct {
	Name string // the worker's name
	Code string // codes from the records: the basis, permit numbers, trip regions ("KZ-75, KZ-71")

	Date  Date // the event: a permit's end, a trip's start, a start, a signature, a filing, the month reported on
	Due   Date // the deadline
	Done  Date // when it was done: notified, submitted, signed, registered, posted
	Other Date // a third date: the day the limit is exceeded, the earliest filing date, a window's start

	N    int32 // a count: days, permits, foreign workers, transferees
	Of   int32 // what N is compared with: the limit, the Kazakhstan staff
	M    int32 // a third count: planned engagements, the staff in all
	Year int32

	Share float64 // a share, 0 to 1
	Bound float64 // its minimum or maximum, 0 to 1
}
