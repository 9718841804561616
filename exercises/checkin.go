package exercises

import "sort"

// CheckInRound returns the check-in answers in the order they were given,
// each with its author, ready to be shown as the round. Empty answers and
// items other than the prompt are left out.
func CheckInRound(responses []Response) []Response {
	var out []Response
	for _, r := range responses {
		if r.Item == 0 && r.Answer.Text != "" {
			out = append(out, r)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Answer.At.Before(out[j].Answer.At) })
	return out
}
