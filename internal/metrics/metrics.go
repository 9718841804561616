// Package metrics serves an operator's Prometheus metrics
// (`commonground --metrics HOST:PORT`): the live workshops and who is
// connected to each, actions and refusals, commits, how long a change takes
// to reach each connection, the connections the server ended and why, and
// Go's runtime. It is the official client library's registry, filled by the
// session and sshserver Observer hooks.
package metrics

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"commonground/session"
)

// Metrics is the server's metrics. It implements session.Observer and
// sshserver.Observer; every method is safe for concurrent use and returns
// at once.
type Metrics struct {
	reg       *prometheus.Registry
	actions   *prometheus.CounterVec
	commits   prometheus.Histogram
	batches   prometheus.Histogram
	failed    prometheus.Counter
	forwarded prometheus.Histogram
	ended     *prometheus.CounterVec
}

// New returns the metrics of a server whose open workshops live lists
// (session.Hub.Live), read at each scrape.
func New(live func() []session.LiveWorkshop) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		actions: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commonground_actions_total",
			Help: `Actions taken by participants and facilitators, by kind (the action's type) and outcome ("stored", or the reason it was refused: a rule's error code, "limited" for the submission rate, "store" when the store failed).`,
		}, []string{"kind", "outcome"}),
		commits: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "commonground_commit_seconds",
			Help:    "Time to append one batch of events to the store and sync it (one transaction: a group commit).",
			Buckets: prometheus.ExponentialBuckets(0.0005, 2, 14), // 0.5 ms .. 4 s
		}),
		batches: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "commonground_commit_events",
			Help:    "Events in one commit: how many changes a group commit took together.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 10), // 1 .. 512, the most requests a batch takes (some make more than one event)
		}),
		failed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "commonground_commit_failures_total",
			Help: "Commits the store refused; every action in them was refused and nothing changed.",
		}),
		forwarded: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "commonground_snapshot_forward_seconds",
			Help:    "Time from a workshop publishing a change until one connection's program has it, once per connection and change (the program draws it within a frame, 33 ms).",
			Buckets: prometheus.ExponentialBuckets(0.001, 2, 13), // 1 ms .. 4 s
		}),
		ended: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "commonground_connections_ended_total",
			Help: `Connections and sessions the server ended or refused, by reason ("lag": its client stopped reading; "crash"; "workshop_full"; "connection_rate"; ...).`,
		}, []string{"reason"}),
	}
	m.reg.MustRegister(m.actions, m.commits, m.batches, m.failed, m.forwarded, m.ended,
		&liveCollector{live: live},
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// Handler serves the metrics in Prometheus' text format.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// Decided implements session.Observer.
func (m *Metrics) Decided(kind, refused string) {
	outcome := refused
	if outcome == "" {
		outcome = "stored"
	}
	m.actions.WithLabelValues(kind, outcome).Inc()
}

// Committed implements session.Observer.
func (m *Metrics) Committed(events int, took time.Duration, failed bool) {
	if failed {
		m.failed.Inc()
		return
	}
	m.commits.Observe(took.Seconds())
	m.batches.Observe(float64(events))
}

// Forwarded implements sshserver.Observer.
func (m *Metrics) Forwarded(sincePublished time.Duration) {
	m.forwarded.Observe(sincePublished.Seconds())
}

// Ended implements sshserver.Observer.
func (m *Metrics) Ended(reason string) { m.ended.WithLabelValues(reason).Inc() }

// liveCollector reads the open workshops at each scrape, so that nothing
// is counted on the way (a gauge kept up to date would need a hook on
// every connection and disconnection).
type liveCollector struct{ live func() []session.LiveWorkshop }

var (
	liveWorkshops = prometheus.NewDesc("commonground_live_workshops",
		"Workshops open in the server (opened by someone joining since it started).", nil, nil)
	connected = prometheus.NewDesc("commonground_connected_participants",
		"People connected to a workshop, facilitators not counted, by the workshop's ID (as the log names it; never its join code, which lets people in).", []string{"workshop"}, nil)
)

func (c *liveCollector) Describe(ch chan<- *prometheus.Desc) {
	ch <- liveWorkshops
	ch <- connected
}

func (c *liveCollector) Collect(ch chan<- prometheus.Metric) {
	live := c.live()
	ch <- prometheus.MustNewConstMetric(liveWorkshops, prometheus.GaugeValue, float64(len(live)))
	for _, w := range live {
		ch <- prometheus.MustNewConstMetric(connected, prometheus.GaugeValue, float64(w.Participants), w.ID)
	}
}
