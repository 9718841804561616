// Package loadtest is CommonGround's measuring instrument: it opens many
// real SSH participants against a running server, each with its own key, a
// PTY and a terminal emulator reading its screen, and measures what a
// person would notice — how long until the first screen, how long a change
// takes to reach every screen, how many bytes that costs — and, given the
// server's PID, its memory and CPU. It is bounded in count and time and
// stops by itself.
package loadtest

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/crypto/ssh"

	"commonground/internal/termclient"
)

// Config says what to run.
type Config struct {
	Addr string // server address, HOST:PORT
	// FacilitatorAddr is where the facilitator connects, when not Addr:
	// one node of a cluster, whose changes reach the participants spread
	// over every node by a load balancer at Addr.
	FacilitatorAddr string
	Code            string        // join code of the workshop
	Participants    int           // N participants that read their screens
	Slow            int           // M more participants that stop reading once joined
	Ramp            time.Duration // connections are spread over this long
	Duration        time.Duration // how long everyone sits idle, for idle bytes and CPU
	Settle          time.Duration // the pause after the last connection before the idle window
	Changes         int           // K changes whose fan-out is measured
	ChangeTimeout   time.Duration // how long a change may take to reach every screen
	Facilitator     ssh.Signer    // a facilitator's key: it makes the changes
	PID             int           // the server's process, for memory and CPU; 0 to skip
	// Light reads no screens: each participant finds the change's text in
	// the bytes it receives (termclient.Options.Stream), as a chat
	// benchmark does, so that thousands of participants cost the machine
	// they share with the server a fraction of what emulators do.
	Light bool
	Log   func(format string, args ...any)
}

// Result is what a run measured. Durations are in nanoseconds in JSON.
type Result struct {
	Participants int    `json:"participants"`
	Slow         int    `json:"slow"`
	Mode         string `json:"mode"` // "screens" (a terminal emulator each) or "light" (Config.Light)

	Connect        Latencies `json:"connect"` // dial to a rendered first screen
	ConnectFailed  int       `json:"connect_failed"`
	FirstError     string    `json:"first_error,omitempty"`
	Fanout         Latencies `json:"fanout"` // facilitator's key press to each screen showing it
	Changes        int       `json:"changes"`
	Missed         int       `json:"missed"`           // screens that never showed a change in time
	BytesPerChange float64   `json:"bytes_per_change"` // per participant

	// A participant's new check-in answer, with the results revealed: from
	// their Enter to each other screen showing the new count.
	AnswerFanout   Latencies `json:"answer_fanout"`
	Answers        int       `json:"answers"`
	AnswersMissed  int       `json:"answers_missed"`
	BytesPerAnswer float64   `json:"bytes_per_answer"`          // per other participant
	AnswersSkipped string    `json:"answers_skipped,omitempty"` // why no answer was measured

	// A participant's answer replaced by a new text: from their Enter to
	// each other screen showing the new text.
	ReplaceFanout   Latencies `json:"replace_fanout"`
	Replaced        int       `json:"replaced"`
	ReplacedMissed  int       `json:"replaced_missed"`
	BytesPerReplace float64   `json:"bytes_per_replace"` // per other participant

	// Server CPU while each kind of change fanned out, divided by the
	// changes and by the screens that showed each (with a PID): what one
	// change costs the server per receiver, in microseconds.
	CPUPerChangeReceiver  float64 `json:"cpu_us_per_change_receiver,omitempty"`
	CPUPerAnswerReceiver  float64 `json:"cpu_us_per_answer_receiver,omitempty"`
	CPUPerReplaceReceiver float64 `json:"cpu_us_per_replace_receiver,omitempty"`

	IdleBytes  float64 `json:"idle_bytes_per_s"` // per participant
	IdleWindow float64 `json:"idle_window_s"`

	ServerRSSBefore int64   `json:"server_rss_before,omitempty"`
	ServerRSSAfter  int64   `json:"server_rss_after,omitempty"`
	RSSPerConn      float64 `json:"rss_per_participant,omitempty"` // bytes
	IdleCPU         float64 `json:"idle_cpu_percent,omitempty"`    // of one core
}

// hiddenMarker is what a participant's screen shows while results are
// hidden; the facilitator's "r" toggles it, which is the change measured.
const hiddenMarker = "Results appear here"

// participant is one simulated person.
type participant struct {
	term *termclient.Term
}

// Run performs the measurement. It always closes every connection it
// opened before it returns.
func Run(ctx context.Context, cfg Config) (Result, error) {
	if cfg.Log == nil {
		cfg.Log = func(string, ...any) {}
	}
	res := Result{Participants: cfg.Participants, Slow: cfg.Slow, Mode: "screens"}
	if cfg.Light {
		res.Mode = "light"
	}
	if cfg.PID > 0 {
		st, err := ReadProc(cfg.PID)
		if err != nil {
			return res, err
		}
		res.ServerRSSBefore = st.RSS
	}

	var all []*participant
	defer func() {
		var wg sync.WaitGroup
		for _, p := range all {
			wg.Go(p.term.Close)
		}
		wg.Wait()
	}()

	cfg.Log("connecting %d participants over %v", cfg.Participants, cfg.Ramp)
	readers, durations, failures, firstErr := connectAll(ctx, cfg, cfg.Participants, "load")
	all = append(all, readers...)
	res.Connect, res.ConnectFailed, res.FirstError = Summarize(durations), failures, firstErr
	cfg.Log("connected %d (%d failed): %v", len(readers), failures, res.Connect)
	if cfg.Slow > 0 {
		slow, _, _, _ := connectAll(ctx, cfg, cfg.Slow, "slow")
		for _, p := range slow {
			p.term.Stall()
		}
		all = append(all, slow...)
		cfg.Log("%d participants stopped reading", len(slow))
	}
	if len(readers) == 0 {
		return res, fmt.Errorf("no participant could connect: %s", firstErr)
	}

	fac, err := openFacilitator(cfg)
	if err != nil {
		return res, err
	}
	all = append(all, fac)

	if err := measureIdle(ctx, cfg, readers, &res); err != nil {
		return res, err
	}
	measureFanout(ctx, cfg, fac, readers, &res)
	measureAnswers(ctx, cfg, fac, readers, &res)
	measureReplaced(ctx, cfg, readers, &res)
	return res, nil
}

// connectAll opens n participants, spread over cfg.Ramp, and returns those
// that reached their first screen with how long each took.
func connectAll(ctx context.Context, cfg Config, n int, prefix string) ([]*participant, []time.Duration, int, string) {
	var (
		mu        sync.Mutex
		ok        []*participant
		durations []time.Duration
		failed    int
		firstErr  string
		wg        sync.WaitGroup
	)
	start := time.Now()
	for i := range n {
		if ctx.Err() != nil {
			break
		}
		if cfg.Ramp > 0 && n > 1 {
			// Spread the starts evenly over the ramp.
			at := start.Add(cfg.Ramp * time.Duration(i) / time.Duration(n))
			time.Sleep(time.Until(at))
		}
		wg.Go(func() {
			p, d, err := connect(cfg, fmt.Sprintf("%s %d", prefix, i), fmt.Sprintf("Org %d", i%7))
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				failed++
				if firstErr == "" {
					firstErr = err.Error()
				}
				return
			}
			ok = append(ok, p)
			durations = append(durations, d)
		})
	}
	wg.Wait()
	return ok, durations, failed, firstErr
}

// connect joins as a new participant with a fresh key, completes the
// first-join profile and waits for the workshop screen.
func connect(cfg Config, name, org string) (*participant, time.Duration, error) {
	key, err := termclient.NewKey()
	if err != nil {
		return nil, 0, err
	}
	t0 := time.Now()
	client, err := termclient.Dial(cfg.Addr, cfg.Code, key, 30*time.Second)
	if err != nil {
		return nil, 0, err
	}
	term, err := termclient.Open(client, termclient.Options{Compact: true, Stream: cfg.Light})
	if err != nil {
		client.Close()
		return nil, 0, err
	}
	fail := func(err error) (*participant, time.Duration, error) {
		term.Close()
		return nil, 0, err
	}
	if _, err := term.WaitFor("Display name", 30*time.Second); err != nil {
		return fail(err)
	}
	term.Type(name + "\r" + org + "\r")
	if _, err := term.WaitFor("Activity", 30*time.Second); err != nil {
		return fail(err)
	}
	return &participant{term: term}, time.Since(t0), nil
}

// openFacilitator opens the presenter view with the facilitator's key.
func openFacilitator(cfg Config) (*participant, error) {
	if cfg.Facilitator == nil {
		return nil, errors.New("a facilitator key is needed to make changes")
	}
	key := termclient.Key{Signer: cfg.Facilitator, ID: ssh.FingerprintSHA256(cfg.Facilitator.PublicKey())}
	addr := cfg.Addr
	if cfg.FacilitatorAddr != "" {
		addr = cfg.FacilitatorAddr
	}
	client, err := termclient.Dial(addr, cfg.Code, key, 30*time.Second)
	if err != nil {
		return nil, err
	}
	term, err := termclient.Open(client, termclient.Options{Width: 120, Height: 40, Compact: true})
	if err != nil {
		client.Close()
		return nil, err
	}
	// A facilitator gives a profile on their first visit.
	screen, err := term.WaitUntil(func(s string) bool {
		return strings.Contains(s, "PRESENTER") || strings.Contains(s, "Display name")
	}, 30*time.Second)
	if err == nil && !strings.Contains(screen, "PRESENTER") {
		term.Type("Load facilitator\rCommonGround\r")
		_, err = term.WaitFor("PRESENTER", 30*time.Second)
	}
	if err != nil {
		term.Close()
		return nil, fmt.Errorf("the facilitator key does not open the presenter view (is it in the facilitators file?): %w", err)
	}
	return &participant{term: term}, nil
}

// measureIdle lets everyone sit for cfg.Duration and records bytes per
// participant per second and, with a PID, the server's CPU and memory.
func measureIdle(ctx context.Context, cfg Config, readers []*participant, res *Result) error {
	// Let the last screens settle before the window opens (and the
	// server's rest after the arrivals, with a longer Settle).
	time.Sleep(max(cfg.Settle, time.Second))
	before := totalReceived(readers)
	var cpu0 ProcStat
	if cfg.PID > 0 {
		st, err := ReadProc(cfg.PID)
		if err != nil {
			return err
		}
		cpu0 = st
	}
	t0 := time.Now()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(cfg.Duration):
	}
	window := time.Since(t0)
	res.IdleWindow = window.Seconds()
	res.IdleBytes = float64(totalReceived(readers)-before) / float64(len(readers)) / window.Seconds()
	if cfg.PID > 0 {
		st, err := ReadProc(cfg.PID)
		if err != nil {
			return err
		}
		res.ServerRSSAfter = st.RSS
		res.RSSPerConn = float64(st.RSS-res.ServerRSSBefore) / float64(res.Participants+res.Slow)
		res.IdleCPU = 100 * (st.CPUTime - cpu0.CPUTime).Seconds() / window.Seconds()
	}
	return nil
}

func totalReceived(ps []*participant) int64 {
	var n int64
	for _, p := range ps {
		n += p.term.Received()
	}
	return n
}

// settle is the pause after each change before the next: the presenter's
// own screen settles, and the next change is not timed from within the
// pacing that follows the last (a program draws at most one snapshot per
// 50 ms, and one frame per 33 ms). A facilitator's key presses come further
// apart than that.
const settle = 200 * time.Millisecond

// measureFanout makes cfg.Changes changes from the presenter view (toggling
// whether results are revealed) and times how long each takes to show on
// every participant's screen.
func measureFanout(ctx context.Context, cfg Config, fac *participant, readers []*participant, res *Result) {
	t := newTally(cfg)
	hidden := strings.Contains(readers[0].term.Screen(), hiddenMarker)
	for k := range cfg.Changes {
		if ctx.Err() != nil {
			break
		}
		// What every screen shows after the change: the opposite of now.
		hidden = !hidden
		got, n := timeChange(cfg, readers, func() { fac.term.Type(toggleReveal(hidden)) }, shows(cfg, hidden))
		t.add(got, n, len(readers))
		cfg.Log("change %d: %v", k+1, Summarize(got))
		time.Sleep(settle)
	}
	res.Fanout, res.CPUPerChangeReceiver, res.BytesPerChange = t.result()
	res.Changes, res.Missed = t.changes, t.missed
}

// tally adds up one phase of timed changes: each change's times on the
// screens that showed it, the bytes they received, the screens that missed
// it, and the server's CPU over the phase.
type tally struct {
	all            []time.Duration
	bytes, watched int64
	changes        int
	missed         int
	cpu            cpuWindow
}

func newTally(cfg Config) *tally { return &tally{cpu: startCPU(cfg)} }

// add counts one change watched on watchers screens.
func (t *tally) add(got []time.Duration, bytes int64, watchers int) {
	t.all = append(t.all, got...)
	t.bytes += bytes
	t.watched += int64(watchers)
	t.missed += watchers - len(got)
	t.changes++
}

// result is the phase's latencies, the server's CPU per change per
// receiver and the bytes per change per watcher.
func (t *tally) result() (Latencies, float64, float64) {
	lat := Summarize(t.all)
	var bytes float64
	if t.watched > 0 {
		bytes = float64(t.bytes) / float64(t.watched)
	}
	return lat, t.cpu.perReceiver(lat.N), bytes
}

// shows is how a participant's screen tells the results are hidden or
// revealed. A screen read through an emulator shows the hidden marker or
// not; the light mode's stream has no "not", so a revealed screen is one
// that drew a count of answers since the change.
func shows(cfg Config, hidden bool) func(string) bool {
	if cfg.Light && !hidden {
		return answerCount.MatchString
	}
	return func(screen string) bool { return strings.Contains(screen, hiddenMarker) == hidden }
}

// cpuWindow is the server's CPU time since a phase of changes began.
type cpuWindow struct {
	cfg   Config
	start ProcStat
	ok    bool
}

func startCPU(cfg Config) cpuWindow {
	if cfg.PID <= 0 {
		return cpuWindow{}
	}
	st, err := ReadProc(cfg.PID)
	return cpuWindow{cfg: cfg, start: st, ok: err == nil}
}

// perReceiver is the server's CPU since start, in microseconds, divided by
// the screens the phase's changes reached; 0 without a PID. The pauses
// between changes are in the window too, but the server idles through
// them (idle_cpu_percent).
func (c cpuWindow) perReceiver(screens int) float64 {
	if !c.ok || screens == 0 {
		return 0
	}
	st, err := ReadProc(c.cfg.PID)
	if err != nil {
		return 0
	}
	return float64((st.CPUTime - c.start.CPUTime).Microseconds()) / float64(screens)
}

// toggleReveal is what the facilitator types to hide the results, or to
// reveal them: while input is open the presenter asks for r twice before it
// reveals (late answerers would read the others first).
func toggleReveal(hide bool) string {
	if hide {
		return "r"
	}
	return "rr"
}

// answerCount reads how many check-in answers a screen says there are.
var answerCount = regexp.MustCompile(`\b(\d+) answers?\b`)

// answersText is how a screen says there are n answers.
func answersText(n int) string {
	if n == 1 {
		return "1 answer"
	}
	return fmt.Sprintf("%d answers", n)
}

// measureAnswers has cfg.Changes participants, one after another, answer
// the check-in with the results revealed, and times how long each new
// answer takes to reach every other screen (the count of answers). It needs
// the workshop on a check-in that takes answers, as the demo workshop
// starts; otherwise it says why it measured nothing.
func measureAnswers(ctx context.Context, cfg Config, fac *participant, readers []*participant, res *Result) {
	if len(readers) < 2 {
		res.AnswersSkipped = "it takes two participants: one answers, the other watches"
		return
	}
	if strings.Contains(readers[0].term.Screen(), hiddenMarker) {
		// Reveal, so that the others' screens count the answers, and wait
		// for every screen: the first answer would otherwise be timed
		// from within the reveal's own fan-out, and wait out the pacing
		// that follows it.
		if got, _ := timeChange(cfg, readers, func() { fac.term.Type(toggleReveal(false)) }, shows(cfg, false)); len(got) == 0 {
			res.AnswersSkipped = "the results could not be revealed"
			return
		}
		time.Sleep(settle)
	}
	m := answerCount.FindStringSubmatch(readers[0].term.Screen())
	if m == nil {
		res.AnswersSkipped = "the screens show no count of answers: is the workshop on a check-in that takes answers?"
		return
	}
	count, _ := strconv.Atoi(m[1])
	t := newTally(cfg)
	for k := range min(cfg.Changes, len(readers)-1) {
		if ctx.Err() != nil {
			break
		}
		writer := readers[len(readers)-1-k] // each answers once: a second answer replaces the first
		watchers := readers[:len(readers)-1-k]
		count++
		want := answersText(count)
		got, n := timeChange(cfg, watchers, func() { writer.term.Type(fmt.Sprintf("load answer %d\r", k+1)) },
			func(screen string) bool { return strings.Contains(screen, want) })
		t.add(got, n, len(watchers))
		cfg.Log("answer %d: %v", k+1, Summarize(got))
		time.Sleep(settle)
	}
	res.AnswerFanout, res.CPUPerAnswerReceiver, res.BytesPerAnswer = t.result()
	res.Answers, res.AnswersMissed = t.changes, t.missed
}

// measureReplaced has the participant who answered first replace their
// answer cfg.Changes times, and times how long each new text takes to
// reach every other screen. The round keeps each answer where it was first
// given, so the first is at the top of every screen's results, and a
// replaced answer rewrites its own rows only.
func measureReplaced(ctx context.Context, cfg Config, readers []*participant, res *Result) {
	if res.Answers == 0 {
		return // nothing to replace
	}
	writer, watchers := readers[len(readers)-1], readers[:len(readers)-1]
	t := newTally(cfg)
	for k := range cfg.Changes {
		if ctx.Err() != nil {
			break
		}
		text := fmt.Sprintf("load answer 1, take %d", k+2)
		// The field holds the answer given: ctrl+u clears it, as in a
		// shell, and the new text goes in its place.
		got, n := timeChange(cfg, watchers, func() { writer.term.Type("\x15" + text + "\r") },
			func(screen string) bool { return strings.Contains(screen, text) })
		t.add(got, n, len(watchers))
		cfg.Log("replaced %d: %v", k+1, Summarize(got))
		time.Sleep(settle)
	}
	res.ReplaceFanout, res.CPUPerReplaceReceiver, res.BytesPerReplace = t.result()
	res.Replaced, res.ReplacedMissed = t.changes, t.missed
}

// timeChange makes a change and times, for each watcher, how long until its
// screen shows it; it returns those times (watchers that never showed it
// within cfg.ChangeTimeout are missing) and the bytes the watchers received
// meanwhile.
func timeChange(cfg Config, watchers []*participant, change func(), shows func(string) bool) ([]time.Duration, int64) {
	before := totalReceived(watchers)
	var (
		mu  sync.Mutex
		got []time.Duration
		wg  sync.WaitGroup
	)
	if cfg.Light {
		for _, p := range watchers {
			p.term.Forget() // the light reader looks only at what the change draws
		}
	}
	t0 := time.Now()
	change()
	for _, p := range watchers {
		wg.Go(func() {
			if _, err := p.term.WaitUntil(shows, cfg.ChangeTimeout); err == nil {
				d := time.Since(t0)
				mu.Lock()
				got = append(got, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return got, totalReceived(watchers) - before
}
