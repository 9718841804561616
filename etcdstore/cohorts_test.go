package etcdstore_test

import (
	"errors"
	"testing"

	"commonground/cohort"
	"commonground/internal/etcdtest"
	"commonground/session"
)

// TestCohortsOnTheCluster: a cohort made through one node is read, joined
// by its invite code and added to through another, and its name stays its
// own, as with the embedded store.
func TestCohortsOnTheCluster(t *testing.T) {
	c := etcdtest.Start(t, 1)
	a, b := cohort.Of(hubOver(t, open(t, c))), cohort.Of(hubOver(t, open(t, c)))
	made, err := a.Create(cohort.New{Name: "riverside", Title: "Riverside academy", TimeZone: "Europe/London"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := b.Create(cohort.New{Name: "riverside"}); err == nil {
		t.Error("a second cohort took the name riverside")
	}
	if _, err := b.AddMember("riverside", "", cohort.Member{ID: "SHA256:ana", Name: "Ana Ruiz", Org: "County Health"}); err != nil {
		t.Fatal(err)
	}
	got, err := a.ByInvite(made.Invite)
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "riverside" || len(got.Members) != 1 {
		t.Errorf("read through the other node: %q with %d members, want riverside with Ana", got.Name, len(got.Members))
	}
	list, err := b.List()
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %d cohorts, %v; want 1", len(list), err)
	}
	if _, err := open(t, c).CohortEvents("no-such-cohort"); !errors.Is(err, session.ErrNotFound) {
		t.Errorf("the log of no cohort: %v, want ErrNotFound", err)
	}
}
