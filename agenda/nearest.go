package agenda

// Nearest returns the word of known nearest to s by edit distance, when it
// is near enough to be what was meant (at most two letters, or a third of them,
// changed, and at least one letter the same); "" otherwise.
func Nearest(s string, known []string) string {
	best, bestD := "", -1
	for _, k := range known {
		d := distance(s, k)
		if bestD < 0 || d < bestD {
			best, bestD = k, d
		}
	}
	if bestD < 0 || bestD > max(len([]rune(best))/3, 2) || bestD >= len([]rune(s)) {
		return ""
	}
	return best
}

// distance is the Levenshtein distance between a and b, in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
