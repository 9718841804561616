package exercises

// Dots is the shared "dot votes" block's rule: each person spends a budget
// of dots on the items, at most PerItem on any one (0: no cap but the
// budget).
type Dots struct {
	Budget  int
	PerItem int
}

// Votes are everyone's dots in an activity, by identity ID and then item.
// Inner maps are replaced, never changed, once published.
type Votes map[string]map[int]int

// Left is how many dots a person has not spent.
func (d Dots) Left(v Votes, person string) int {
	left := d.Budget
	for _, n := range v[person] {
		left -= n
	}
	return left
}

// Check refuses putting n dots on an item, in place of those the person
// has there, beyond the cap or the budget. It returns EInvalid errors that
// say how many the person may still place.
func (d Dots) Check(v Votes, person string, item, n int) error {
	if n < 0 {
		return Errorf(EInvalid, "a dot count cannot be negative")
	}
	if d.PerItem > 0 && n > d.PerItem {
		return Errorf(EInvalid, "at most %d dots on one item", d.PerItem)
	}
	if left := d.Left(v, person) + v[person][item]; n > left {
		return Errorf(EInvalid, "you have %d of your %d dots left to place here", left, d.Budget)
	}
	return nil
}

// With returns the votes with person's dots on item set to n (none when n
// is 0); v is not changed.
func (v Votes) With(person string, item, n int) Votes {
	out := WithInner(v, person, item, n)
	if n == 0 {
		delete(out[person], item)
	}
	return out
}

// Tally is the dots each item got from everyone.
func (v Votes) Tally() map[int]int {
	out := map[int]int{}
	for _, mine := range v {
		for item, n := range mine {
			out[item] += n
		}
	}
	return out
}
