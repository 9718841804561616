package sshserver

import (
	"context"
	"errors"
	"fmt"
	"sync"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"

	"commonground/cohort"
	"commonground/exercises"
	"commonground/session"
	"commonground/tui"
)

// lobby serves a session whose SSH user is no workshop's join code: with a
// cohort's invite code it puts the key in the cohort (asking their name
// and organisation when no workshop knows them yet); then, for a key that
// is in a cohort, it runs the member's lobby, and opens what they choose
// there (a live session, or an activity's prework at their own pace),
// coming back to the lobby when they leave it. It reports false, having
// written nothing, when the session is neither: route then tells the
// person how to join a workshop.
func (s *Server) lobby(sess ssh.Session) bool {
	id := identity(sess.Context())
	hub := s.cfg.Hub
	cohorts := cohort.Of(hub)
	opts := tui.LobbyOptions{Now: hub.Now, Load: func() (cohort.Lobby, error) {
		l, _, err := cohorts.LobbyOf(id, hub.Now())
		return l, err
	}}
	invited, err := cohorts.ByInvite(sess.User())
	switch {
	case err == nil && id == "":
		wish.Fatalln(sess, fmt.Sprintf("To join %s, connect with your SSH key: a cohort knows its members by their keys.", invited.Title))
		return true
	case err == nil:
		if _, member := invited.Member(id); !member {
			join := func(name, org string) error {
				if _, err := cohorts.AddMember(invited.Name, id, cohort.Member{ID: id, Name: name, Org: org}); err != nil {
					return err
				}
				return hub.SaveProfile(session.Profile{ID: id, Name: name, Org: org})
			}
			if p, err := hub.Profile(id); err == nil {
				if err := join(p.Name, p.Org); err != nil {
					s.log.Error("join cohort", "cohort", invited.Name, "id", id, "err", err)
					wish.Fatalln(sess, failed)
					return true
				}
			} else {
				opts.Join, opts.Cohort = join, invited.Title
			}
		}
	case id == "":
		return false
	default:
		if _, member, err := cohorts.LobbyOf(id, hub.Now()); err != nil || !member {
			if err != nil {
				s.log.Error("read lobby", "id", id, "err", err)
			}
			return false
		}
	}
	if _, _, ok := sess.Pty(); !ok {
		wish.Fatalln(sess, fmt.Sprintf("CommonGround needs an interactive terminal. Connect with: ssh -t -p %d %s", s.port(), s.joinHost()))
		return true
	}
	in, stop := shareInput(sess)
	defer stop()
	sess.Context().SetValue(inputKey{}, in)
	for sess.Context().Err() == nil {
		choice, err := s.runLobby(sess, opts)
		if err != nil || choice == nil {
			return true
		}
		opts.Join = nil // a member now
		if !s.open(sess, id, choice) {
			return true
		}
	}
	return true
}

// open runs the session a member chose in their lobby, and reports
// whether they may come back to the lobby after: not when the workshop
// could not be opened, the server is closing or they were removed.
func (s *Server) open(sess ssh.Session, id string, choice *tui.LobbyChoice) bool {
	hub := s.cfg.Hub
	w, err := hub.Open(choice.Code)
	if err != nil {
		if !errors.Is(err, session.ErrClosed) {
			s.log.Error("open a cohort's session", "code", choice.Code, "err", err)
		}
		wish.Fatalln(sess, fmt.Sprintf("%q cannot be opened just now. Please try again in a moment.", choice.Title))
		return false
	}
	lobby, _, err := cohort.Of(hub).LobbyOf(id, hub.Now())
	if err != nil {
		s.log.Error("read lobby", "id", id, "err", err)
	}
	member := lobby.Member
	if _, err := hub.Profile(id); errors.Is(err, session.ErrNotFound) && member.Name != "" {
		// The cohort knows them: the workshop does not ask again.
		if err := hub.SaveProfile(session.Profile{ID: id, Name: member.Name, Org: member.Org}); err != nil {
			s.log.Error("save profile", "id", id, "err", err)
		}
	}
	s.serveTUI(sess, w, func(o *tui.Options) {
		o.SelfPaced, o.Prework, o.TimeZone, o.Lobby = choice.SelfPaced, choice.Activity, member.TimeZone, true
	})
	snap := w.Snapshot()
	_, gone := snap.IsRemoved(id)
	return !snap.Closing && !gone
}

// runLobby runs the lobby's program until the member chooses something
// or leaves, and returns the choice (nil when they left). Its one
// goroutine hands the program the terminal's new sizes, and ends with it.
func (s *Server) runLobby(sess ssh.Session, opts tui.LobbyOptions) (*tui.LobbyChoice, error) {
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	model := tui.NewLobby(opts)
	sizes := s.windowsOf(sess)
	width, height := clampWindow(sizes.get())
	p := tea.NewProgram(model, append(bm.MakeOptions(sess), tea.WithWindowSize(width, height), tea.WithInput(inputOf(sess).reader(ctx)),
		tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithFPS(fps), tea.WithLineRenderer())...)
	var sizing sync.WaitGroup
	sizing.Go(func() {
		for {
			select {
			case <-ctx.Done():
				return
			case <-sizes.changed:
				w, h := clampWindow(sizes.get())
				p.Send(tea.WindowSizeMsg{Width: w, Height: h})
			}
		}
	})
	_, err := p.Run()
	cancel()
	sizing.Wait()
	switch {
	case errors.Is(err, tea.ErrProgramPanic):
		s.log.Error("lobby program crashed; only this connection ends", "id", identity(sess.Context()))
		s.ended(DropCrash)
		_, _ = fmt.Fprint(sess, failed+"\r\n")
		_ = sess.Exit(1)
		return nil, err
	case err != nil && !errors.Is(err, tea.ErrProgramKilled):
		s.log.Error("lobby program", "id", identity(sess.Context()), "err", err)
		return nil, err
	case err != nil:
		return nil, err
	}
	return model.Chosen(), nil
}

// membersOf lists the members of the cohort the workshop is a session of,
// for the presenter's prework count; nil when it is none's.
func (s *Server) membersOf(w *session.Workshop) func() []exercises.Person {
	cohorts := cohort.Of(s.cfg.Hub)
	if st, err := cohorts.OfWorkshop(w.ID()); err != nil || st == nil {
		return nil
	}
	return func() []exercises.Person {
		st, err := cohorts.OfWorkshop(w.ID())
		out := []exercises.Person{}
		if err != nil || st == nil {
			return out
		}
		for _, m := range st.Members {
			out = append(out, exercises.Person{ID: m.ID, Name: m.Name, Org: m.Org})
		}
		return out
	}
}
