// Package app is the HTTP app: health, metrics and the example resource.
package app

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Options are the app's dependencies.
type Options struct {
	Service string
	Store   ItemStore
	Queue   Queue // nil when the service has no queue
	Logger  *slog.Logger
}

// App is the HTTP handler with its metrics.
type App struct {
	opts     Options
	mux      *http.ServeMux
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	Consumed prometheus.Counter
	Registry *prometheus.Registry
}

// New builds the app.
func New(opts Options) *App {
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	constLabels := prometheus.Labels{"service": opts.Service}
	a := &App{
		opts: opts,
		mux:  http.NewServeMux(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "http_requests_total", Help: "HTTP requests by method, route and status.", ConstLabels: constLabels,
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "http_request_duration_seconds", Help: "HTTP request latency by method, route and status.",
			ConstLabels: constLabels,
			// 0.3, 0.5 and 1 s are the latency SLO thresholds of tiers 1, 2 and 3.
			Buckets: []float64{0.025, 0.05, 0.1, 0.25, 0.3, 0.5, 1, 2.5, 5},
		}, []string{"method", "route", "status"}),
		Consumed: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "queue_messages_consumed_total", Help: "Messages consumed from the queue.", ConstLabels: constLabels,
		}),
		Registry: reg,
	}
	reg.MustRegister(a.requests, a.duration, a.Consumed)

	a.route("GET /health/live", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	})
	a.route("GET /health/ready", a.ready)
	a.mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
	a.route("POST /v1/items", a.createItem)
	a.route("GET /v1/items", a.listItems)
	a.route("GET /v1/items/{id}", a.getItem)
	return a
}

func (a *App) ServeHTTP(w http.ResponseWriter, r *http.Request) { a.mux.ServeHTTP(w, r) }

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (s *statusRecorder) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// route registers a handler that is counted and timed under its pattern.
func (a *App) route(pattern string, h http.HandlerFunc) {
	a.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r)
		w.Header().Set(requestIDHeader, id)
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		h(rec, r)
		route := r.Pattern
		if len(route) > len(r.Method)+1 {
			route = route[len(r.Method)+1:]
		}
		status := strconv.Itoa(rec.status)
		elapsed := time.Since(start)
		a.requests.WithLabelValues(r.Method, route, status).Inc()
		a.duration.WithLabelValues(r.Method, route, status).Observe(elapsed.Seconds())
		a.opts.Logger.Info("request", "request_id", id, "method", r.Method, "path", r.URL.Path, "route", route,
			"status", rec.status,
			"duration_ms", float64(elapsed.Microseconds())/1000)
	})
}

// requestIDHeader carries the request id: the caller's when it sends a usable
// one, else a new one; the response echoes it and the request's log line holds it.
const requestIDHeader = "X-Request-Id"

func requestID(r *http.Request) string {
	if id := r.Header.Get(requestIDHeader); usableRequestID(id) {
		return id
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return hex.EncodeToString(b)
}

func usableRequestID(id string) bool {
	if id == "" || len(id) > 128 {
		return false
	}
	for _, c := range id {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._:-", c)
		if !ok {
			return false
		}
	}
	return true
}

func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	checks := map[string]string{}
	ok := true
	check := func(name string, ping func(context.Context) error) {
		if err := ping(ctx); err != nil {
			ok = false
			checks[name] = "unavailable"
			a.opts.Logger.Warn("readiness check failed", "dependency", name, "error", err.Error())
		} else {
			checks[name] = "ok"
		}
	}
	check("store", a.opts.Store.Ping)
	if a.opts.Queue != nil {
		check("queue", a.opts.Queue.Ping)
	}
	status, code := "ok", http.StatusOK
	if !ok {
		status, code = "unavailable", http.StatusServiceUnavailable
	}
	writeJSON(w, code, map[string]any{"status": status, "checks": checks})
}

func (a *App) createItem(w http.ResponseWriter, r *http.Request) {
	var in NewItem
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid JSON", "details": []string{err.Error()}})
		return
	}
	if problems := in.Validate(); len(problems) > 0 {
		writeJSON(w, http.StatusBadRequest, map[string]any{"error": "invalid item", "details": problems})
		return
	}
	item, err := a.opts.Store.Create(r.Context(), in)
	if err != nil {
		a.fail(w, err)
		return
	}
	if a.opts.Queue != nil {
		if err := a.opts.Queue.Publish(r.Context(), Message{Type: "item.created", Payload: item}); err != nil {
			a.fail(w, err)
			return
		}
	}
	writeJSON(w, http.StatusCreated, item)
}

func (a *App) listItems(w http.ResponseWriter, r *http.Request) {
	items, err := a.opts.Store.List(r.Context())
	if err != nil {
		a.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": items})
}

func (a *App) getItem(w http.ResponseWriter, r *http.Request) {
	item, err := a.opts.Store.Get(r.Context(), r.PathValue("id"))
	if err != nil {
		a.fail(w, err)
		return
	}
	if item == nil {
		writeJSON(w, http.StatusNotFound, map[string]string{"error": "not found"})
		return
	}
	writeJSON(w, http.StatusOK, item)
}

func (a *App) fail(w http.ResponseWriter, err error) {
	if errors.Is(err, ErrQueueUnavailable) {
		// the broker is down and the queue reconnects: the client retries later
		a.opts.Logger.Warn("request failed", "error", err.Error())
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"error": "queue unavailable"})
		return
	}
	a.opts.Logger.Error("request failed", "error", err.Error())
	writeJSON(w, http.StatusInternalServerError, map[string]string{"error": "internal error"})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}
