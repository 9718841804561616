package tui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"commonground/exercises"
	"commonground/exercises/funders"
	"commonground/session"
)

// fundersKeys drive funder alignment. Only arrows, Tab and Enter move
// through the funder form: letters type into its name and focus.
var fundersKeys = struct {
	Up, Down, Left, Right key.Binding
	NextField, PrevField  key.Binding
	Add                   key.Binding // adds the funder; in prompts, saves
	Delete, Yes, Cancel   key.Binding
	Edit                  key.Binding
	Value, DontKnow       key.Binding
	AddGoal, EditGoal     key.Binding
	Rename                key.Binding
	RemoveGoal            key.Binding
	Mark, Merge, Hide     key.Binding
	Show                  key.Binding // the next drawing: matrix, grid, relationships
	Propose, Confirm      key.Binding
	Reject, Ask           key.Binding
}{
	Up:         newBinding(keysOf("up"), "↑/↓", "select"),
	Down:       newBinding(keysOf("down"), "↓", "next"),
	Left:       newBinding(keysOf("left"), "←/→", "choose"),
	Right:      newBinding(keysOf("right"), "→", "next choice"),
	NextField:  newBinding(keysOf("tab"), "tab", "next field"),
	PrevField:  newBinding(keysOf("shift+tab"), "shift+tab", "previous field"),
	Add:        newBinding(keysOf("enter"), "enter", "add funder"),
	Delete:     newBinding(keysOf("x"), "x", "delete"),
	Edit:       newBinding(keysOf("e"), "e", "edit"),
	Yes:        newBinding(keysOf("y"), "y", "yes"),
	Cancel:     newBinding(keysOf("esc"), "esc", "cancel"),
	Value:      newBinding(keysOf("0", "1", "2", "3", "4", "5"), "0-5", "rate"),
	DontKnow:   newBinding(keysOf("d"), "d", "don't know"),
	AddGoal:    newBinding(keysOf("g"), "g", "add goal"),
	EditGoal:   newBinding(keysOf("w"), "w", "edit goal"),
	Rename:     newBinding(keysOf("w"), "w", "rename"),
	RemoveGoal: newBinding(keysOf("X"), "X", "remove goal"),
	Mark:       newBinding(keysOf("space"), "space", "mark"),
	Merge:      newBinding(keysOf("m"), "m", "merge marked"),
	Hide:       newBinding(keysOf("h"), "h", "hide/show"),
	Show:       newBinding(keysOf("v"), "v", "matrix/grid/who knows/by org"),
	Propose:    newBinding(keysOf("a"), "a", "propose approach"),
	Confirm:    newBinding(keysOf("c"), "c", "confirm"),
	Reject:     newBinding(keysOf("X"), "X", "reject"),
	Ask:        newBinding(keysOf("1", "2", "3", "4"), "1-4", "ask for"),
}

// The drawings of a funder alignment's results (resultsKey.view), after
// assumption mapping's: viewMain is the phase's own (the goals, the wall,
// the plan; the matrix while rating and in Matrix).
const (
	viewFunderMatrix wallView = viewOrgs + 1 + iota
	viewFunderGrid
	viewFunderRelations
	viewFunderOrgs
)

// funderShows are the drawings v steps through, in order.
var funderShows = []wallView{viewMain, viewFunderGrid, viewFunderRelations, viewFunderOrgs}

// Fields of the funder form, in tab order; the list of the participant's
// own funders comes after them.
const (
	addName = iota
	addKind
	addFocus
	addRelation
	addList
	addFields
)

// formAsks is the plan form's field after the due date: what to ask for.
const formAsks = formFields

// fundersView is one connection's state in a funder alignment: the form
// being filled in, the selection, the open prompt. It is reset whenever
// the workshop changes phase.
type fundersView struct {
	selection
	show wallView // the drawing shown: viewMain or one of funderShows

	// Goals (facilitator): the goal prompt, adding (goal 0) or editing;
	// in Funders the same prompt renames funder renaming.
	prompt    lazyInput
	prompting bool
	goal      int
	renaming  int
	removing  int // the goal waiting for y to be removed

	// Funders (participant).
	name, focus lazyInput
	kind, rel   int // indexes into funders.FunderKinds and Relationships
	field       int
	sending     string // the name on its way to the hub, until it replies
	deleting    int    // the own funder waiting for y to be deleted
	editing     int    // the own funder in the form; 0 while adding one

	// Funders (facilitator): funders marked for a merge.
	marked map[int]bool

	// Rate: the row of the selected funder, its goals then influence and
	// the person's organisation's relationship.
	row int

	plan      actionForm
	asks      [4]bool // funders.Asks chosen in the plan form
	rejecting int     // the approach waiting for y to be rejected
}

func newFundersView() view {
	v := &fundersView{
		prompt: newInput("> ", "a short goal, e.g. Stable housing for families", funders.MaxGoalLen),
		name:   newInput("Funder: ", "its name", funders.MaxNameLen),
		focus:  newInput("Focus:  ", "what it funds, e.g. housing, youth (optional)", funders.MaxFocusLen),
	}
	v.plan.what = newInput("> ", "a note (optional), e.g. at their spring round", exercises.MaxTextLen)
	v.plan.due = newInput("> ", "YYYY-MM-DD", len(exercises.DateLayout))
	v.plan.name = newInput("> ", "their name", exercises.MaxNameLen)
	v.plan.org = newInput("> ", "their organisation", exercises.MaxNameLen)
	v.plan.extra = 1
	return v
}

func (v *fundersView) reset() {
	v.selection, v.show = selection{}, viewMain
	v.closePrompt()
	v.removing, v.deleting, v.rejecting = 0, 0, 0
	v.name.Clear()
	v.focus.Clear()
	v.kind, v.rel, v.field, v.sending, v.editing = 0, 0, addName, "", 0
	v.marked, v.row = nil, 0
	v.closeForm()
}

func (v *fundersView) closePrompt() {
	v.prompting, v.goal, v.renaming = false, 0, 0
	v.prompt.Clear()
}

func (v *fundersView) closeForm() {
	v.plan.open, v.plan.other, v.asks = false, false, [4]bool{}
	v.plan.what.Clear()
	v.plan.name.Clear()
	v.plan.org.Clear()
	v.plan.due.Clear()
}

func (v *fundersView) phaseChanged(*Model) { v.reset() }

// sync puts the focus in the funder form while funders are added, and
// closes what can no longer be sent.
func (v *fundersView) sync(m *Model, act *session.ActivityState) tea.Cmd {
	if phaseName(act) != funders.PhaseFunders || m.facilitator || !act.InputOpen() {
		v.name.Blur()
		v.focus.Blur()
		if !m.facilitator && !act.InputOpen() && v.plan.open {
			v.closeForm()
		}
		return nil
	}
	if v.field == addName && !v.name.Focused() {
		return v.name.Focus()
	}
	return nil
}

func (v *fundersView) inputs() []*lazyInput {
	return []*lazyInput{&v.prompt, &v.name, &v.focus, &v.plan.what, &v.plan.name, &v.plan.org, &v.plan.due}
}

func (v *fundersView) focused() *lazyInput {
	for _, in := range v.inputs() {
		if in.Focused() {
			return in
		}
	}
	return nil
}

func (v *fundersView) resize(w int) {
	v.prompt.SetWidth(max(w-4, 10))
	v.name.SetWidth(max(min(w-10, funders.MaxNameLen+1), 10))
	v.focus.SetWidth(max(w-10, 10))
	v.plan.what.SetWidth(max(w-10, 10))
	v.plan.due.SetWidth(len(exercises.DateLayout) + 1)
	v.plan.name.SetWidth(max(min(w-10, exercises.MaxNameLen+1), 10))
	v.plan.org.SetWidth(max(min(w-10, exercises.MaxNameLen+1), 10))
}

// goalsOf are activity i's goals as they stand.
func goalsOf(act *session.ActivityState) []funders.Goal { return funders.Goals(act.Activity, act.Data) }

// funderRows are the rows a person selects in the phase: the goals (the
// facilitator, in Goals), the funders on the wall (the facilitator, in
// Funders, hidden ones too), the person's own funders, the funders to
// rate, or the plan's funders and approaches.
func (v *fundersView) rows(m *Model, act *session.ActivityState) []rowKey {
	w := funders.Of(act.Data)
	var out []rowKey
	switch phaseName(act) {
	case funders.PhaseGoals:
		for _, g := range goalsOf(act) {
			out = append(out, rowKey{card: g.ID})
		}
	case funders.PhaseFunders:
		for _, c := range w.Funders() {
			if c.MergedInto == 0 && (m.facilitator || (c.Live() && c.HasAuthor(m.id))) {
				out = append(out, rowKey{card: c.ID})
			}
		}
	case funders.PhaseRate:
		for _, c := range w.Funders() {
			if c.Live() {
				out = append(out, rowKey{card: c.ID})
			}
		}
	case funders.PhasePlan:
		return planRows(m.snap, m.snap.Current)
	}
	return out
}

// planRows are the plan's rows as drawPlan draws them: each funder, the
// "approach early" first, with its approaches under it.
func planRows(snap *session.Snapshot, i int) []rowKey {
	w := funders.Of(snap.Activities[i].Data)
	var out []rowKey
	for _, f := range approachOrder(funders.ResultsOf(snap.Results(i))) {
		out = append(out, rowKey{card: f.Funder.ID})
		for _, a := range w.Actions.Items {
			if a.CardID == f.Funder.ID {
				out = append(out, rowKey{card: f.Funder.ID, action: a.ID})
			}
		}
	}
	return out
}

// approachOrder lists the funders by quadrant, "approach early" first, then
// the unplaced, each by influence.
func approachOrder(res funders.Results) []funders.FunderStats {
	rank := func(q funders.Quadrant) int {
		if i := slices.Index(funders.Quadrants(), q); i >= 0 {
			return i
		}
		return len(funders.Quadrants())
	}
	out := slices.Clone(res.Funders)
	slices.SortStableFunc(out, func(a, b funders.FunderStats) int {
		if d := rank(a.Quadrant) - rank(b.Quadrant); d != 0 {
			return d
		}
		switch {
		case a.Influence.Mean > b.Influence.Mean:
			return -1
		case a.Influence.Mean < b.Influence.Mean:
			return 1
		}
		return a.Funder.ID - b.Funder.ID
	})
	return out
}

// bindings are the keys of the phase for the person's role, with what is
// open.
func (v *fundersView) bindings(m *Model, act *session.ActivityState) (keyGroups, bool) {
	switch {
	case v.plan.open:
		return v.formKeys(m), true
	case m.facilitator && v.prompting:
		return v.promptKeys(), true
	case v.removing != 0 || v.deleting != 0 || v.rejecting != 0:
		return v.yesKeys(m), true
	}
	k := fundersKeys
	show := on(k.Show, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		i := slices.Index(funderShows, v.show)
		v.show, m.scroll = funderShows[(i+1)%len(funderShows)], 0
		return nil
	}).short()
	switch phaseName(act) {
	case funders.PhaseGoals:
		if m.facilitator {
			return v.goalKeys(act), false
		}
	case funders.PhaseFunders:
		if m.facilitator {
			return v.wallKeys(act), false
		}
		if act.InputOpen() {
			return v.addKeys(m, act), false
		}
	case funders.PhaseRate:
		if m.facilitator {
			return keyGroups{{show}}, false
		}
		if act.InputOpen() {
			return v.rateKeys(act), false
		}
	case funders.PhaseMatrix:
		if m.facilitator || act.Revealed {
			return keyGroups{{show}}, false
		}
	case funders.PhasePlan:
		return append(v.planKeys(m, act), []binding{show.when(m.facilitator || act.Revealed)}), false
	}
	return nil, false
}

// moveKey moves the selection by delta rows.
func (v *fundersView) moveKey(act *session.ActivityState, delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		v.move(v.rows(m, act), delta)
		v.row = 0
		return nil
	}
}

// onRow runs f on the selected row, or says there is none.
func (v *fundersView) onRow(act *session.ActivityState, none string, f func(m *Model, r rowKey) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		rows := v.rows(m, act)
		i := v.selected(rows)
		if i < 0 {
			m.status = status{kind: statusNotice, text: none}
			return nil
		}
		return f(m, rows[i])
	}
}

// goalKeys set the goals (facilitator, Goals).
func (v *fundersView) goalKeys(act *session.ActivityState) keyGroups {
	k := fundersKeys
	none := "There are no goals yet: press g to add one."
	return keyGroups{{
		on(k.Up, v.moveKey(act, -1)).as("goal").short(),
		on(k.Down, v.moveKey(act, +1)),
		on(k.AddGoal, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			if n := len(goalsOf(act)); n >= funders.MaxGoals {
				m.status = status{kind: statusNotice, text: fmt.Sprintf("There are %d goals, the most: edit (w) or remove (X) one.", n)}
				return nil
			}
			return v.openPrompt(m, 0, "")
		}).short(),
		on(k.EditGoal, v.onRow(act, none, func(m *Model, r rowKey) tea.Cmd {
			for _, g := range goalsOf(act) {
				if g.ID == r.card {
					return v.openPrompt(m, g.ID, g.Text)
				}
			}
			return nil
		})).short(),
		on(k.RemoveGoal, v.onRow(act, none, func(m *Model, r rowKey) tea.Cmd {
			v.removing = r.card
			m.status = status{kind: statusNotice, text: "Remove this goal? Press y to remove it, any other key to keep it."}
			return nil
		})).short(),
	}}
}

func (v *fundersView) openPrompt(m *Model, goal int, text string) tea.Cmd {
	v.prompting, v.goal = true, goal
	v.prompt.SetValue(text)
	v.prompt.CursorEnd()
	m.status = status{}
	return v.prompt.Focus()
}

// promptKeys save or cancel the goal being typed; other keys type.
func (v *fundersView) promptKeys() keyGroups {
	k := fundersKeys
	return keyGroups{{
		on(k.Add, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			text := strings.TrimSpace(v.prompt.Value())
			if v.renaming != 0 {
				return m.do(funders.RenameFunder{Activity: m.snap.Current, Funder: v.renaming, Name: text})
			}
			return m.do(funders.SetGoal{Activity: m.snap.Current, Goal: v.goal, Text: text})
		}).as("save").short(),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.closePrompt()
			m.status = status{}
			return nil
		}).short(),
	}}
}

// yesKeys confirm a removal, a deletion or a rejection; any other key
// keeps it (unbound).
func (v *fundersView) yesKeys(m *Model) keyGroups {
	desc := "remove"
	switch {
	case v.deleting != 0:
		desc = "delete"
	case v.rejecting != 0:
		desc = "reject"
	}
	return keyGroups{{on(fundersKeys.Yes, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		i := m.snap.Current
		var a session.Action
		switch {
		case v.removing != 0:
			a = funders.RemoveGoal{Activity: i, Goal: v.removing}
		case v.deleting != 0:
			a = funders.DeleteFunder{Activity: i, Funder: v.deleting}
		default:
			a = funders.RejectApproach{Activity: i, Action: v.rejecting}
		}
		v.removing, v.deleting, v.rejecting = 0, 0, 0
		return m.do(a)
	}).as(desc).short(), on(m.keys.Global.Help, toggleHelp).short().when(m.facilitator)}}
}

// wallKeys moderate the wall (facilitator, Funders): mark, merge, hide.
func (v *fundersView) wallKeys(act *session.ActivityState) keyGroups {
	k := fundersKeys
	none := "There are no funders on the wall yet."
	return keyGroups{{
		on(k.Up, v.moveKey(act, -1)).as("funder").short(),
		on(k.Down, v.moveKey(act, +1)),
		on(k.Mark, v.onRow(act, none, func(_ *Model, r rowKey) tea.Cmd {
			if v.marked == nil {
				v.marked = map[int]bool{}
			}
			if v.marked[r.card] = !v.marked[r.card]; !v.marked[r.card] {
				delete(v.marked, r.card)
			}
			return nil
		})).short(),
		on(k.Merge, v.onRow(act, none, func(m *Model, r rowKey) tea.Cmd {
			var from []int
			for id := range v.marked {
				if c, ok := funders.Of(act.Data).Deck.Card(id); ok && id != r.card && c.MergedInto == 0 {
					from = append(from, id)
				}
			}
			if len(from) == 0 {
				m.status = status{kind: statusNotice, text: "Mark the same funder's other entries with space, select the one to keep, then press m."}
				return nil
			}
			slices.Sort(from)
			return m.do(funders.MergeFunders{Activity: m.snap.Current, Into: r.card, From: from})
		})).as("merge marked into this").short(),
		on(k.Hide, v.onRow(act, none, func(m *Model, r rowKey) tea.Cmd {
			c, _ := funders.Of(act.Data).Deck.Card(r.card)
			return m.do(funders.HideFunder{Activity: m.snap.Current, Funder: c.ID, On: !c.Hidden})
		})).short(),
		on(k.Rename, v.onRow(act, none, func(m *Model, r rowKey) tea.Cmd {
			c, _ := funders.Of(act.Data).Deck.Card(r.card)
			cmd := v.openPrompt(m, 0, c.Text)
			v.renaming = c.ID
			return cmd
		})).short(),
	}}
}

// addKeys fill in and add a funder (participant, Funders): Tab moves
// between name, kind, focus, relationship and the list of their own
// funders; ←/→ choose a kind or a relationship, or change the selected
// own funder's relationship; x deletes it.
func (v *fundersView) addKeys(m *Model, act *session.ActivityState) keyGroups {
	k := fundersKeys
	choosing := v.field == addKind || v.field == addRelation || v.field == addList
	step := func(delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			switch v.field {
			case addKind:
				v.kind = (v.kind + delta + len(funders.FunderKinds())) % len(funders.FunderKinds())
			case addRelation:
				v.rel = min(max(v.rel+delta, 0), len(funders.Relationships())-1)
			case addList:
				rows := v.rows(m, act)
				i := v.selected(rows)
				if i < 0 {
					return nil
				}
				old := funders.Of(act.Data).RelationsOf(rows[i].card)[m.id].Closeness()
				next := min(max(old+delta, 0), len(funders.Relationships())-1)
				return m.do(funders.SetRelationship{Activity: m.snap.Current, Funder: rows[i].card, Relationship: funders.Relationships()[next]})
			}
			return nil
		}
	}
	add := "add funder"
	if v.editing != 0 {
		add = "save " + funders.Label(v.editing)
	}
	return keyGroups{{
		on(k.Add, v.addFunder).as(add).short(),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.clearForm()
			m.status = status{kind: statusInfo, text: "Left as it was."}
			return v.focusField(addName)
		}).as("cancel edit").short().when(v.editing != 0),
		on(k.NextField, func(*Model, tea.KeyPressMsg) tea.Cmd { return v.focusField((v.field + 1) % addFields) }).short(),
		on(k.PrevField, func(*Model, tea.KeyPressMsg) tea.Cmd { return v.focusField((v.field + addFields - 1) % addFields) }),
		on(k.Left, step(-1)).as("choose").short().when(choosing),
		on(k.Right, step(+1)).when(choosing),
		on(k.Up, v.moveKey(act, -1)).as("your funders").when(v.field == addList),
		on(k.Down, v.moveKey(act, +1)).when(v.field == addList),
		// As on the profile form, ↑/↓ also move between the fields.
		on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { return v.focusField(max(v.field-1, addName)) }).
			as("field").when(v.field != addList),
		on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { return v.focusField(v.field + 1) }).when(v.field != addList),
		on(k.Edit, v.onRow(act, "You have not added a funder yet.", func(m *Model, r rowKey) tea.Cmd {
			w := funders.Of(act.Data)
			c, _ := w.Deck.Card(r.card)
			v.editing = c.ID
			v.name.SetValue(c.Text)
			v.name.CursorEnd()
			v.focus.SetValue(w.Focus[c.ID])
			v.kind = max(slices.Index(funders.FunderKinds(), funders.FunderKind(c.Category)), 0)
			v.rel = w.RelationsOf(c.ID)[m.id].Closeness()
			m.status = status{}
			return v.focusField(addName)
		})).when(v.field == addList),
		on(k.Delete, v.onRow(act, "You have not added a funder yet.", func(m *Model, r rowKey) tea.Cmd {
			v.deleting = r.card
			m.status = status{kind: statusNotice, text: "Delete " + funders.Label(r.card) + "? Press y to delete it, any other key to keep it."}
			return nil
		})).when(v.field == addList),
	}}
}

// focusField moves the funder form's focus.
func (v *fundersView) focusField(field int) tea.Cmd {
	v.field = field
	v.name.Blur()
	v.focus.Blur()
	switch field {
	case addName:
		return v.name.Focus()
	case addFocus:
		return v.focus.Focus()
	}
	return nil
}

// addFunder adds the funder as filled in; the form keeps its text until
// the hub replies.
func (v *fundersView) addFunder(m *Model, _ tea.KeyPressMsg) tea.Cmd {
	name := strings.TrimSpace(v.name.Value())
	if name == "" {
		m.status = status{kind: statusError, text: "Type the funder's name first."}
		return v.focusField(addName)
	}
	if v.sending != "" {
		return nil // the last one is on its way
	}
	v.sending = name
	i, kind, focus, rel := m.snap.Current, funders.FunderKinds()[v.kind], strings.TrimSpace(v.focus.Value()), funders.Relationships()[v.rel]
	if v.editing != 0 {
		return tea.Batch(m.do(funders.EditFunder{Activity: i, Funder: v.editing, Name: name, Kind: kind, Focus: focus}),
			m.do(funders.SetRelationship{Activity: i, Funder: v.editing, Relationship: rel}))
	}
	return m.do(funders.AddFunder{Activity: i, Name: name, Kind: kind, Focus: focus, Relationship: rel})
}

// clearForm empties the funder form for the next funder.
func (v *fundersView) clearForm() {
	v.name.Reset()
	v.focus.Reset()
	v.kind, v.rel, v.editing = 0, 0, 0
}

// rateRows is how many rows a funder has in Rate: its goals, influence and
// the person's organisation's relationship.
func rateRows(act *session.ActivityState) int { return len(goalsOf(act)) + 2 }

// rateKeys rate one funder at a time (participant, Rate): ↑/↓ the row,
// ←/→ the funder, a digit the value (saved at once, the next row
// selected), d "don't know".
func (v *fundersView) rateKeys(act *session.ActivityState) keyGroups {
	k := fundersKeys
	n := rateRows(act)
	funder := func(delta int) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.move(v.rows(m, act), delta)
			v.row = 0
			return nil
		}
	}
	onRelation := v.row == n-1
	return keyGroups{
		{
			on(k.Up, func(*Model, tea.KeyPressMsg) tea.Cmd { v.row = max(v.row-1, 0); return nil }).as("row").short(),
			on(k.Down, func(*Model, tea.KeyPressMsg) tea.Cmd { v.row = min(v.row+1, n-1); return nil }),
			on(k.Left, funder(-1)).as("funder").short(),
			on(k.Right, funder(+1)),
		},
		{
			on(k.Value, v.rate(act, false)).short(),
			on(k.DontKnow, v.rate(act, true)).short().when(!onRelation),
		},
	}
}

// rate saves the value pressed, or "don't know", on the selected row.
func (v *fundersView) rate(act *session.ActivityState, dontKnow bool) func(*Model, tea.KeyPressMsg) tea.Cmd {
	return func(m *Model, msg tea.KeyPressMsg) tea.Cmd {
		rows := v.rows(m, act)
		i := v.selected(rows)
		if i < 0 {
			m.status = status{kind: statusNotice, text: "There are no funders to rate."}
			return nil
		}
		val := 0
		if !dontKnow {
			val = int(msg.String()[0] - '0')
		}
		goals := goalsOf(act)
		id := rows[i].card
		switch {
		case v.row == len(goals)+1:
			if val > 3 {
				m.status = status{kind: statusNotice, text: "Your organisation's relationship: 0 none, 1 knows of them, 2 has a contact, 3 funded by them."}
				return nil
			}
			return m.do(funders.SetRelationship{Activity: m.snap.Current, Funder: id, Relationship: funders.Relationships()[val]})
		case v.row == len(goals):
			if !dontKnow && val < funders.Influence.Min {
				m.status = status{kind: statusNotice, text: "Influence goes from 1 (very little) to 5 (very much); d for don't know."}
				return nil
			}
			cmd := m.do(funders.RateFunder{Activity: m.snap.Current, Funder: id, Value: val, DontKnow: dontKnow})
			v.nextFunder(m, act)
			return cmd
		}
		if val > funders.Alignment.Max {
			m.status = status{kind: statusNotice, text: "Alignment goes from 0 (none) to 3 (strong); d for don't know."}
			return nil
		}
		// The cursor moves on at once, so that "3 2 d 4" typed quickly
		// rates the rows in turn, before the hub replies.
		v.row++
		return m.do(funders.RateFunder{Activity: m.snap.Current, Funder: id, Goal: goals[v.row-1].ID, Value: val, DontKnow: dontKnow})
	}
}

// planKeys move through the plan and open the approach form; the
// facilitator also confirms and rejects approaches.
func (v *fundersView) planKeys(m *Model, act *session.ActivityState) keyGroups {
	k := fundersKeys
	onApproach := func(f func(m *Model, a exercises.ActionItem) tea.Cmd) func(*Model, tea.KeyPressMsg) tea.Cmd {
		return v.onRow(act, "There is nothing in the plan yet.", func(m *Model, r rowKey) tea.Cmd {
			a, ok := funders.Of(act.Data).Actions.Find(r.action)
			if r.action == 0 || !ok {
				m.status = status{kind: statusNotice, text: "Select an approach (" + glyphProposed + ") under a funder first."}
				return nil
			}
			return f(m, a)
		})
	}
	return keyGroups{{
		on(k.Up, v.moveKey(act, -1)).short(),
		on(k.Down, v.moveKey(act, +1)),
		on(k.Propose, v.onRow(act, "There are no funders to approach.", func(m *Model, r rowKey) tea.Cmd {
			if !act.InputOpen() {
				m.status = status{kind: statusNotice, text: closedText(act)}
				return nil
			}
			return v.plan.start(m, r.card)
		})).short().as("who approaches"),
		on(k.Confirm, onApproach(func(m *Model, a exercises.ActionItem) tea.Cmd {
			return m.do(funders.ConfirmApproach{Activity: m.snap.Current, Action: a.ID})
		})).short().when(m.facilitator),
		on(k.Rename, onApproach(func(m *Model, a exercises.ActionItem) tea.Cmd {
			if a.Status == exercises.Rejected {
				m.status = status{kind: statusNotice, text: fmt.Sprintf("Approach %d was rejected: it stays as it was.", a.ID)}
				return nil
			}
			for i, ask := range funders.Asks() {
				v.asks[i] = slices.Contains(funders.Of(act.Data).Asks[a.ID], ask)
			}
			m.status = status{}
			return v.plan.fill(a)
		})).as("edit").short().when(m.facilitator),
		on(k.Reject, onApproach(func(m *Model, a exercises.ActionItem) tea.Cmd {
			v.rejecting = a.ID
			m.status = status{kind: statusNotice, text: fmt.Sprintf("Reject approach %d? Press y to reject it, any other key to keep it.", a.ID)}
			return nil
		})).short().when(m.facilitator),
	}}
}

// formKeys drive the approach form: the action form's fields, then what
// to ask for, toggled with 1-4 there.
func (v *fundersView) formKeys(m *Model) keyGroups {
	k, f := fundersKeys, &v.plan
	submit := func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
		who, name, org, ok := f.chosenOwner(m)
		if !ok {
			return nil
		}
		var asks []funders.Ask
		for i, a := range funders.Asks() {
			if v.asks[i] {
				asks = append(asks, a)
			}
		}
		if len(asks) == 0 {
			m.status = status{kind: statusError, text: "Choose what to ask for: tab to “Ask”, then 1-4."}
			return nil
		}
		due := strings.TrimSpace(f.due.Value())
		if f.edit != 0 {
			return m.do(funders.EditApproach{Activity: m.snap.Current, Action: f.edit, Asks: asks, Note: f.what.Value(),
				Owner: who, OwnerName: name, OwnerOrg: org, Due: due})
		}
		return m.do(funders.ProposeApproach{Activity: m.snap.Current, Funder: f.card, Asks: asks, Note: f.what.Value(),
			Owner: who, OwnerName: name, OwnerOrg: org, Due: due})
	}
	verb := "propose"
	if f.edit != 0 {
		verb = "save"
	}
	return keyGroups{{
		on(k.NextField, func(*Model, tea.KeyPressMsg) tea.Cmd { return f.step(+1) }).short(),
		on(k.PrevField, func(*Model, tea.KeyPressMsg) tea.Cmd { return f.step(-1) }).short(),
		on(k.Up, f.chooseOwner).as("owner").short().when(f.field == formOwner),
		on(k.Down, f.chooseOwner).as("next owner").when(f.field == formOwner),
		on(k.Ask, func(_ *Model, msg tea.KeyPressMsg) tea.Cmd {
			i := int(msg.String()[0] - '1')
			v.asks[i] = !v.asks[i]
			return nil
		}).short().when(f.field == formAsks),
		on(k.Add, submit).as(verb).short(),
		on(k.Cancel, func(m *Model, _ tea.KeyPressMsg) tea.Cmd {
			v.closeForm()
			m.status = status{}
			return nil
		}).short(),
		// The presenter's modal keys have no ? of their own (presenterKeys):
		// ? is typed in the form's text fields, and is help elsewhere.
		on(m.keys.Global.Help, toggleHelp).short().when(m.facilitator && (f.field == formOwner || f.field == formAsks)),
	}}
}

// unbound types into the input that has the focus. On a field that is
// chosen rather than typed, typing goes to the funder's name, so nothing
// typed is lost; after x or X, any key but y keeps what it would remove.
func (v *fundersView) unbound(m *Model, msg tea.KeyPressMsg, act *session.ActivityState) tea.Cmd {
	switch {
	case v.removing != 0 || v.deleting != 0 || v.rejecting != 0:
		v.removing, v.deleting, v.rejecting = 0, 0, 0
		m.status = status{kind: statusInfo, text: "Kept it."}
		return nil
	case v.plan.open && (v.plan.field == formOwner || v.plan.field == formAsks):
		return nil
	case !m.facilitator && phaseName(act) == funders.PhaseFunders && act.InputOpen() && v.focused() == nil && msg.Text != "":
		return tea.Batch(v.focusField(addName), v.name.Update(msg))
	}
	if in := v.focused(); in != nil {
		return in.Update(msg)
	}
	return nil
}

// done moves the view on after one of its actions succeeded.
func (v *fundersView) done(m *Model, a session.Action) {
	switch a := a.(type) {
	case funders.SetGoal, funders.RenameFunder:
		v.closePrompt()
	case funders.AddFunder, funders.EditFunder:
		v.sending = ""
		// What was typed while the hub saved it stays for the next one.
		if name := strings.TrimSpace(v.name.Value()); name == funderName(a) {
			v.clearForm()
			// The next funder starts at its name; the cursor does not
			// blink (styles), so the focus's command has nothing to run.
			_ = v.focusField(addName)
		}
	case funders.MergeFunders:
		v.marked = nil
	case funders.ProposeApproach, funders.EditApproach:
		v.closeForm()
	}
}

// funderName is the name an add or an edit sent.
func funderName(a session.Action) string {
	switch a := a.(type) {
	case funders.AddFunder:
		return a.Name
	case funders.EditFunder:
		return a.Name
	}
	return ""
}

// failed lets a refused funder be sent again.
func (v *fundersView) failed(a session.Action) {
	switch a.(type) {
	case funders.AddFunder, funders.EditFunder:
		v.sending = ""
	}
}

// nextFunder selects the next funder after the selected one that the
// person has not rated in full, or says they are through. The selected
// one is not looked at: its last rating is on its way.
func (v *fundersView) nextFunder(m *Model, act *session.ActivityState) {
	rows := v.rows(m, act)
	w := funders.Of(act.Data)
	from := v.selected(rows)
	for step := 1; step < len(rows); step++ {
		j := (from + step) % len(rows)
		if !ratedFunder(w, act, rows[j].card, m.id) {
			v.selectRow(rows, j)
			v.row = 0
			return
		}
	}
	m.status = status{kind: statusInfo, text: fmt.Sprintf("That was the last of the %d funders. ←/→ to change any.", len(rows))}
}

// ratedFunder reports whether person rated the funder in full.
func ratedFunder(w funders.Data, act *session.ActivityState, id int, person string) bool {
	if _, ok := w.Ratings.Of(exercises.On(id))[person]; !ok {
		return false
	}
	for _, g := range goalsOf(act) {
		if _, ok := w.Ratings.Of(exercises.Target{Item: id, With: g.ID})[person]; !ok {
			return false
		}
	}
	return true
}

// doneText confirms a funder-alignment action in the status line.
func (v *fundersView) doneText(a session.Action) (string, bool) {
	switch a := a.(type) {
	case funders.SetGoal:
		if a.Goal == 0 {
			return "Goal added.", true
		}
		return "Goal saved.", true
	case funders.RemoveGoal:
		return "Goal removed.", true
	case funders.AddFunder:
		return "Funder added. Others see it when the facilitator reveals the wall.", true
	case funders.DeleteFunder:
		return funders.Label(a.Funder) + " deleted.", true
	case funders.EditFunder:
		return funders.Label(a.Funder) + " saved.", true
	case funders.MergeFunders:
		labels := make([]string, len(a.From))
		for i, id := range a.From {
			labels[i] = funders.Label(id)
		}
		return fmt.Sprintf("Merged %s into %s; every organisation's relationship is kept.", strings.Join(labels, ", "), funders.Label(a.Into)), true
	case funders.RenameFunder:
		return funders.Label(a.Funder) + " renamed.", true
	case funders.HideFunder:
		if a.On {
			return funders.Label(a.Funder) + " hidden from the wall.", true
		}
		return funders.Label(a.Funder) + " back on the wall.", true
	case funders.SetRelationship:
		return "Your organisation: " + a.Relationship.Words() + ".", true
	case funders.RateFunder:
		what := "influence"
		if a.Goal != 0 {
			what = "alignment"
		}
		if a.DontKnow {
			return "Saved: " + what + " don't know.", true
		}
		return fmt.Sprintf("Saved: %s %d.", what, a.Value), true
	case funders.ProposeApproach:
		return "Approach proposed for " + funders.Label(a.Funder) + "; the facilitator confirms it.", true
	case funders.ConfirmApproach:
		return fmt.Sprintf("Approach %d confirmed.", a.Action), true
	case funders.EditApproach:
		return fmt.Sprintf("Approach %d saved.", a.Action), true
	case funders.RejectApproach:
		return fmt.Sprintf("Approach %d rejected: it stays in the report as rejected.", a.Action), true
	}
	return "", false
}
