package admin

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"commonground/agenda"
	"commonground/cohort"
	"commonground/exercises"
	"commonground/exercises/catalog"
	"commonground/session"
)

// timeLayout is how times read in listings: the server's local time, to the minute.
const timeLayout = "2006-01-02 15:04"

// NewAgenda returns one activity of each kind, in order, with its default
// settings. Errors are ENotFound for an unknown kind.
func NewAgenda(kinds ...exercises.Kind) ([]exercises.Activity, error) {
	agenda := make([]exercises.Activity, 0, len(kinds))
	for _, k := range kinds {
		a, err := catalog.New(k)
		if err != nil {
			return nil, err
		}
		agenda = append(agenda, a)
	}
	return agenda, nil
}

func workshopCommand(h *Host) *cobra.Command {
	c := group(&cobra.Command{
		Use:   "workshop",
		Short: "Create, list and show workshops",
	})
	c.AddCommand(workshopNewCommand(h), workshopListCommand(h), workshopShowCommand(h))
	return c
}

func workshopNewCommand(h *Host) *cobra.Command {
	var (
		title    string
		kinds    []string
		keys     []string
		code     string
		file     string
		template string
		group    string
		starts   string
	)
	c := &cobra.Command{
		Use:   "new --title TITLE [flags] | --agenda FILE | --template NAME",
		Short: "Create a workshop and print how to join it",
		Long: "Create a workshop with an agenda of activities and print its join code and the\n" +
			"command that joins it. The agenda is an agenda file (--agenda, see agenda --help),\n" +
			"a built-in template (--template, see agenda templates) or a list of activities with\n" +
			"their default settings (--activity). Facilitators of the server (the facilitators\n" +
			"file), the file's facilitators and the keys named with --facilitator-key run it;\n" +
			"everyone else who joins is a participant. Allowed on the server host and, over\n" +
			"SSH, for the server's facilitators; over SSH the agenda file comes on standard\n" +
			"input (--agenda -).\n\n" +
			"Activities (--activity, in order; without any, the demo's: " + kindList(catalog.Demo()) + "):\n" + kindHelp(),
		Example: "  commonground workshop new --agenda kickoff.yaml\n" +
			"  commonground workshop new --template kickoff --title \"Riverside partnership kickoff\"\n" +
			"  commonground workshop new --title \"Partnership kickoff\" --activity checkin --activity willingness\n" +
			"  ssh -p 2222 HOST workshop new --agenda - < kickoff.yaml\n" +
			"  ssh -p 2222 HOST 'workshop new --title \"Partnership kickoff\" --facilitator-key SHA256:...'\n" +
			"  (over SSH, quote the whole command: ssh joins its words with spaces)",
		Args: cobra.NoArgs,
		// Which flags go together is the usage's: errors here print it.
		PreRunE: func(c *cobra.Command, _ []string) error {
			fromFile := file != "" || template != ""
			switch {
			case file != "" && template != "":
				return errors.New("give --agenda or --template, not both")
			case fromFile && c.Flags().Changed("activity"):
				return errors.New("the agenda file has the activities: leave out --activity")
			case !fromFile && !c.Flags().Changed("title"):
				return errors.New("a workshop needs a title: give --title, or an agenda file with --agenda")
			case (group == "") != (starts == ""):
				return errors.New("a cohort's session needs both --cohort and --starts")
			}
			return nil
		},
		RunE: func(c *cobra.Command, _ []string) error {
			fromFile := file != "" || template != ""
			var (
				agendaIn agenda.Agenda
				fileIDs  []string
				input    []byte
				err      error
			)
			if fromFile {
				agendaIn, err = readAgenda(c, file, template, h.Files, "; the workshop was not created")
				if err != nil {
					return err
				}
				// Key files are read here, where the file was written.
				if fileIDs, err = fileKeys(agendaIn, sourceName(file), h.Files); err != nil {
					return err
				}
				if title == "" {
					title = agendaIn.Title
				}
				withIDs := agendaIn
				withIDs.Facilitators = fileIDs
				if input, err = agenda.Write(withIDs, ""); err != nil {
					return err
				}
			} else if agendaIn.Activities, err = agendaOf(kinds); err != nil {
				return err
			}
			return h.do(c, job{
				input: input,
				remote: func() ([]string, error) {
					ids, err := keyIDs(keys, true)
					if err != nil {
						return nil, err
					}
					// --flag=value throughout: an empty value stays an argument.
					args := []string{"workshop", "new", "--title=" + title}
					if fromFile {
						args = append(args, "--agenda=-")
					} else {
						for _, k := range kinds {
							args = append(args, "--activity="+k)
						}
					}
					for _, id := range ids {
						args = append(args, "--facilitator-key="+id)
					}
					if code != "" {
						args = append(args, "--code="+code)
					}
					if group != "" {
						args = append(args, "--cohort="+group, "--starts="+starts)
					}
					return args, nil
				},
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if !caller.serverFacilitator() {
						return exercises.Errorf(exercises.EForbidden,
							"only a facilitator of this server may create workshops: ask its administrator to add your public key to the facilitators file")
					}
					ids, err := keyIDs(keys, caller.Admin)
					if err != nil {
						return err
					}
					var (
						st    *cohort.State
						start time.Time
					)
					if group != "" {
						if st, err = organising(hub, caller, group); err != nil {
							return err
						}
						if start, err = sessionStart(st, starts); err != nil {
							return err
						}
						if agendaIn.Activities, err = cohort.Of(hub).WithReview(st, start, agendaIn.Activities); err != nil {
							return err
						}
					}
					list := agendaIn.Activities
					spec := session.NewWorkshop{Title: title, Agenda: list, Facilitators: append(fileIDs, ids...), Code: code}
					if !caller.Admin {
						spec.CreatedBy = caller.ID
					}
					meta, err := hub.Create(spec)
					if errors.Is(err, session.ErrCodeTaken) {
						return exercises.Errorf(exercises.EInvalid, "the join code %s is already in use; choose another or leave out --code", session.NormalizeCode(code))
					}
					if err != nil {
						return err
					}
					titles := make([]string, len(list))
					for i, a := range list {
						titles[i] = a.Title
					}
					fmt.Fprintf(w, "Created workshop %q with %s.\nJoin code: %s\nJoin with:\n%s\n",
						meta.Title, strings.Join(titles, ", "), meta.Code, caller.joinCommand(meta.Code))
					if st == nil {
						return nil
					}
					if st, err = cohort.Of(hub).AddSession(st.Name, caller.ID, cohort.Session{Workshop: meta.ID, Code: meta.Code, Title: meta.Title, Starts: start}); err != nil {
						return fmt.Errorf("the workshop was created, but not added to the cohort: %w", err)
					}
					fmt.Fprintf(w, "It is a session of %s (%d in all), starting %s.\n", st.Name, len(st.Sessions), exercises.InZone(start, st.TimeZone))
					return nil
				},
			})
		},
	}
	f := c.Flags()
	f.StringVarP(&title, "title", "t", "", "the workshop's title (required without an agenda file; with one, it replaces the file's)")
	defaults := make([]string, 0, len(catalog.Demo()))
	for _, k := range catalog.Demo() {
		defaults = append(defaults, string(k))
	}
	f.StringArrayVarP(&kinds, "activity", "a", defaults,
		fmt.Sprintf("an activity on the agenda, in order; repeat for more (kinds: %s)", kindList(catalog.Kinds())))
	f.StringVar(&file, "agenda", "", "an agenda file to create the workshop from; - reads standard input (see agenda --help)")
	f.StringVar(&template, "template", "", "a built-in agenda to create the workshop from (see agenda templates)")
	f.StringArrayVar(&keys, "facilitator-key", nil,
		"a key that facilitates this workshop: \"ssh-ed25519 AAAA...\", a fingerprint \"SHA256:...\",\n"+
			"or on the server host a public key file; repeat for more")
	f.StringVar(&code, "code", "", "the join code to use, like k7wq-m3xd (default: a random one)")
	f.StringVar(&group, "cohort", "", "the cohort the workshop is a session of (see cohort --help); needs --starts")
	f.StringVar(&starts, "starts", "", "when the cohort's session starts, like 2027-01-14T15:00 in the cohort's time zone")
	return c
}

// agendaOf turns --activity values into an agenda. Errors are ENotFound.
func agendaOf(kinds []string) ([]exercises.Activity, error) {
	ks := make([]exercises.Kind, len(kinds))
	for i, k := range kinds {
		ks[i] = exercises.Kind(strings.ToLower(strings.TrimSpace(k)))
	}
	return NewAgenda(ks...)
}

// kindHelp lists the exercises, each with what it is for, for help texts.
func kindHelp() string { return catalogTable(exercises.Exercise.About) }

// catalogTable lists the exercises by kind, each with what col says of it.
func catalogTable(col func(exercises.Exercise) string) string {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	for _, e := range catalog.All() {
		fmt.Fprintf(tw, "  %s\t%s\n", e.Kind(), col(e))
	}
	_ = tw.Flush() // cannot fail: it writes to a strings.Builder
	return strings.TrimRight(b.String(), "\n")
}

// kindList names exercise kinds for help texts.
func kindList(kinds []exercises.Kind) string {
	names := make([]string, 0, len(kinds))
	for _, k := range kinds {
		names = append(names, string(k))
	}
	return strings.Join(names, ", ")
}

func workshopListCommand(h *Host) *cobra.Command {
	return &cobra.Command{
		Use:   "list",
		Short: "List the workshops with their codes and participant counts",
		Long: "List every workshop on the server: join code, title, number of activities,\n" +
			"participants who joined, participants connected now (only while the server runs)\n" +
			"and when it was created. Allowed on the server host and, over SSH, for the\n" +
			"server's facilitators.",
		Args: cobra.NoArgs,
		RunE: func(c *cobra.Command, _ []string) error {
			return h.do(c, job{
				remote: func() ([]string, error) { return []string{"workshop", "list"}, nil },
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					if !caller.serverFacilitator() {
						return exercises.Errorf(exercises.EForbidden, "only a facilitator of this server may list its workshops")
					}
					list, err := hub.List()
					if err != nil {
						return err
					}
					if len(list) == 0 {
						fmt.Fprintln(w, "No workshops yet. Create one with: commonground workshop new --title TITLE")
						return nil
					}
					tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
					fmt.Fprintln(tw, "CODE\tTITLE\tACTIVITIES\tPARTICIPANTS\tCONNECTED\tCREATED")
					var damaged []session.Summary
					for _, s := range list {
						created := s.Created.Local().Format(timeLayout)
						if s.Damaged != nil {
							damaged = append(damaged, s)
							fmt.Fprintf(tw, "%s\t%s\tDAMAGED\t-\t-\t%s\n", s.Code, s.Title, created)
							continue
						}
						fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%s\n", s.Code, s.Title, s.Activities,
							s.Participants, s.Connected, created)
					}
					if err := tw.Flush(); err != nil {
						return err
					}
					if len(damaged) > 0 {
						fmt.Fprintf(w, "\nDAMAGED: its records in the store cannot be read, so it cannot be opened.\n"+
							"On the server host, commonground check says more; a backup restores it.\n")
					}
					if caller.Admin {
						for _, s := range damaged {
							fmt.Fprintf(w, "  %s: %v\n", s.Code, s.Damaged)
						}
					}
					fmt.Fprintf(w, "\nJoin with: %s\n", caller.joinCommand("CODE"))
					return nil
				},
			})
		},
	}
}

func workshopShowCommand(h *Host) *cobra.Command {
	return &cobra.Command{
		Use:   "show CODE",
		Short: "Show a workshop's agenda, where it stands and who answered",
		Long: "Show a workshop: how to join it, its people, and its agenda in its order with each\n" +
			"activity's phases (the current one in brackets), how many participants answered,\n" +
			"and its time against the minutes planned. Allowed on the server host and, over SSH,\n" +
			"for the workshop's facilitators.",
		Example: "  commonground workshop show k7wq-m3xd",
		Args:    cobra.ExactArgs(1),
		RunE: func(c *cobra.Command, args []string) error {
			return h.do(c, job{
				remote: func() ([]string, error) { return []string{"workshop", "show", "--", args[0]}, nil },
				run: func(w io.Writer, hub *session.Hub, caller Caller) error {
					snap, err := readAsFacilitator(hub, caller, args[0], "see")
					if err != nil {
						return err
					}
					return show(w, snap, caller)
				},
			})
		},
	}
}

// readAsFacilitator returns the workshop's snapshot if the caller may act
// on it as a facilitator; what is the verb for the refusal. A caller who
// may list the server's workshops hears whether the code exists; anyone
// else gets one answer for an unknown code and for someone else's
// workshop, so that trying codes tells them nothing, not even a title.
func readAsFacilitator(hub *session.Hub, caller Caller, code, what string) (*session.Snapshot, error) {
	snap, err := hub.Read(code)
	if errors.Is(err, session.ErrDamaged) && caller.serverFacilitator() {
		if caller.Admin {
			return nil, fmt.Errorf("the workshop %s cannot be opened: %w", code, err)
		}
		// Whose workshop it is cannot be read: a facilitator who may
		// list the workshops is told what a participant joining it is told.
		return nil, exercises.Errorf(exercises.EClosed,
			"the workshop %s cannot be opened: its records on the server are damaged; its administrator can run commonground check", code)
	}
	if err != nil && !errors.Is(err, session.ErrNotFound) && !errors.Is(err, session.ErrDamaged) {
		return nil, err
	}
	switch {
	case err == nil && caller.facilitatorOf(snap):
		return snap, nil
	case !caller.serverFacilitator():
		return nil, exercises.Errorf(exercises.EForbidden,
			"you are not a facilitator of a workshop with the join code %q: check the code, and connect with the SSH key of one of its facilitators", code)
	case err != nil:
		return nil, exercises.Errorf(exercises.ENotFound, "there is no workshop with the join code %q", code)
	}
	return nil, exercises.Errorf(exercises.EForbidden, "only a facilitator of %q may %s it", snap.Title, what)
}

// show writes a workshop's summary and agenda.
func show(w io.Writer, snap *session.Snapshot, caller Caller) error {
	participants := snap.Participants()
	connected := 0
	for _, p := range participants {
		if snap.Connected(p.ID) {
			connected++
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\n", snap.Title)
	fmt.Fprintf(tw, "join code:\t%s\n", snap.Code)
	fmt.Fprintf(tw, "join with:\t%s\n", caller.joinCommand(snap.Code))
	fmt.Fprintf(tw, "created:\t%s\n", snap.Created.Local().Format(timeLayout))
	fmt.Fprintf(tw, "participants:\t%d joined, %d connected\n", len(participants), connected)
	fmt.Fprintf(tw, "timer:\t%s\n", timerText(snap.Timer, time.Now()))
	fmt.Fprintf(tw, "\nagenda:\n")
	for pos, i := range snap.Plan {
		a := snap.Activities[i]
		mark := " "
		if i == snap.Current {
			mark = "▶"
		}
		fmt.Fprintf(tw, "%s %d. %s\t%s\t%s\t%s\t%s\n", mark, pos+1, a.Activity.Title, phaseLine(a),
			answeredText(snap, i, snap.InTheRoom()), timeText(snap, i), stateText(a))
	}
	return tw.Flush()
}

// phaseLine lists an activity's phases with the current one in brackets.
func phaseLine(a *session.ActivityState) string {
	names := make([]string, 0, len(a.Phases()))
	for i, p := range a.Phases() {
		if i == a.Phase {
			names = append(names, "["+p.Name+"]")
		} else {
			names = append(names, p.Name)
		}
	}
	return strings.Join(names, " → ")
}

// answeredText counts the participants who have done what activity i's
// current phase asks (exercises.Progress, as the presenter counts it); where
// there are several items to answer, also those who answered any.
func answeredText(snap *session.Snapshot, i int, participants []exercises.Person) string {
	prog := snap.Progress(i)
	done, _ := prog.Tally(participants)
	if prog.Counts != exercises.CountsAnswers || prog.Asked <= 1 {
		return fmt.Sprintf("%d of %d %s", done, len(participants), prog.Counts.Verb)
	}
	some := 0
	for _, p := range participants {
		if prog.Given(p.ID) > 0 {
			some++
		}
	}
	return fmt.Sprintf("%d of %d answered (%d all %d items)", some, len(participants), done, prog.Asked)
}

// stateText describes what participants see of an activity and what the
// facilitator set: results shown or hidden, input locked, anonymity, the
// decision.
func stateText(a *session.ActivityState) string {
	var parts []string
	if a.Revealed {
		parts = append(parts, "results shown")
	} else {
		parts = append(parts, "results hidden")
	}
	if a.Locked {
		parts = append(parts, "input locked")
	}
	if a.Activity.Anonymity != exercises.Named {
		parts = append(parts, string(a.Activity.Anonymity))
	}
	if d := a.Decision; d != nil {
		s := "decision: " + d.Outcome.Label()
		if d.Conditions != "" {
			s += " (" + d.Conditions + ")"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, ", ")
}

// timeText is an activity's time: how long it ran of the minutes planned,
// up to the workshop's last event, as the report counts it.
func timeText(snap *session.Snapshot, i int) string {
	planned := snap.Activities[i].Activity.TimeBox
	spent := snap.Actual(i, snap.Last).Round(time.Minute)
	if planned == 0 {
		return fmt.Sprintf("%d min, none planned", int(spent.Minutes()))
	}
	return fmt.Sprintf("%d of %d min", int(spent.Minutes()), int(planned.Minutes()))
}

// timerText describes the workshop's timer.
func timerText(t session.Timer, now time.Time) string {
	switch {
	case t.Running:
		return fmt.Sprintf("running, %s left", t.Remaining(now).Round(time.Second))
	case t.Set():
		return fmt.Sprintf("paused, %s left", t.Left.Round(time.Second))
	}
	return "not set"
}
