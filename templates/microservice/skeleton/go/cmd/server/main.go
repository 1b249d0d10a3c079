// Command server runs ${{ values.name }}: JSON logs, graceful shutdown on SIGTERM.
package main

import (
	"context"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"${{ values.name }}/internal/app"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "-healthcheck" {
		os.Exit(healthcheck())
	}
	logger := slog.New(slog.NewJSONHandler(os.Stdout, nil))
	slog.SetDefault(logger)
	if err := run(logger); err != nil {
		logger.Error("stopped", "error", err.Error())
		os.Exit(1)
	}
}

// healthcheck is the image's HEALTHCHECK (distroless has no curl): 0 when the
// service answers /health/live within 2 s.
func healthcheck() int {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	url := "http://127.0.0.1:" + env("PORT", "${{ values.port }}") + "/health/live"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 1
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 1
	}
	defer func() { _ = res.Body.Close() }()
	if res.StatusCode != http.StatusOK {
		return 1
	}
	return 0
}

func env(key, fallback string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return fallback
}

func run(logger *slog.Logger) error {
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	service := env("SERVICE_NAME", "${{ values.name }}")

	var store app.ItemStore = app.NewMemoryItemStore()
{%- if values.database == 'postgres' %}
	if url := os.Getenv("DATABASE_URL"); url != "" {
		pg, err := app.NewPostgresItemStore(ctx, url)
		if err != nil {
			return err
		}
		store = pg
	}
{%- endif %}
	defer store.Close()

	var queue app.Queue
{%- if values.queue == 'sqs' %}
	queue = &app.InMemoryQueue{}
	if url := os.Getenv("QUEUE_URL"); url != "" {
		q, err := app.NewSQSQueue(ctx, url)
		if err != nil {
			return err
		}
		queue = q
	}
{%- elif values.queue == 'rabbitmq' %}
	queue = &app.InMemoryQueue{}
	if url := os.Getenv("AMQP_URL"); url != "" {
		q, err := app.NewRabbitQueue(url, env("QUEUE_NAME", service))
		if err != nil {
			return err
		}
		queue = q
	}
{%- endif %}

	a := app.New(app.Options{Service: service, Store: store, Queue: queue, Logger: logger})
	if queue != nil {
		defer queue.Close()
		if err := queue.Consume(ctx, func(_ context.Context, m app.Message) error {
			a.Consumed.Inc()
			logger.Info("message consumed", "type", m.Type)
			return nil
		}); err != nil {
			return err
		}
	}

	addr := net.JoinHostPort(env("HOST", "127.0.0.1"), env("PORT", "${{ values.port }}"))
	server := &http.Server{Addr: addr, Handler: a, ReadHeaderTimeout: 5 * time.Second}
	errs := make(chan error, 1)
	go func() { errs <- server.ListenAndServe() }()
	logger.Info("listening", "addr", addr)

	select {
	case err := <-errs:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
