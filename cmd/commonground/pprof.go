package main

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
)

// serveProfiling serves Go's profiling endpoints on addr until the returned
// function is called. They are on their own mux, never on a default one,
// so nothing else is exposed with them.
func serveProfiling(addr string, log *slog.Logger) (stop func(), err error) {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return serveHTTP("pprof", addr, "/debug/pprof/", mux, log)
}

// serveHTTP serves h on addr, the value of the flag --name, until the
// returned function is called, and logs the URL of path on it.
func serveHTTP(name, addr, path string, h http.Handler, log *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("--%s: %w", name, err)
	}
	srv := &http.Server{Handler: h}
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error(name+" endpoint stopped", "err", err)
		}
	}()
	log.Info(name+" endpoint", "url", "http://"+ln.Addr().String()+path)
	return func() { _ = srv.Close() }, nil
}
