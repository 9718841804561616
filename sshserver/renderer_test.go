package sshserver

import (
	"context"
	"fmt"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/hinshun/vt10x"
)

// frameModel shows whatever frame it was last sent, on the alternate
// screen, like CommonGround's screens; a farewell ends it with a last
// frame in the main screen, as CommonGround's farewell does.
type frameModel struct {
	content  string
	farewell bool
}

type (
	frameMsg    string
	farewellMsg string
)

func (m frameModel) Init() tea.Cmd { return nil }

func (m frameModel) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case frameMsg:
		m.content = string(msg)
	case farewellMsg:
		m.content, m.farewell = string(msg), true
		return m, tea.Quit
	}
	return m, nil
}

func (m frameModel) View() tea.View {
	v := tea.NewView(m.content)
	v.AltScreen = !m.farewell
	return v
}

// emulator is a vt10x terminal that the program under test writes to.
// vt10x rather than charmbracelet/x/vt, which termclient reads screens
// with: this test also checks that the renderer leaves auto-wrap as it
// found it, and x/vt v0.1.0 does not tell its modes.
type emulator struct {
	mu      sync.Mutex
	vt      vt10x.Terminal
	changed chan struct{}
}

func (e *emulator) Write(p []byte) (int, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if _, err := e.vt.Write(p); err != nil {
		return 0, fmt.Errorf("emulator: %w", err)
	}
	select {
	case e.changed <- struct{}{}:
	default:
	}
	return len(p), nil
}

// row is the text of row y, trailing spaces trimmed; e.mu is held.
func (e *emulator) row(y int) string {
	cols, _ := e.vt.Size()
	var row strings.Builder
	for x := range cols {
		if ch := e.vt.Cell(x, y).Char; ch != 0 {
			row.WriteRune(ch)
		}
	}
	return strings.TrimRight(row.String(), " ")
}

// screenWant is what a screen must show: each row's text, how many columns
// the row's text covers (styled spaces included), and whether the row is
// plain, i.e. must carry no colour or attribute anywhere.
type screenWant struct {
	text   []string
	widths []int
	plain  []bool
}

// mismatch says how the emulator's screen differs from want, or "" if it
// shows exactly that: the same characters, no background colour past the
// end of a row, and nothing styled in a plain row.
func (e *emulator) mismatch(want screenWant) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	cols, rows := e.vt.Size()
	for y := range rows {
		var line strings.Builder
		for x := range cols {
			g := e.vt.Cell(x, y)
			c := g.Char
			if c == 0 {
				c = ' '
			}
			line.WriteRune(c)
			if x >= want.widths[y] && g.BG != vt10x.DefaultBG {
				return fmt.Sprintf("row %d: column %d past the text has background %d", y, x, g.BG)
			}
			if want.plain[y] && (g.FG != vt10x.DefaultFG || g.BG != vt10x.DefaultBG || g.Mode != 0) {
				return fmt.Sprintf("row %d is plain, but column %d has colours %d/%d and attributes %b", y, x, g.FG, g.BG, g.Mode)
			}
		}
		if got := strings.TrimRight(line.String(), " "); got != want.text[y] {
			return fmt.Sprintf("row %d: got %q, want %q", y, got, want.text[y])
		}
	}
	return ""
}

// randomRow builds a row of styled words, sometimes wider than the screen.
func randomRow(r *rand.Rand, width int) string {
	words := []string{"assumption", "Food Bank", "é", "ß", "—", "•", "willing", "3.5", "▶", "│", "x", "   "}
	styles := []lipgloss.Style{
		lipgloss.NewStyle(),
		lipgloss.NewStyle().Bold(true),
		lipgloss.NewStyle().Foreground(lipgloss.Color("212")),
		lipgloss.NewStyle().Background(lipgloss.Color("#3355aa")).Foreground(lipgloss.Color("#ffffff")),
		lipgloss.NewStyle().Reverse(true),
	}
	var row strings.Builder
	for lipgloss.Width(row.String()) < r.IntN(width+10) {
		row.WriteString(styles[r.IntN(len(styles))].Render(words[r.IntN(len(words))]))
	}
	if r.IntN(8) == 0 {
		// A style left open: it must end with its row.
		row.WriteString("\x1b[44;1;7m" + words[r.IntN(len(words))])
	}
	return row.String()
}

// wantScreen is what a terminal of the given size shows for content.
func wantScreen(content string, width, height int) screenWant {
	want := screenWant{text: make([]string, height), widths: make([]int, height), plain: make([]bool, height)}
	for y := range height {
		want.plain[y] = true // rows past the content are blank
	}
	for y, row := range strings.Split(content, "\n") {
		if y >= height {
			break
		}
		plain := ansi.Truncate(ansi.Strip(row), width, "")
		want.text[y], want.widths[y] = strings.TrimRight(plain, " "), ansi.StringWidth(plain)
		want.plain[y] = !strings.Contains(row, "\x1b")
	}
	return want
}

// waitScreen waits until the emulator shows want.
func waitScreen(t *testing.T, emu *emulator, want screenWant, what string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for diff := emu.mismatch(want); diff != ""; diff = emu.mismatch(want) {
		select {
		case <-emu.changed:
		case <-deadline:
			t.Fatalf("%s: %s", what, diff)
		}
	}
}

// runFrames starts a program drawing with the line renderer into a fresh
// emulator of the given size, which shows what was on the terminal before;
// done yields what Run returned.
func runFrames(t *testing.T, width, height int, shown string) (*tea.Program, *emulator, <-chan error) {
	emu := &emulator{vt: vt10x.New(vt10x.WithSize(width, height)), changed: make(chan struct{}, 1)}
	_, _ = emu.vt.Write([]byte(shown)) // before the program starts, which may switch screens at once
	ctx, cancel := context.WithCancel(t.Context())
	t.Cleanup(cancel)
	p := tea.NewProgram(frameModel{}, tea.WithContext(ctx), tea.WithInput(nil), tea.WithOutput(emu),
		tea.WithWindowSize(width, height), tea.WithoutSignalHandler(), tea.WithFPS(120),
		tea.WithColorProfile(colorprofile.ANSI256), tea.WithLineRenderer())
	done := make(chan error, 1)
	go func() { _, err := p.Run(); done <- err }()
	return p, emu, done
}

// TestLineRendererDrawsEveryFrame runs the renderer the server uses through
// a real Bubble Tea program into a terminal emulator: frames of random
// styled rows, each a small edit of the last (the case the renderer
// optimises: rows that did not change are not sent), with whole new frames,
// empty frames, too-long rows and resizes among them. After each frame the
// screen must show exactly that frame.
func TestLineRendererDrawsEveryFrame(t *testing.T) {
	width, height := 40, 12
	p, emu, done := runFrames(t, width, height, "")

	r := rand.New(rand.NewPCG(5, 22))
	var rows []string
	for step := range 300 {
		switch k := r.IntN(20); {
		case k == 0:
			rows = nil // an empty frame
		case k == 1:
			rows = make([]string, r.IntN(height+4)) // a whole new frame, maybe too tall
			for i := range rows {
				rows[i] = randomRow(r, width)
			}
		case k == 2:
			width, height = 20+r.IntN(40), 5+r.IntN(15)
			emu.mu.Lock()
			emu.vt.Resize(width, height)
			emu.mu.Unlock()
			p.Send(tea.WindowSizeMsg{Width: width, Height: height})
		case k < 6 && len(rows) > 0:
			rows = rows[:len(rows)-1] // the frame gets shorter
		default:
			if len(rows) < height+2 && r.IntN(3) == 0 {
				rows = append(rows, "")
			}
			if len(rows) > 0 {
				rows[r.IntN(len(rows))] = randomRow(r, width) // one row changes
			}
		}
		content := strings.Join(rows, "\n")
		// A marker row keeps consecutive frames distinct, so each one is drawn.
		content = fmt.Sprintf("frame %d\n", step) + content
		p.Send(frameMsg(content))
		waitScreen(t, emu, wantScreen(content, width, height), fmt.Sprintf("step %d (%dx%d)", step, width, height))
	}
	p.Quit()
	if err := <-done; err != nil {
		t.Fatalf("program: %v", err)
	}
}

// Rows that a terminal draws differently from how they were measured stay
// on their row: a wide character cut at the edge leaves its column erased,
// and a row the terminal finds too wide (vt10x gives a combining accent a
// column of its own, as some terminals do an emoji's variation selector)
// neither spills into the row below nor, on the last row, scrolls the
// screen. Each case's last frame must show rows as listed.
func TestLineRendererKeepsRowsInPlace(t *testing.T) {
	type frame struct {
		content string
		rows    map[int]string // rows the screen must then show
	}
	for _, c := range []struct {
		name   string
		frames []frame
	}{
		{"wide character cut at the edge", []frame{
			{"xxxxxxxxxx\nrow1", map[int]string{0: "xxxxxxxxxx", 1: "row1"}},
			{"aaaaaaaaa你\nrow1", map[int]string{0: "aaaaaaaaa", 1: "row1"}},
		}},
		{"a row wider than measured", []frame{
			{"row0\nrow1\nrow2", map[int]string{0: "row0", 1: "row1", 2: "row2"}},
			{"aaaaaaaaae\u0301\nrow1\nrow2", map[int]string{1: "row1", 2: "row2"}},
		}},
		{"the last row wider than measured", []frame{
			{"row0\nrow1\nrow2", map[int]string{0: "row0", 1: "row1", 2: "row2"}},
			{"Y\nrow1\nbbbbbbbbbe\u0301", map[int]string{0: "Y", 1: "row1"}},
			{"X\nrow1\nbbbbbbbbbe\u0301", map[int]string{0: "X", 1: "row1"}},
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, emu, done := runFrames(t, 10, 3, "")
			for i, f := range c.frames {
				p.Send(frameMsg(f.content))
				waitRows(t, emu, f.rows, fmt.Sprintf("frame %d", i))
			}
			p.Quit()
			<-done
		})
	}
}

// waitRows waits until the emulator's rows show what rows lists.
func waitRows(t *testing.T, emu *emulator, rows map[int]string, what string) {
	t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		emu.mu.Lock()
		var diff string
		for y, want := range rows {
			if got := emu.row(y); got != want && diff == "" {
				diff = fmt.Sprintf("row %d: got %q, want %q", y, got, want)
			}
		}
		emu.mu.Unlock()
		if diff == "" {
			return
		}
		select {
		case <-emu.changed:
		case <-deadline:
			t.Fatalf("%s: %s", what, diff)
		}
	}
}

// When the program ends, with its farewell or straight from the workshop
// screen, the terminal is as the program found it: alternate screen left,
// auto-wrap back on, cursor shown, and the farewell in the main screen
// below what the shell showed.
func TestLineRendererLeavesTheTerminalAsFound(t *testing.T) {
	for _, farewell := range []string{"Thank you, see you next time.\n", ""} {
		p, emu, done := runFrames(t, 30, 6, "$ ssh workshop\r\n") // the shell's line before the program
		p.Send(frameMsg("the workshop\nscreen"))
		waitScreen(t, emu, wantScreen("the workshop\nscreen", 30, 6), "the workshop screen")
		if farewell != "" {
			p.Send(farewellMsg(farewell))
		} else {
			p.Quit()
		}
		if err := <-done; err != nil {
			t.Fatalf("program: %v", err)
		}
		emu.mu.Lock()
		mode := emu.vt.Mode()
		if mode&vt10x.ModeAltScreen != 0 {
			t.Errorf("farewell %q: the alternate screen is still on", farewell)
		}
		if mode&vt10x.ModeWrap == 0 {
			t.Errorf("farewell %q: auto-wrap is still off", farewell)
		}
		if !emu.vt.CursorVisible() {
			t.Errorf("farewell %q: the cursor is still hidden", farewell)
		}
		var screen strings.Builder
		for y := range 6 {
			screen.WriteString(emu.row(y) + "\n")
		}
		emu.mu.Unlock()
		for _, want := range []string{"$ ssh workshop", strings.TrimSpace(farewell)} {
			if !strings.Contains(screen.String(), want) {
				t.Errorf("farewell %q: the main screen lacks %q:\n%s", farewell, want, screen.String())
			}
		}
		if strings.Contains(screen.String(), "the workshop") {
			t.Errorf("farewell %q: the workshop screen was left in the main screen:\n%s", farewell, screen.String())
		}
	}
}
