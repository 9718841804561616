package sshserver_test

import (
	"testing"

	"commonground/internal/termtest"
	"commonground/session"
)

// TestWorkshopFacilitatorGivesAProfile: a key named with --facilitator-key
// for one workshop, not in the server's facilitators file, meets the
// profile form on its first visit, over a real PTY; the name typed there
// runs no presenter command, and the presenter follows.
func TestWorkshopFacilitatorGivesAProfile(t *testing.T) {
	e := start(t)
	host := termtest.NewKey()
	meta, err := e.hub.Create(session.NewWorkshop{Title: "Funders", Agenda: checkInAndWillingness(t), Facilitators: []string{host.ID}})
	if err != nil {
		t.Fatal(err)
	}
	term := termtest.OpenSize(t, e.addr, meta.Code, host, bigW, bigH)
	term.WaitFor(t, "Display name", wait)
	term.Type("Dana Reed")
	term.Press("enter")
	term.Type("Funders Network")
	term.Press("enter")
	term.WaitFor(t, "PRESENTER", wait)
	w, err := e.hub.Open(meta.Code)
	if err != nil {
		t.Fatal(err)
	}
	snap := w.Snapshot()
	if act := snap.Activities[0]; snap.Current != 0 || act.Phase != 0 || act.Revealed || act.Locked || snap.Timer.Running {
		t.Fatalf("the name typed ran commands: activity %d phase %d revealed %v locked %v", snap.Current, act.Phase, act.Revealed, act.Locked)
	}
	if p, err := e.hub.Profile(host.ID); err != nil || p.Name != "Dana Reed" {
		t.Fatalf("profile %+v, %v", p, err)
	}
}
