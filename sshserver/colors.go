package sshserver

import (
	"strings"

	"github.com/charmbracelet/colorprofile"

	"commonground/internal/memo"
)

// coloredRow is a row of a frame and the colour profile of a terminal it
// is drawn on.
type coloredRow struct {
	row     string
	profile colorprofile.Profile
}

// rowColors converts a row's colours for a terminal's profile once for
// every program that draws it (tea.WithRowColors): in a room, the rows that
// change with a new answer are the same on hundreds of screens of the same
// kind of terminal, and converting one parses all its escape sequences.
var rowColors = memo.New(func(r coloredRow) string {
	var b strings.Builder
	w := colorprofile.Writer{Forward: &b, Profile: r.profile}
	_, _ = w.WriteString(r.row) // a strings.Builder does not fail
	return b.String()
})

// convertRow is tea.WithRowColors' converter.
func convertRow(row string, profile colorprofile.Profile) string {
	return rowColors.Get(coloredRow{row, profile})
}
