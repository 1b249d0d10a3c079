package app

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
)

type brokenStore struct{ *MemoryItemStore }

func (brokenStore) Ping(context.Context) error { return errors.New("connection refused") }

func newTestApp(store ItemStore, queue Queue) *App {
	return New(Options{Service: "test", Store: store, Queue: queue, Logger: slog.New(slog.NewJSONHandler(io.Discard, nil))})
}

func do(t *testing.T, a *App, method, path, body string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequestWithContext(t.Context(), method, path, strings.NewReader(body))
	rec := httptest.NewRecorder()
	a.ServeHTTP(rec, req)
	return rec
}

func TestLiveAndReady(t *testing.T) {
	a := newTestApp(NewMemoryItemStore(), &InMemoryQueue{})
	if rec := do(t, a, "GET", "/health/live", ""); rec.Code != 200 {
		t.Fatalf("live: %d", rec.Code)
	}
	rec := do(t, a, "GET", "/health/ready", "")
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"queue":"ok"`) {
		t.Fatalf("ready: %d %s", rec.Code, rec.Body)
	}
}

func TestNotReadyWhenADependencyFails(t *testing.T) {
	a := newTestApp(brokenStore{NewMemoryItemStore()}, nil)
	rec := do(t, a, "GET", "/health/ready", "")
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"store":"unavailable"`) {
		t.Fatalf("ready: %d %s", rec.Code, rec.Body)
	}
}

func TestCreateReadListAndPublish(t *testing.T) {
	q := &InMemoryQueue{}
	a := newTestApp(NewMemoryItemStore(), q)
	rec := do(t, a, "POST", "/v1/items", `{"name":"pen","quantity":3}`)
	if rec.Code != 201 {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
	var item Item
	_ = json.Unmarshal(rec.Body.Bytes(), &item)
	got := do(t, a, "GET", "/v1/items/"+item.ID, "")
	if got.Code != 200 || !bytes.Contains(got.Body.Bytes(), []byte(`"name":"pen"`)) {
		t.Fatalf("get: %d %s", got.Code, got.Body)
	}
	if list := do(t, a, "GET", "/v1/items", ""); !strings.Contains(list.Body.String(), item.ID) {
		t.Fatalf("list: %s", list.Body)
	}
	if len(q.Published) != 1 || q.Published[0].Type != "item.created" {
		t.Fatalf("published: %+v", q.Published)
	}
}

// unavailableQueue fails every Publish like a RabbitQueue while it reconnects.
type unavailableQueue struct{ InMemoryQueue }

func (*unavailableQueue) Publish(context.Context, Message) error {
	return fmt.Errorf("message not published: %w: the RabbitMQ connection is down, reconnecting", ErrQueueUnavailable)
}

func TestAnswers503WhenTheQueueIsUnavailable(t *testing.T) {
	a := newTestApp(NewMemoryItemStore(), &unavailableQueue{})
	rec := do(t, a, "POST", "/v1/items", `{"name":"pen","quantity":3}`)
	if rec.Code != 503 || !strings.Contains(rec.Body.String(), `"error":"queue unavailable"`) {
		t.Fatalf("create: %d %s", rec.Code, rec.Body)
	}
}

func TestConsumerReceivesPublishedMessages(t *testing.T) {
	q := &InMemoryQueue{}
	var got []Message
	_ = q.Consume(context.Background(), func(_ context.Context, m Message) error { got = append(got, m); return nil })
	_ = q.Publish(context.Background(), Message{Type: "ping"})
	if len(got) != 1 || got[0].Type != "ping" {
		t.Fatalf("consumed: %+v", got)
	}
}

func TestRejectsInvalidInput(t *testing.T) {
	a := newTestApp(NewMemoryItemStore(), nil)
	for _, body := range []string{`{}`, `{"name":"","quantity":1}`, `{"name":"x","quantity":-1}`, `{"name":"x","quantity":1,"extra":true}`, `not json`} {
		if rec := do(t, a, "POST", "/v1/items", body); rec.Code != 400 {
			t.Errorf("%s: %d", body, rec.Code)
		}
	}
	if rec := do(t, a, "GET", "/v1/items/unknown", ""); rec.Code != 404 {
		t.Errorf("unknown: %d", rec.Code)
	}
}

func TestMetricsByRouteAndStatus(t *testing.T) {
	a := newTestApp(NewMemoryItemStore(), nil)
	do(t, a, "GET", "/health/live", "")
	do(t, a, "POST", "/v1/items", `{}`)
	body := do(t, a, "GET", "/metrics", "").Body.String()
	for _, want := range []string{
		`http_requests_total{method="GET",route="/health/live",service="test",status="200"} 1`,
		`http_requests_total{method="POST",route="/v1/items",service="test",status="400"} 1`,
		`http_request_duration_seconds_bucket{method="GET",route="/health/live",service="test",status="200",le="0.3"} 1`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("missing %s", want)
		}
	}
}
