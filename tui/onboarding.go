package tui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/session"
)

// pinLimit is how many characters the PIN input takes: a PIN such as
// K7WQ-M3XD, with room for the spaces a person may type between groups.
const pinLimit = 12

// guestForm is the keyless participant's first screen.
type guestForm struct {
	pin    lazyInput
	newID  string // a new guest's identity, attached once they noted the PIN
	newPIN string
	busy   bool // a lookup is running
}

func newGuestForm() guestForm {
	return guestForm{pin: newInput("PIN: ", "K7WQ-M3XD", pinLimit)}
}

// guestKey handles the PIN input: Enter looks the PIN up, or creates a new
// guest when the input is empty.
func (m *Model) guestKey(msg tea.KeyPressMsg) tea.Cmd {
	g := &m.guest
	if !key.Matches(msg, m.keys.Form.Submit) {
		return g.pin.Update(msg)
	}
	if g.busy {
		return nil
	}
	pin := strings.TrimSpace(g.pin.Value())
	if pin == "" {
		g.busy = true
		return m.newGuest()
	}
	g.busy = true
	return m.lookupGuest(pin)
}

// handleGuest takes the outcome of a PIN lookup or of a new guest. A
// refusal (a wrong PIN, a limit reached) is shown where the PIN is typed:
// the person can type another, or join as a new guest.
func (m *Model) handleGuest(msg guestMsg) tea.Cmd {
	g := &m.guest
	g.busy = false
	if msg.err == nil {
		g.pin.Clear() // the guest is known: the PIN screen is not shown again
	}
	switch {
	case msg.err == nil && msg.pin != "":
		g.newID, g.newPIN = msg.id, msg.pin
		m.status = status{}
		m.stage = stageGuestPIN
		return nil
	case msg.err == nil:
		m.status = status{}
		m.stage = stageLoading
		return m.attach(msg.id)
	case exercises.ErrorCode(msg.err) == exercises.ENotFound:
		g.pin.Reset()
	}
	m.setError(msg.err)
	return nil
}

func (m *Model) renderGuest() string {
	s, w := m.styles, m.width
	inner := min(w-4, 76)
	body := []string{"", s.Title.Render("Welcome to " + m.snap.Title), ""}
	g := &m.guest
	if m.stage == stageGuestPIN {
		body = append(body,
			s.Text.Render("Your rejoin PIN is ")+s.Emphasis.Render(g.newPIN)+s.Text.Render(" — note it to get back in as yourself."),
			"",
			s.Emphasis.Render(spaced(g.newPIN)),
			"",
		)
		body = append(body, wrap("If you lose the connection, reconnect without a key and type this PIN.", inner, s.Subtle)...)
		body = append(body, "", s.Subtle.Render("Press Enter to continue."))
	} else {
		body = append(body, wrap("You joined without an SSH key. Type your rejoin PIN, or press Enter to join as a new guest.", inner, s.Text)...)
		body = append(body, "", "  "+g.pin.View())
	}
	footer := m.footer(w)
	if m.status.kind == statusError {
		// A refusal here says what to do next: in full under the PIN, not
		// cut to the width of the status line.
		body = append(body, "")
		body = append(body, wrap(glyphError+" "+m.status.text, inner, s.Status.Error)...)
		footer = append([]string{""}, m.helpLines()...)
	}
	return frame(w, m.height, nil, indent(body, 2), footer)
}

// profileForm asks a new participant for their display name and
// organisation.
type profileForm struct {
	inputs [2]lazyInput // name, organisation
	focus  int
	busy   bool // the join is running
	// editing is a participant correcting their name and organisation
	// from the workshop (i): esc goes back to it.
	editing bool
}

func newProfileForm() profileForm {
	return profileForm{inputs: [2]lazyInput{
		newInput("", "how the group will know you", exercises.MaxNameLen),
		newInput("", "your organisation", exercises.MaxNameLen),
	}}
}

// fill puts a known profile into the form, for a retry.
func (f *profileForm) fill(p session.Profile) {
	f.inputs[0].SetValue(p.Name)
	f.inputs[1].SetValue(p.Org)
	f.busy = false
}

func (f *profileForm) focusField(i int) tea.Cmd {
	f.focus = i
	f.blur()
	return f.inputs[i].Focus()
}

func (f *profileForm) blur() {
	for i := range f.inputs {
		f.inputs[i].Blur()
	}
}

// clear lets the inputs go once the person has joined: the form is not
// shown again, and a returning person's was filled for a retry.
func (f *profileForm) clear() {
	f.editing = false
	for i := range f.inputs {
		f.inputs[i].Clear()
	}
}

// profileKey moves through the form; Enter on the last field joins.
func (m *Model) profileKey(msg tea.KeyPressMsg) tea.Cmd {
	f := &m.profile
	last := len(f.inputs) - 1
	switch {
	case f.busy:
		return nil
	case key.Matches(msg, m.keys.Form.Cancel) && f.editing:
		f.clear()
		f.blur()
		m.status = status{}
		return m.resumeWorkshop()
	case key.Matches(msg, m.keys.Form.Submit) && f.focus == last:
		return m.submitProfile()
	case key.Matches(msg, m.keys.Form.Submit), key.Matches(msg, m.keys.Form.Next):
		return f.focusField((f.focus + 1) % len(f.inputs))
	case key.Matches(msg, m.keys.Form.Prev):
		return f.focusField((f.focus + len(f.inputs) - 1) % len(f.inputs))
	}
	return f.inputs[f.focus].Update(msg)
}

// submitProfile checks the form and joins.
func (m *Model) submitProfile() tea.Cmd {
	f := &m.profile
	p := session.Profile{Name: strings.TrimSpace(f.inputs[0].Value()), Org: strings.TrimSpace(f.inputs[1].Value())}
	switch {
	case p.Name == "":
		m.status = status{kind: statusError, text: "Please give a display name."}
		return f.focusField(0)
	case p.Org == "":
		m.status = status{kind: statusError, text: "Please give your organisation."}
		return f.focusField(1)
	}
	f.busy = true
	m.status = status{kind: statusInfo, text: "Joining…"}
	if f.editing {
		m.status = status{kind: statusInfo, text: "Saving…"}
	}
	return m.join(p, true)
}

func (m *Model) renderProfile() string {
	s, w := m.styles, m.width
	inner := min(w-4, 76)
	f := &m.profile
	body := []string{"", s.Title.Render("Welcome to " + m.snap.Title), ""}
	intro := "Tell the group who you are. You do this once: CommonGround remembers it for next time."
	if f.editing {
		intro = "Correct how the group sees you: your display name and organisation. CommonGround remembers them for next time."
	}
	body = append(body, wrap(intro, inner, s.Text)...)
	body = append(body, "")
	labels := [2]string{"Display name", "Organisation"}
	for i := range f.inputs {
		mark := "  "
		label := s.Subtle.Render(fmt.Sprintf("%-13s", labels[i]))
		if i == f.focus {
			mark = s.Title.Render(glyphCursor + " ")
			label = s.Heading.Render(fmt.Sprintf("%-13s", labels[i]))
		}
		body = append(body, mark+label+" "+f.inputs[i].View())
	}
	body = append(body, "")
	next := "Enter or Tab moves to the next field; Enter on the last one joins."
	if f.editing {
		next = "Enter or Tab moves to the next field; Enter on the last one saves, Esc goes back."
	}
	body = append(body, wrap(next, inner, s.Subtle)...)
	return frame(w, m.height, nil, indent(body, 2), m.footer(w))
}

// indent shifts every line right by n cells.
func indent(lines []string, n int) []string {
	pad := strings.Repeat(" ", n)
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = pad + l
	}
	return out
}

// spaced puts a space between the characters of s, so a PIN reads easily.
func spaced(s string) string { return strings.Join(strings.Split(s, ""), " ") }

// plural picks the singular or plural word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// editProfile reopens the profile form for the participant to correct
// their display name and organisation in this workshop.
func editProfile(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	p := m.snap.People[m.id]
	f := &m.profile
	f.fill(session.Profile{Name: p.Name, Org: p.Org})
	f.editing = true
	m.stage = stageProfile
	m.status = status{}
	return f.focusField(0)
}

// resumeWorkshop goes back to the workshop from the profile form, with
// the view as it was left (a draft in it kept).
func (m *Model) resumeWorkshop() tea.Cmd {
	m.stage = stageWorkshop
	return tea.Batch(m.syncActivity(), m.timerBell(), m.scheduleTick())
}
