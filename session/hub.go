package session

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"sync"
	"time"

	"commonground/exercises"
	"commonground/exercises/catalog"
)

// Options configure a Hub.
type Options struct {
	// IsFacilitator reports whether an identity has facilitator rights in
	// every workshop (the server's facilitators file, the admin key).
	IsFacilitator func(id string) bool
	// Now is the clock; time.Now when nil. Tests pass their own.
	Now func() time.Time
	// Logger receives internal errors; slog.Default() when nil.
	Logger *slog.Logger
	// SubmitRate is how many actions per second one participant's identity
	// may send (across every workshop), with bursts of up to SubmitBurst;
	// Do refuses the excess with an ELimited error before it reaches the
	// workshop's owner. Facilitators are exempt. No limit when 0.
	SubmitRate  float64
	SubmitBurst int
	// PINRate is how many wrong rejoin PINs per second may come from one
	// source (the network address a front door passes to GuestByPIN), with
	// bursts of up to PINBurst; WorkshopPINRate and WorkshopPINBurst bound
	// the wrong PINs typed in one workshop from anywhere. Six-digit PINs,
	// given before PINs had letters, are a million times easier to guess:
	// wrong ones are held to a tenth of WorkshopPINBurst and a thousandth of
	// WorkshopPINRate besides. Beyond a limit GuestByPIN does not look, and
	// says when to try again. No limit when a rate is 0.
	PINRate          float64
	PINBurst         int
	WorkshopPINRate  float64
	WorkshopPINBurst int
	// GuestRate is how many new guests per second one source may create,
	// with bursts of up to GuestBurst: a venue shares one address, so the
	// burst should cover a room. No limit when 0.
	GuestRate  float64
	GuestBurst int
	// CardsPerActivity is how many cards one participant may have on an
	// activity's wall (facilitators are exempt). It is checked as a card
	// is added, never as a log is replayed: a workshop recorded under a
	// larger cap still opens. No limit when 0.
	CardsPerActivity int
	// OnPublish, when set, is called after every change a workshop
	// publishes to its viewers, on the workshop's owner goroutine: it must
	// return at once.
	OnPublish func()
	// Observer, when set, hears every action's outcome and every commit,
	// for an operator's metrics.
	Observer Observer
}

// Hub owns the live workshops of one server.
type Hub struct {
	store         Store
	isFacilitator func(string) bool
	now           func() time.Time
	log           *slog.Logger
	submits       *RateLimiter // nil: no limit
	onPublish     func()       // nil: none
	observer      Observer     // nil: none
	// Wrong rejoin PINs by source, by workshop, and six-digit ones by
	// workshop; new guests by source. Each nil: no limit.
	pinsFrom, pinsIn, legacyPINsIn, guestsFrom *RateLimiter
	cardsPerActivity                           int // 0: no cap

	mu     sync.Mutex
	live   map[string]*Workshop // by workshop ID
	closed bool

	// damaged holds, by workshop ID, why a workshop's records cannot be
	// read: it stays closed until a restart (after a restore).
	damagedMu sync.Mutex
	damaged   map[string]error
}

// NewHub returns a hub over store.
func NewHub(store Store, opts Options) *Hub {
	h := &Hub{store: store, isFacilitator: opts.IsFacilitator, now: opts.Now, log: opts.Logger, live: map[string]*Workshop{}, damaged: map[string]error{},
		submits: NewRateLimiter(opts.SubmitRate, opts.SubmitBurst), onPublish: opts.OnPublish, observer: opts.Observer,
		pinsFrom:     NewRateLimiter(opts.PINRate, opts.PINBurst),
		pinsIn:       NewRateLimiter(opts.WorkshopPINRate, opts.WorkshopPINBurst),
		legacyPINsIn: NewRateLimiter(opts.WorkshopPINRate/legacyPINRateDivisor, opts.WorkshopPINBurst/legacyPINBurstDivisor),
		guestsFrom:   NewRateLimiter(opts.GuestRate, opts.GuestBurst), cardsPerActivity: opts.CardsPerActivity}
	if h.isFacilitator == nil {
		h.isFacilitator = func(string) bool { return false }
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.Default()
	}
	return h
}

// NewWorkshop describes a workshop to create.
type NewWorkshop struct {
	Title        string
	Agenda       []exercises.Activity
	Facilitators []string // identity IDs with facilitator rights in this workshop
	CreatedBy    string   // identity ID of the creator, recorded as actor and facilitator
	Code         string   // join code to use; a random one when empty
}

// Create stores a new workshop and returns its metadata.
func (h *Hub) Create(spec NewWorkshop) (WorkshopMeta, error) {
	title, _ := exercises.CleanText(spec.Title, exercises.MaxTextLen)
	if title == "" {
		return WorkshopMeta{}, exercises.Errorf(exercises.EInvalid, "a workshop needs a title")
	}
	if len(spec.Agenda) == 0 {
		return WorkshopMeta{}, exercises.Errorf(exercises.EInvalid, "a workshop needs at least one activity")
	}
	if spec.Agenda[0].Prework != nil {
		return WorkshopMeta{}, exercises.Errorf(exercises.EInvalid, "the first activity cannot be prework: the live session starts on it")
	}
	for i, a := range spec.Agenda {
		if err := catalog.Validate(a); err != nil {
			return WorkshopMeta{}, exercises.Errorf(exercises.EInvalid, "activity %d: %v", i+1, err)
		}
	}
	facilitators := append([]string(nil), spec.Facilitators...)
	if spec.CreatedBy != "" {
		facilitators = append(facilitators, spec.CreatedBy)
	}
	for attempt := 0; ; attempt++ {
		code := spec.Code
		if code == "" {
			code = NewJoinCode()
		} else if code = NormalizeCode(code); code == "" {
			return WorkshopMeta{}, exercises.Errorf(exercises.EInvalid, "a join code has eight letters and digits, like k7wq-m3xd")
		}
		meta := WorkshopMeta{ID: newID(8), Code: code, Title: title, Created: h.now().UTC()}
		ev, err := newEvent(EvWorkshopCreated, meta.Created, spec.CreatedBy, WorkshopCreated{
			ID: meta.ID, Code: code, Title: title, Agenda: spec.Agenda, Facilitators: facilitators,
		})
		if err != nil {
			return WorkshopMeta{}, err
		}
		err = h.store.CreateWorkshop(meta, ev)
		if errors.Is(err, ErrCodeTaken) && spec.Code == "" && attempt < 5 {
			continue
		}
		if err != nil {
			return WorkshopMeta{}, fmt.Errorf("create workshop: %w", err)
		}
		return meta, nil
	}
}

// Open returns the live workshop with the join code, starting its owner
// if it is not running yet. It returns ErrNotFound for an unknown code, and
// an ErrDamaged for a workshop whose records cannot be read.
func (h *Hub) Open(code string) (*Workshop, error) {
	norm := NormalizeCode(code)
	if norm == "" {
		return nil, ErrNotFound
	}
	meta, err := h.store.WorkshopByCode(norm)
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.closed {
		return nil, ErrClosed
	}
	if w := h.live[meta.ID]; w != nil {
		return w, nil
	}
	st, err := h.load(meta.ID)
	if err != nil {
		return nil, err
	}
	w := &Workshop{id: meta.ID, hub: h, reqs: make(chan request, maxBatch),
		stop: make(chan struct{}), done: make(chan struct{}), subs: map[*Subscription]struct{}{},
		local: Presence{Present: map[string]int{}, Focus: map[string]string{}}}
	w.rebuildRoom()
	if shared, ok := h.store.(SharedStore); ok {
		ctx, cancel := context.WithCancel(context.Background())
		w.shared, w.follow, w.stopFollow = shared, shared.Follow(ctx, meta.ID, st.Seq), cancel
	}
	w.snap.Store(w.snapshot(st, 1))
	h.live[meta.ID] = w
	go func() {
		defer func() {
			if p := recover(); p != nil {
				h.log.Error("workshop owner crashed", "workshop", meta.ID, "panic", p, "stack", string(debug.Stack()))
			}
		}()
		w.run()
	}()
	return w, nil
}

// load rebuilds a workshop's state from its log. A log that cannot be
// read or replayed is an ErrDamaged, remembered so that the workshop is
// not read again.
func (h *Hub) load(id string) (*State, error) {
	h.damagedMu.Lock()
	err := h.damaged[id]
	h.damagedMu.Unlock()
	if err != nil {
		return nil, err
	}
	st, err := h.replay(id)
	if errors.Is(err, ErrDamaged) {
		h.damagedMu.Lock()
		h.damaged[id] = err
		h.damagedMu.Unlock()
	}
	return st, err
}

// replay folds a workshop's log.
func (h *Hub) replay(id string) (*State, error) {
	events, err := h.store.Events(id)
	if errors.Is(err, ErrNotFound) {
		// Its entry led here: the log should be there.
		return nil, Damaged(err, "the log of workshop %s is missing", id)
	}
	if err != nil {
		return nil, err
	}
	st, err := Fold(events)
	if err != nil {
		return nil, Damaged(err, "the log of workshop %s is damaged: it does not replay", id)
	}
	return st, nil
}

// Summary describes a workshop for listings.
type Summary struct {
	WorkshopMeta
	Participants int `json:"participants"`
	Activities   int `json:"activities"`
	Connected    int `json:"connected"`
	// Damaged says why the workshop cannot be opened (an ErrDamaged), or
	// is nil; the counts are 0 then.
	Damaged error `json:"-"`
}

// List returns every workshop with its participant count, oldest first.
// A workshop whose records cannot be read is listed as Damaged.
func (h *Hub) List() ([]Summary, error) {
	metas, err := h.store.Workshops()
	if err != nil {
		return nil, fmt.Errorf("list workshops: %w", err)
	}
	out := make([]Summary, 0, len(metas))
	for _, m := range metas {
		snap, err := h.Read(m.Code)
		if errors.Is(err, ErrNotFound) {
			// Workshops are never removed: the index of codes is damaged.
			err = Damaged(err, "the join code %s does not lead to workshop %s", m.Code, m.ID)
		}
		if errors.Is(err, ErrDamaged) {
			out = append(out, Summary{WorkshopMeta: m, Damaged: err})
			continue
		}
		if err != nil {
			return nil, err
		}
		out = append(out, Summary{WorkshopMeta: m, Participants: len(snap.Participants()),
			Activities: len(snap.Activities), Connected: len(snap.Present)})
	}
	return out, nil
}

// Read returns the newest state of a workshop without starting its owner:
// the live snapshot if it runs, else a fold of its log. For exports and
// listings.
func (h *Hub) Read(code string) (*Snapshot, error) {
	meta, err := h.store.WorkshopByCode(NormalizeCode(code))
	if err != nil {
		return nil, err
	}
	h.mu.Lock()
	w := h.live[meta.ID]
	h.mu.Unlock()
	if w != nil {
		return w.Snapshot(), nil
	}
	st, err := h.load(meta.ID)
	if err != nil {
		return nil, err
	}
	return newSnapshot(st, 0, map[string]int{}, h.isFacilitator), nil
}

// Backup writes a consistent copy of the whole store to w while workshops
// go on, if the store can make one.
func (h *Hub) Backup(w io.Writer) (int64, error) {
	b, ok := h.store.(io.WriterTo)
	if !ok {
		return 0, fmt.Errorf("this server's store (%T) cannot make a backup", h.store)
	}
	n, err := b.WriteTo(w)
	if err != nil {
		return n, fmt.Errorf("back up the store: %w", err)
	}
	return n, nil
}

// Store is the store the hub keeps its workshops in, for the cohorts kept
// beside them (package cohort).
func (h *Hub) Store() Store { return h.store }

// Now is the hub's clock (Options.Now).
func (h *Hub) Now() time.Time { return h.now() }

// Profile returns what an identity told us about themselves, or ErrNotFound.
func (h *Hub) Profile(id string) (Profile, error) { return h.store.Profile(id) }

// SaveProfile remembers a name and organisation for an identity, cleaned
// and cut like any other input.
func (h *Hub) SaveProfile(p Profile) error {
	p.Name, _ = exercises.CleanText(p.Name, exercises.MaxNameLen)
	p.Org, _ = exercises.CleanText(p.Org, exercises.MaxNameLen)
	return h.store.SaveProfile(p)
}

// GuestPrefix starts the identity ID of every guest (a participant without
// an SSH key); a key's identity starts with "SHA256:".
const GuestPrefix = "guest:"

// Six-digit PINs are a million times easier to guess than eight-character
// ones, so wrong ones are held to a tenth of a workshop's burst and a
// thousandth of its rate besides: at the command's defaults 10, then one
// every 2.8 hours, 19 in a day, which leaves each such guest a chance of
// about 1 in 54,000 a day of being found.
const (
	legacyPINBurstDivisor = 10
	legacyPINRateDivisor  = 1000
)

// NewGuest creates an identity for a participant without an SSH key, bound
// to one workshop, and returns it with the PIN that reclaims it later. from
// is where the request comes from (the front door's network address): each
// source may create Options.GuestRate guests a second, beyond a burst.
func (h *Hub) NewGuest(workshopID, from string) (id, pin string, err error) {
	if wait, ok := h.guestsFrom.Take(from, h.now()); !ok {
		return "", "", exercises.Errorf(ELimited, "Too many new guests have joined from your network just now. Please try again %s.", retryIn(wait))
	}
	id = GuestPrefix + newID(12)
	for range 20 {
		pin = newPIN()
		ok, err := h.store.ClaimPIN(workshopID, pin, id)
		if err != nil {
			return "", "", err
		}
		if ok {
			return id, pin, nil
		}
	}
	return "", "", fmt.Errorf("no free rejoin PIN in workshop %s", workshopID)
}

// Refusals of a rejoin PIN that carry no limit.
var (
	errPINFormat = exercises.Errorf(exercises.EInvalid, "A rejoin PIN has eight letters and digits, like K7WQ-M3XD (or six digits, if you were given it before).")
	errPINWrong  = exercises.Errorf(exercises.ENotFound, "That PIN is not known in this workshop.")
)

// GuestByPIN returns the guest identity a rejoin PIN belongs to in the
// workshop; a wrong PIN is an ENotFound *exercises.Error. Wrong PINs are
// limited per source (from, as in NewGuest) and per workshop
// (Options.PINRate): beyond a limit it does not look, and returns an
// ELimited error that says when to try again.
func (h *Hub) GuestByPIN(workshopID, pin, from string) (string, error) {
	pin = NormalizePIN(pin)
	if pin == "" {
		return "", errPINFormat
	}
	limits := []limit{
		{h.pinsFrom, from, "from your network"},
		{h.pinsIn, workshopID, "in this workshop"},
	}
	if legacyPIN(pin) {
		limits = append(limits, limit{h.legacyPINsIn, workshopID, "in this workshop"})
	}
	// Every attempt takes its tokens first, so that attempts running at
	// once cannot overrun a limit; one that was not a wrong PIN gives them
	// back.
	now := h.now()
	if refused, wait := takeAll(now, limits); refused != nil {
		return "", exercises.Errorf(ELimited, "Too many wrong rejoin PINs have been typed %s just now. Please try again %s, or join as a new guest.", refused.where, retryIn(wait))
	}
	id, err := h.store.GuestByPIN(workshopID, pin)
	if errors.Is(err, ErrNotFound) {
		return "", errPINWrong
	}
	giveAll(h.now(), limits)
	if err != nil {
		return "", fmt.Errorf("look up rejoin PIN: %w", err)
	}
	return id, nil
}

// CardsPerActivity is how many cards one participant may have on an
// activity's wall (Options.CardsPerActivity); 0 when there is no cap.
func (h *Hub) CardsPerActivity() int { return h.cardsPerActivity }

// Close stops every workshop: requests already waiting are committed,
// viewers see a closing snapshot, and later calls fail with ErrClosed.
// The store stays open; its owner closes it after. Calling Close again
// does nothing.
func (h *Hub) Close() {
	h.mu.Lock()
	if h.closed {
		h.mu.Unlock()
		return
	}
	h.closed = true
	live := make([]*Workshop, 0, len(h.live))
	for _, w := range h.live {
		live = append(live, w)
	}
	h.mu.Unlock()
	for _, w := range live {
		close(w.stop)
	}
	for _, w := range live {
		<-w.done
	}
}
