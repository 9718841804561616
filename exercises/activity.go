package exercises

import "fmt"

// DefaultStatements are the willingness check's statements, from the
// practice of building inter-organisational partnerships.
var DefaultStatements = []string{
	"Our mission resonates with this goal",
	"We know our parameters for engaging",
	"We see clear value for us",
	"We believe this can be executed",
	"We can commit time and resources for years",
	"We bring resources of our own",
	"We are willing to take some risk and give up some control",
	"We have the capacity to work across organisations",
	"We are ready to commit now",
}

// NewActivity returns an activity of kind k with its default settings.
// It returns an ENotFound error for an unknown kind.
func NewActivity(k Kind) (Activity, error) {
	switch k {
	case CheckIn:
		return Activity{
			Kind:      CheckIn,
			Title:     "Check-in",
			Prompt:    "In one sentence: what do you hope this partnership will change?",
			Anonymity: Named,
		}, nil
	case Willingness:
		return Activity{
			Kind:       Willingness,
			Title:      "Willingness check",
			Prompt:     "How ready and willing is your organisation? 0 = I block, 5 = I will champion it.",
			Statements: append([]string(nil), DefaultStatements...),
			Anonymity:  Named,
		}, nil
	case Assumptions:
		return Activity{
			Kind:       Assumptions,
			Title:      "Assumption mapping",
			Prompt:     "We believe that ... Write one assumption about the system per card.",
			Categories: append([]string(nil), DefaultCategories...),
			Anonymity:  Named,
		}, nil
	}
	return Activity{}, Errorf(ENotFound, "unknown exercise %q (known: %v)", k, Kinds())
}

// Phases returns the phases of an exercise in order. The slice is shared
// by every caller and must not be modified: every screen of every
// participant asks for it, and a fresh copy each time was 8% of what a
// thousand screens allocated per change.
func Phases(k Kind) []PhaseSpec { return phasesOf[k] }

// Assumption mapping's phases, by their stable names: what the screens and
// progress ask of a phase goes by its name, never by its position.
const (
	PhaseCollect = "collect"
	PhaseGroup   = "group"
	PhaseRate    = "rate"
	PhaseMap     = "map"
	PhasePlan    = "plan"
)

// phasesOf declares each exercise's phases.
var phasesOf = map[Kind][]PhaseSpec{
	CheckIn: {
		{Name: "answer", Title: "Answer", Input: true, Takes: TakesAnswer},
		{Name: "round", Title: "Round", Reveal: true},
	},
	Willingness: {
		{Name: "answer", Title: "Answer", Input: true, Takes: TakesAnswer},
		{Name: "reveal", Title: "Reveal", Reveal: true},
		{Name: "decide", Title: "Decide", Reveal: true, Decide: true},
	},
	Assumptions: {
		// Private writing: others' cards show only as a count until the
		// facilitator reveals the wall.
		{Name: PhaseCollect, Title: "Collect", Input: true, Takes: TakesCard},
		{Name: PhaseGroup, Title: "Group", Reveal: true},
		{Name: PhaseRate, Title: "Rate", Input: true, Takes: TakesRating},
		{Name: PhaseMap, Title: "Map", Reveal: true},
		{Name: PhasePlan, Title: "Plan", Input: true, Takes: TakesAction, Reveal: true},
	},
}

// Items returns how many items a participant answers in this activity:
// one per statement in the willingness check, one in a check-in.
func (a Activity) Items() int {
	switch a.Kind {
	case Willingness:
		return len(a.Statements)
	case CheckIn:
		return 1
	}
	return 0
}

// ItemLabel returns the text of item i, as shown next to its input.
func (a Activity) ItemLabel(i int) string {
	if a.Kind == Willingness && i >= 0 && i < len(a.Statements) {
		return a.Statements[i]
	}
	return a.Prompt
}

// Validate checks an activity's settings, as read from a template, a flag or
// an agenda file. It returns EInvalid errors.
func (a Activity) Validate() error {
	if len(Phases(a.Kind)) == 0 {
		return Errorf(EInvalid, "unknown exercise %q (known: %v)", a.Kind, Kinds())
	}
	switch a.Anonymity {
	case Named, Anonymous, Organisation:
	default:
		return Errorf(EInvalid, "anonymity must be named, anonymous or organisation, not %q", a.Anonymity)
	}
	if a.Kind == Willingness {
		if len(a.Statements) == 0 || len(a.Statements) > 20 {
			return Errorf(EInvalid, "a willingness check needs 1 to 20 statements, not %d", len(a.Statements))
		}
		for i, s := range a.Statements {
			if s == "" || textLen(s) > MaxTextLen {
				return Errorf(EInvalid, "statement %d must have 1 to %d characters", i+1, MaxTextLen)
			}
		}
	}
	if a.Kind == Assumptions {
		if len(a.Categories) > 12 {
			return Errorf(EInvalid, "an assumption map has at most 12 categories, not %d", len(a.Categories))
		}
		for i, c := range a.Categories {
			if c == "" || textLen(c) > MaxNameLen {
				return Errorf(EInvalid, "category %d must have 1 to %d characters", i+1, MaxNameLen)
			}
		}
	}
	if a.TimeBox < 0 {
		return Errorf(EInvalid, "time box must not be negative")
	}
	return nil
}

// ValidateAnswer checks one answer against the activity's rules. The text
// must already be cleaned (CleanText). It returns EInvalid or ENotFound errors.
func (a Activity) ValidateAnswer(item int, ans Answer) error {
	if item < 0 || item >= a.Items() {
		return Errorf(ENotFound, "no item %d in %q", item+1, a.Title)
	}
	if textLen(ans.Text) > MaxTextLen {
		return Errorf(EInvalid, "text is longer than %d characters", MaxTextLen)
	}
	switch a.Kind {
	case Willingness:
		if ans.Value < ScaleMin || ans.Value > ScaleMax {
			return Errorf(EInvalid, "choose a value from %d to %d", ScaleMin, ScaleMax)
		}
	case CheckIn:
		if ans.Text == "" {
			return Errorf(EInvalid, "write an answer before sending it")
		}
	}
	return nil
}

// Fist-to-five scale of the willingness check.
const (
	ScaleMin = 0
	ScaleMax = 5
)

// ScaleLabels names each value of the fist-to-five scale.
var ScaleLabels = [ScaleMax + 1]string{
	"I block",
	"serious concerns",
	"reservations",
	"can live with it",
	"support it",
	"will champion it",
}

// ScaleLabel returns "3 can live with it" style text for a value.
func ScaleLabel(v int) string {
	if v < ScaleMin || v > ScaleMax {
		return fmt.Sprint(v)
	}
	return fmt.Sprintf("%d %s", v, ScaleLabels[v])
}
