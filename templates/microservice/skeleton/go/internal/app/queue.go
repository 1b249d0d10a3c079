package app

import (
	"context"
	"sync"
)

// Message is a message on the service's queue.
type Message struct {
	Type    string `json:"type"`
	Payload any    `json:"payload"`
}

// Handler processes one consumed message.
type Handler func(ctx context.Context, m Message) error

// Queue is the producer and consumer of the service's queue.
type Queue interface {
	Publish(ctx context.Context, m Message) error
	// Consume registers the handler and returns; messages arrive in the background.
	Consume(ctx context.Context, h Handler) error
	// Ping fails when the broker cannot be reached (readiness).
	Ping(ctx context.Context) error
	Close()
}

// InMemoryQueue delivers messages synchronously: tests, and local runs without a broker.
type InMemoryQueue struct {
	mu        sync.Mutex
	Published []Message
	handler   Handler
}

func (q *InMemoryQueue) Publish(ctx context.Context, m Message) error {
	q.mu.Lock()
	q.Published = append(q.Published, m)
	h := q.handler
	q.mu.Unlock()
	if h != nil {
		return h(ctx, m)
	}
	return nil
}

func (q *InMemoryQueue) Consume(_ context.Context, h Handler) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handler = h
	return nil
}

func (q *InMemoryQueue) Ping(context.Context) error { return nil }
func (q *InMemoryQueue) Close()                     {}
