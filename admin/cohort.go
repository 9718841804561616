package admin

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"commonground/agenda"
	"commonground/cohort"
	"commonground/exercises"
	"commonground/session"
)

func cohortCommand(h *Host) *cobra.Command {
	c := group(&cobra.Command{
		Use:   "cohort",
		Short: "Create academy cohorts, add members, see their prework",
		Long: "An academy cohort is people from many organisations who meet for a series of live\n" +
			"sessions (workshops created with workshop new --cohort) and do prework at their own\n" +
			"pace in between. Members reach their lobby with ssh -p PORT HOST and no join code,\n" +
			"or join with the cohort's invite code: ssh -p PORT INVITE@HOST.",
	})
	c.AddCommand(cohortNewCommand(h), cohortAddCommand(h), cohortListCommand(h), cohortShowCommand(h), cohortNudgeCommand(h))
	return c
}

// organising returns the cohort if the caller may manage it: the server's
// administrator or facilitators, or the key that created it.
func organising(hub *session.Hub, caller Caller, name string) (*cohort.State, error) {
	st, err := cohort.Of(hub).Get(name)
	if err != nil {
		if !caller.serverFacilitator() {
			return nil, exercises.Errorf(exercises.EForbidden, "you do not organise a cohort named %q", exercises.Reclean(name))
		}
		return nil, err
	}
	if !caller.serverFacilitator() && !st.Organiser(caller.ID) {
		return nil, exercises.Errorf(exercises.EForbidden, "you do not organise a cohort named %q", exercises.Reclean(name))
	}
	return st, nil
}

func cohortNewCommand(h *Host) *cobra.Command {
	var title, tz string
	c := &cobra.Command{
		Use:   "new NAME",
		Short: "Create a cohort and print its invite code",
		Long: "Create a cohort. NAME is how commands name it (lower-case letters, digits and\n" +
			"dashes); --title is what members see. --tz is the organiser's time zone, in which\n" +
			"workshop new --starts reads a time without an offset. Allowed on the server host\n" +
			"and, over SSH, for the server's facilitators.",
		Example: "  commonground cohort new riverside-2027 --title \"Riverside academy 2027\" --tz Europe/London",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return h.do(c, job{
				remote: func() ([]string, error) {
					return []string{"cohort", "new", "--title=" + title, "--tz=" + tz, "--", args[0]}, nil
				},
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if !caller.serverFacilitator() {
						return exercises.Errorf(exercises.EForbidden, "only a facilitator of this server may create cohorts")
					}
					spec := cohort.New{Name: args[0], Title: title, TimeZone: tz}
					if !caller.Admin {
						spec.CreatedBy = caller.ID
					}
					st, err := cohort.Of(hub).Create(spec)
					if err != nil {
						return err
					}
					fmt.Fprintf(w, "Created cohort %s (%q).\nInvite code: %s\nMembers with a key join with:\n%s\n"+
						"Add members with: commonground cohort add %s --key KEYFILE --name NAME --org ORGANISATION\n",
						st.Name, st.Title, st.Invite, caller.joinCommand(st.Invite), st.Name)
					return nil
				},
			})
		},
	}
	c.Flags().StringVarP(&title, "title", "t", "", "the title members see (default: the name)")
	c.Flags().StringVar(&tz, "tz", "", "the organiser's time zone, like Europe/London (default: UTC)")
	return c
}

func cohortAddCommand(h *Host) *cobra.Command {
	var key, name, org, tz string
	c := &cobra.Command{
		Use:   "add NAME --key KEY --name NAME --org ORGANISATION",
		Short: "Add a member to a cohort (or change their name, organisation or time zone)",
		Long: "Add a member by their SSH public key: a public key \"ssh-ed25519 AAAA...\", a\n" +
			"fingerprint \"SHA256:...\", or on the server host a .pub file. Their lobby shows\n" +
			"times in --tz when given. Adding them again changes what is given. Allowed for the\n" +
			"server's facilitators and the cohort's organiser.",
		Example: "  commonground cohort add riverside-2027 --key ana.pub --name \"Ana Ruiz\" --org \"County Health\" --tz America/Chicago",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			resolve := func(files bool) (string, error) {
				ids, err := keyIDs([]string{key}, files)
				if err != nil {
					return "", exercises.Errorf(exercises.EInvalid, "%s", strings.Replace(exercises.ErrorMessage(err), "--facilitator-key", "--key", 1))
				}
				if len(ids) != 1 {
					return "", exercises.Errorf(exercises.EInvalid, "--key %s holds %d keys; give one member's key", key, len(ids))
				}
				return ids[0], nil
			}
			return h.do(c, job{
				remote: func() ([]string, error) {
					id, err := resolve(true) // a key file is read here, where it was written
					if err != nil {
						return nil, err
					}
					return []string{"cohort", "add", "--key=" + id, "--name=" + name, "--org=" + org, "--tz=" + tz, "--", args[0]}, nil
				},
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if _, err := organising(hub, caller, args[0]); err != nil {
						return err
					}
					id, err := resolve(caller.Admin)
					if err != nil {
						return err
					}
					st, err := cohort.Of(hub).AddMember(args[0], caller.ID, cohort.Member{ID: id, Name: name, Org: org, TimeZone: tz})
					if err != nil {
						return err
					}
					m, _ := st.Member(id)
					fmt.Fprintf(w, "%s (%s) is a member of %s: %s.\n", m.Name, m.Org, st.Name, count(len(st.Members), "member", "members"))
					return nil
				},
			})
		},
	}
	f := c.Flags()
	f.StringVar(&key, "key", "", "the member's SSH public key, fingerprint or (on the server host) .pub file")
	f.StringVar(&name, "name", "", "the member's name")
	f.StringVar(&org, "org", "", "the member's organisation")
	f.StringVar(&tz, "tz", "", "the member's time zone, like America/Chicago (default: UTC)")
	for _, req := range []string{"key", "name", "org"} {
		_ = c.MarkFlagRequired(req) // the flags exist: it cannot fail
	}
	return c
}

func cohortListCommand(h *Host) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the cohorts with their members and sessions",
		Args:  cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return h.do(c, job{
				remote: func() ([]string, error) { return []string{"cohort", "list"}, nil },
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if !caller.serverFacilitator() {
						return exercises.Errorf(exercises.EForbidden, "only a facilitator of this server may list its cohorts")
					}
					list, err := cohort.Of(hub).List()
					if err != nil {
						return err
					}
					if len(list) == 0 {
						fmt.Fprintln(w, "No cohorts yet. Create one with: commonground cohort new NAME")
						return nil
					}
					tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "NAME\tTITLE\tMEMBERS\tSESSIONS\tINVITE")
					for _, st := range list {
						fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%s\n", st.Name, st.Title, len(st.Members), len(st.Sessions), st.Invite)
					}
					return tw.Flush()
				},
			})
		},
	}
}

func cohortShowCommand(h *Host) *cobra.Command {
	var format string
	c := &cobra.Command{
		Use:   "show NAME",
		Short: "Show a cohort: its roster, its sessions and who did the prework",
		Long: "Show a cohort's members, its sessions and, for every activity marked as prework,\n" +
			"each member's status: done, in progress, not started or overdue. Who did it is\n" +
			"shown, never what they gave. --format csv writes the completion list alone, one\n" +
			"row per member and prework, to send reminders from your own tools.",
		Example: "  commonground cohort show riverside-2027\n" +
			"  commonground cohort show riverside-2027 --format csv > prework.csv",
		Args: cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			if format != "text" && format != "csv" {
				return exercises.Errorf(exercises.EInvalid, "--format is text or csv, not %q", exercises.Reclean(format))
			}
			return h.do(c, job{
				remote: func() ([]string, error) { return []string{"cohort", "show", "--format=" + format, "--", args[0]}, nil },
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					st, err := organising(hub, caller, args[0])
					if err != nil {
						return err
					}
					list, err := cohort.Of(hub).Completion(st, hub.Now())
					if err != nil {
						return err
					}
					if format == "csv" {
						return cohort.WriteCSV(w, st, list)
					}
					return showCohort(w, st, list, caller)
				},
			})
		},
	}
	c.Flags().StringVar(&format, "format", "text", "text, or csv for the completion list alone")
	return c
}

// showCohort writes a cohort's roster, sessions and prework completion.
func showCohort(w io.Writer, st *cohort.State, list []cohort.Prework, caller Caller) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s (%s)\n", st.Title, st.Name)
	fmt.Fprintf(tw, "invite code:\t%s (%s)\n", st.Invite, caller.joinCommand(st.Invite))
	fmt.Fprintf(tw, "time zone:\t%s\n", zoneName(st.TimeZone))
	fmt.Fprintf(tw, "\nmembers (%d):\n", len(st.Members))
	for _, m := range st.Members {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", m.Name, m.Org, zoneName(m.TimeZone))
	}
	fmt.Fprintf(tw, "\nsessions (%d):\n", len(st.Sessions))
	for _, s := range st.Sessions {
		fmt.Fprintf(tw, "  %s\t%s\t%s\n", s.Code, s.Title, exercises.InZone(s.Starts, st.TimeZone))
	}
	if len(list) > 0 {
		fmt.Fprintf(tw, "\nprework:\n")
	}
	for _, p := range list {
		fmt.Fprintf(tw, "  %s, %s: due %s, %d of %d did it\n", p.Session.Code, p.Title, exercises.InZone(p.Window.Due, st.TimeZone), p.Done(), len(p.Rows))
		for _, r := range p.Rows {
			progress := ""
			if r.Asked > 1 {
				progress = fmt.Sprintf("%d of %d", r.Given, r.Asked)
			}
			fmt.Fprintf(tw, "    %s\t%s\t%s\t%s\n", r.Member.Name, r.Member.Org, r.Status, progress)
		}
	}
	return tw.Flush()
}

// zoneName names a time zone, UTC for none.
func zoneName(tz string) string {
	if tz == "" {
		return "UTC"
	}
	return tz
}

func cohortNudgeCommand(h *Host) *cobra.Command {
	var code string
	var number int
	c := &cobra.Command{
		Use:   "nudge NAME --session CODE --activity N MESSAGE",
		Short: "Leave a nudge for the members who have not done a prework",
		Long: fmt.Sprintf("Leave a short message (at most %d characters) that the lobby shows the members of\n"+
			"the cohort who have not done the prework of activity N (as workshop show numbers\n"+
			"it) of the session with the join code, until they have done it. Allowed for the\n"+
			"server's facilitators and the cohort's organiser.", cohort.MaxNudgeLen),
		Example: "  commonground cohort nudge riverside-2027 --session k7wq-m3xd --activity 2 \"Ten minutes before Thursday, please!\"",
		Args:    cobra.MinimumNArgs(2),
		RunE: func(c *cobra.Command, args []string) error {
			text := strings.Join(args[1:], " ")
			return h.do(c, job{
				remote: func() ([]string, error) {
					return []string{"cohort", "nudge", "--session=" + code, "--activity=" + strconv.Itoa(number), "--", args[0], text}, nil
				},
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if _, err := organising(hub, caller, args[0]); err != nil {
						return err
					}
					snap, err := hub.Read(code)
					if err != nil {
						return exercises.Errorf(exercises.ENotFound, "there is no workshop with the join code %q", exercises.Reclean(code))
					}
					if number < 1 || number > len(snap.Plan) {
						return exercises.Errorf(exercises.EInvalid, "--activity is a number from 1 to %d (see workshop show %s)", len(snap.Plan), snap.Code)
					}
					st, notice, err := cohort.Of(hub).LeaveNudge(args[0], caller.ID, code, snap.Plan[number-1], text)
					if err != nil {
						return err
					}
					list, err := cohort.Of(hub).Completion(st, hub.Now())
					if err != nil {
						return err
					}
					waiting := 0
					for _, p := range list {
						if p.Session.Code == snap.Code && p.Activity == snap.Plan[number-1] {
							waiting = len(p.Rows) - p.Done()
						}
					}
					if notice != "" {
						fmt.Fprintln(w, notice)
					}
					who := "members who have"
					if waiting == 1 {
						who = "member who has"
					}
					fmt.Fprintf(w, "Left the nudge: the %d %s not done it will see it in their lobby.\n", waiting, who)
					return nil
				},
			})
		},
	}
	c.Flags().StringVar(&code, "session", "", "the join code of the session")
	c.Flags().IntVar(&number, "activity", 0, "the activity's number in the session's agenda")
	_ = c.MarkFlagRequired("session")
	_ = c.MarkFlagRequired("activity")
	return c
}

// sessionStart reads --starts in the cohort's time zone.
func sessionStart(st *cohort.State, starts string) (time.Time, error) {
	loc := time.UTC
	if st.TimeZone != "" {
		if l, err := time.LoadLocation(st.TimeZone); err == nil {
			loc = l
		}
	}
	t, err := agenda.PreworkTime(starts, loc, false)
	if err != nil {
		return time.Time{}, exercises.Errorf(exercises.EInvalid, "--starts must be a date and time like 2027-01-14T15:00 (in %s) or with an offset, not %q", zoneName(st.TimeZone), exercises.Reclean(starts))
	}
	return t, nil
}
