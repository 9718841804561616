package exercises

// Counted names what progress counts in a phase of an activity, with the
// words the presenter, the projector and `workshop show` say it in. An
// exercise that counts something new declares its own.
type Counted struct {
	Verb     string // what a person who is done did: "answered"
	Headline string // the projector's headline, with the done and total counts
}

// What the exercises so far ask of each participant in a phase.
var (
	CountsAnswers = Counted{Verb: "answered", Headline: "Waiting for answers: %d of %d"}             // answers to the activity's items
	CountsCards   = Counted{Verb: "wrote cards", Headline: "Cards on the wall from %d of %d people"} // a card on the wall
	CountsRatings = Counted{Verb: "done rating", Headline: "Rating: %d of %d people done"}           // a rating (or a skip) of every card on the wall
)

// Progress is how far each participant is with what the current phase of
// an activity asks of them ("given / asked"). It is the one count of who
// has finished that the presenter, the projector, `workshop show` and the
// report all show, so they can never disagree.
type Progress struct {
	Counts Counted
	// Asked is what one person gives to be done: the items, one card, or
	// every live card. Nobody is done when it is 0.
	Asked int
	// given counts what a person gave; nil counts nothing.
	given func(id string) int
}

// NewProgress is progress that counts a person's input with given.
func NewProgress(counts Counted, asked int, given func(id string) int) Progress {
	return Progress{Counts: counts, Asked: asked, given: given}
}

// Given returns how much the person has given of what is asked.
func (p Progress) Given(id string) int {
	if p.given == nil {
		return 0
	}
	return p.given(id)
}

// Done reports whether the person gave everything asked.
func (p Progress) Done(id string) bool { return p.Asked > 0 && p.Given(id) >= p.Asked }

// Tally counts the people who gave everything asked, and their share of all.
func (p Progress) Tally(people []Person) (done int, share float64) {
	for _, q := range people {
		if p.Done(q.ID) {
			done++
		}
	}
	if len(people) > 0 {
		share = float64(done) / float64(len(people))
	}
	return done, share
}
