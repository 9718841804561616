package exercises

import "math"

// Round returns x rounded to one decimal, the precision results are shown in.
func Round(x float64) float64 { return math.Round(x*10) / 10 }

// Outcome is the facilitator's decision after a willingness check.
type Outcome string

// Decision outcomes.
const (
	Proceed           Outcome = "proceed"
	ProceedConditions Outcome = "conditions"
	NotYet            Outcome = "not_yet"
)

// Outcomes lists the outcomes in the order they are offered.
func Outcomes() []Outcome { return []Outcome{Proceed, ProceedConditions, NotYet} }

// Label is how an outcome reads in a report.
func (o Outcome) Label() string {
	switch o {
	case Proceed:
		return "Proceed"
	case ProceedConditions:
		return "Proceed with conditions"
	case NotYet:
		return "Not yet"
	}
	return string(o)
}

// Decision is what the facilitator records at the end of a willingness check.
type Decision struct {
	Outcome    Outcome `json:"outcome"`
	Conditions string  `json:"conditions,omitempty"`
}

// Validate checks a decision: a known outcome, and conditions when the
// outcome is "proceed with conditions". It returns EInvalid errors.
func (d Decision) Validate() error {
	switch d.Outcome {
	case Proceed, NotYet:
	case ProceedConditions:
		if d.Conditions == "" {
			return Errorf(EInvalid, "name the conditions for proceeding")
		}
	default:
		return Errorf(EInvalid, "the decision must be proceed, conditions or not_yet, not %q", d.Outcome)
	}
	if TextLen(d.Conditions) > MaxTextLen*4 {
		return Errorf(EInvalid, "conditions are longer than %d characters", MaxTextLen*4)
	}
	return nil
}
