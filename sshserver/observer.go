package sshserver

import "time"

// Observer hears what connections go through, for an operator's metrics
// (internal/metrics). Connection goroutines call it: its methods must
// return at once and never block.
type Observer interface {
	// Forwarded tells how long after its workshop published a snapshot one
	// connection's program was handed it (it draws it within a frame).
	Forwarded(sincePublished time.Duration)
	// Ended tells that the server ended or refused a connection or a
	// session for a reason (one of the Drop constants).
	Ended(reason string)
}

// Why the server ends or refuses a connection or a session, for Observer.Ended.
const (
	DropLag            = "lag"             // its client stopped reading for MaxLag
	DropNoGreeting     = "no_greeting"     // silent for GreetingTimeout
	DropCrash          = "crash"           // its program or connection loop panicked
	DropWorkshopFull   = "workshop_full"   // MaxViewers
	DropKeySessions    = "key_sessions"    // MaxSessionsPerKey
	DropConnSessions   = "conn_sessions"   // SessionsPerConn
	DropConnectionRate = "connection_rate" // ConnRate
	DropCommandRate    = "command_rate"    // CommandRate
	DropShuttingDown   = "shutting_down"   // the server is stopping
)

// ended tells the observer, if any, why a connection or session ended.
func (s *Server) ended(reason string) {
	if s.cfg.Observer != nil {
		s.cfg.Observer.Ended(reason)
	}
}
