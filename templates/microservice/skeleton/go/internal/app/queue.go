package app

import (
	"context"
{%- if values.queue == 'rabbitmq' %}
	"encoding/json"
{%- endif %}
	"errors"
{%- if values.queue == 'rabbitmq' %}
	"fmt"
	"log/slog"
	"math/rand/v2"
{%- endif %}
	"sync"
{%- if values.queue == 'rabbitmq' %}
	"time"

	amqp "github.com/rabbitmq/amqp091-go"
{%- endif %}
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

// ErrQueueUnavailable is wrapped by the errors of Publish and Ping while the
// broker connection is down (the queue is reconnecting, or closed); the app
// answers 503.
var ErrQueueUnavailable = errors.New("queue unavailable")
{%- if values.queue == 'rabbitmq' %}

// RabbitOptions tunes a RabbitQueue; zero values take the defaults.
type RabbitOptions struct {
	// MinReconnectDelay is the first reconnect delay, doubled after each failed attempt (default 500ms).
	MinReconnectDelay time.Duration
	// MaxReconnectDelay caps the reconnect delay (default 30s).
	MaxReconnectDelay time.Duration
	// Logger receives the connection's losses and recoveries (default slog.Default(), JSON in main).
	Logger *slog.Logger
}

// ReconnectDelay is the delay before reconnect attempt `attempt` (1, 2, ...):
// minDelay doubling up to maxDelay, with "equal jitter" (half of it fixed,
// half random) so that the replicas of a service do not reconnect in step
// after a broker restart.
func ReconnectDelay(attempt int, minDelay, maxDelay time.Duration) time.Duration {
	ceiling := maxDelay
	if attempt >= 1 && attempt <= 31 {
		if d := minDelay << (attempt - 1); d > 0 && d < maxDelay {
			ceiling = d
		}
	}
	half := ceiling / 2
	return half + rand.N(ceiling-half+1)
}

// RabbitQueue is RabbitMQ / Amazon MQ (AMQP_URL, QUEUE_NAME).
//
// NewRabbitQueue makes the first connection (start-up fails without a
// broker). When the connection or its channel is lost later (broker restart,
// connection closed by the broker, dead peer found by heartbeats), a
// goroutine reconnects with capped exponential backoff, declares the queue
// again and resumes the consumer. While it is disconnected, Publish fails at
// once with ErrQueueUnavailable instead of waiting for the broker: the
// request fails now and its client retries, and nothing is buffered in memory
// where a restart would lose it. Ping fails too, so readiness takes the
// instance out of service until the broker is back. (amqp091-go's own
// Config.Recovery retries at a fixed interval a bounded number of times,
// hence this loop.)
type RabbitQueue struct {
	url, name string
	opts      RabbitOptions
	log       *slog.Logger

	mu         sync.Mutex
	conn       *amqp.Connection // nil while disconnected
	ch         *amqp.Channel
	consumerCh *amqp.Channel // the channel the consumer runs on
	lastErr    error
	handler    Handler
	handlerCtx context.Context
	closed     bool

	done      chan struct{} // closed by Close: stops the reconnect loop
	closeOnce sync.Once
	watcher   sync.WaitGroup // the goroutine that watches the connection and reconnects
	consumers sync.WaitGroup // delivery loops
}

// NewRabbitQueue connects with the default options.
func NewRabbitQueue(url, name string) (*RabbitQueue, error) {
	return NewRabbitQueueWithOptions(url, name, RabbitOptions{})
}

// NewRabbitQueueWithOptions connects, declares the durable queue and starts
// watching the connection.
func NewRabbitQueueWithOptions(url, name string, opts RabbitOptions) (*RabbitQueue, error) {
	if opts.MinReconnectDelay <= 0 {
		opts.MinReconnectDelay = 500 * time.Millisecond
	}
	if opts.MaxReconnectDelay <= 0 {
		opts.MaxReconnectDelay = 30 * time.Second
	}
	if opts.Logger == nil {
		opts.Logger = slog.Default()
	}
	q := &RabbitQueue{url: url, name: name, opts: opts, log: opts.Logger, done: make(chan struct{})}
	conn, ch, err := q.dial()
	if err != nil {
		return nil, err
	}
	q.conn, q.ch = conn, ch
	q.watcher.Add(1)
	go q.watch(conn, ch)
	return q, nil
}

// dial connects, opens a channel in confirm mode and declares the queue.
func (q *RabbitQueue) dial() (*amqp.Connection, *amqp.Channel, error) {
	conn, err := amqp.Dial(q.url)
	if err != nil {
		return nil, nil, err
	}
	ch, err := conn.Channel()
	if err == nil {
		// Publish returns once the broker has confirmed the message
		err = ch.Confirm(false)
	}
	if err == nil {
		_, err = ch.QueueDeclare(q.name, true, false, false, false, nil)
	}
	if err != nil {
		_ = conn.Close()
		return nil, nil, err
	}
	return conn, ch, nil
}

// watch waits for the connection or its channel to close, then reconnects;
// it returns when the queue is closed.
func (q *RabbitQueue) watch(conn *amqp.Connection, ch *amqp.Channel) {
	defer q.watcher.Done()
	for {
		// buffered: the library must never block on them
		connClosed := conn.NotifyClose(make(chan *amqp.Error, 1))
		chClosed := ch.NotifyClose(make(chan *amqp.Error, 1))
		var reason *amqp.Error
		select {
		case <-q.done:
			return
		case reason = <-connClosed:
		case reason = <-chClosed:
		}
		select {
		case <-q.done: // Close closed it
			return
		default:
		}
		lost := errors.New("connection closed")
		if reason != nil {
			lost = reason
		}
		q.mu.Lock()
		q.conn, q.ch, q.consumerCh, q.lastErr = nil, nil, nil, lost
		q.mu.Unlock()
		_ = conn.Close() // when only the channel closed
		q.log.Warn("rabbitmq connection lost, reconnecting", "queue", q.name, "error", lost.Error())
		var ok bool
		if conn, ch, ok = q.reconnect(); !ok {
			return
		}
	}
}

// reconnect dials with backoff until it succeeds (true) or the queue is closed (false).
func (q *RabbitQueue) reconnect() (*amqp.Connection, *amqp.Channel, bool) {
	for attempt := 1; ; attempt++ {
		delay := ReconnectDelay(attempt, q.opts.MinReconnectDelay, q.opts.MaxReconnectDelay)
		timer := time.NewTimer(delay)
		select {
		case <-q.done:
			timer.Stop()
			return nil, nil, false
		case <-timer.C:
		}
		conn, ch, err := q.dial()
		if err == nil {
			err = q.resume(conn, ch)
		}
		if err == nil {
			q.log.Info("rabbitmq reconnected", "queue", q.name, "attempts", attempt)
			return conn, ch, true
		}
		select {
		case <-q.done:
			return nil, nil, false
		default:
		}
		q.mu.Lock()
		q.lastErr = err
		q.mu.Unlock()
		q.log.Warn("rabbitmq reconnect failed", "queue", q.name, "attempt", attempt, "delay_ms", delay.Milliseconds(), "error", err.Error())
	}
}

// resume makes a new connection the current one and restarts the consumer on it.
func (q *RabbitQueue) resume(conn *amqp.Connection, ch *amqp.Channel) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.closed {
		_ = conn.Close()
		return fmt.Errorf("%w: the queue is closed", ErrQueueUnavailable)
	}
	if q.handler != nil {
		if err := q.startConsumerLocked(ch); err != nil {
			_ = conn.Close()
			return err
		}
	}
	q.conn, q.ch = conn, ch
	return nil
}

// unavailableLocked is the error of Publish and Ping while disconnected.
func (q *RabbitQueue) unavailableLocked(what string) error {
	if q.closed {
		return fmt.Errorf("%s: %w: the queue is closed", what, ErrQueueUnavailable)
	}
	if q.lastErr == nil {
		return fmt.Errorf("%s: %w: the RabbitMQ connection is down, reconnecting", what, ErrQueueUnavailable)
	}
	return fmt.Errorf("%s: %w: the RabbitMQ connection is down, reconnecting: %w", what, ErrQueueUnavailable, q.lastErr)
}

// channel is the current channel, or the error to return while disconnected.
func (q *RabbitQueue) channel(what string) (*amqp.Channel, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.ch == nil {
		return nil, q.unavailableLocked(what)
	}
	return q.ch, nil
}

// Publish returns once the broker has confirmed the (persistent) message. It
// fails at once with ErrQueueUnavailable while the connection is down; a
// message in flight when the connection drops fails unconfirmed.
func (q *RabbitQueue) Publish(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	ch, err := q.channel("message not published")
	if err != nil {
		return err
	}
	confirm, err := ch.PublishWithDeferredConfirmWithContext(ctx, "", q.name, false, false, amqp.Publishing{ContentType: "application/json", DeliveryMode: amqp.Persistent, Body: body})
	if errors.Is(err, amqp.ErrClosed) {
		return fmt.Errorf("message not published: %w: the RabbitMQ channel is closed", ErrQueueUnavailable)
	}
	if err != nil {
		return err
	}
	acked, err := confirm.WaitContext(ctx)
	if err != nil {
		return err
	}
	if !acked {
		if ch.IsClosed() {
			return fmt.Errorf("message not confirmed: %w: the RabbitMQ channel closed", ErrQueueUnavailable)
		}
		return errors.New("message not confirmed: the broker refused it")
	}
	return nil
}

// Consume registers the handler and starts consuming (and resumes after
// each reconnect). It acks what the handler processed; a failed message is
// rejected without requeueing (the broker's dead-letter policy takes it).
// While disconnected, it returns nil and the consumer starts with the next
// connection.
func (q *RabbitQueue) Consume(ctx context.Context, h Handler) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.handler, q.handlerCtx = h, ctx
	if q.ch == nil || q.consumerCh == q.ch {
		return nil
	}
	return q.startConsumerLocked(q.ch)
}

func (q *RabbitQueue) consumerTag() string { return q.name + "-consumer" }

func (q *RabbitQueue) startConsumerLocked(ch *amqp.Channel) error {
	deliveries, err := ch.Consume(q.name, q.consumerTag(), false, false, false, false, nil)
	if err != nil {
		return err
	}
	q.consumerCh = ch
	q.consumers.Add(1)
	go q.deliver(q.handlerCtx, q.handler, ch, deliveries)
	return nil
}

// deliver hands each message to h until the channel closes or the consumer is cancelled.
func (q *RabbitQueue) deliver(ctx context.Context, h Handler, ch *amqp.Channel, deliveries <-chan amqp.Delivery) {
	defer q.consumers.Done()
	for d := range deliveries {
		var m Message
		if json.Unmarshal(d.Body, &m) == nil && h(ctx, m) == nil {
			_ = d.Ack(false)
		} else {
			// not requeued: the broker's dead-letter policy takes it
			_ = d.Nack(false, false)
		}
	}
	select {
	case <-q.done: // Close cancelled the consumer
		return
	default:
	}
	if !ch.IsClosed() {
		// the broker cancelled the consumer (the queue was deleted): a new
		// connection declares the queue again and resumes consuming
		q.log.Warn("rabbitmq consumer cancelled by the broker, reopening", "queue", q.name)
		_ = ch.Close()
	}
}

// Ping fails while disconnected, or when the broker does not answer before ctx ends.
func (q *RabbitQueue) Ping(ctx context.Context) error {
	ch, err := q.channel("RabbitMQ unavailable")
	if err != nil {
		return err
	}
	answered := make(chan error, 1)
	go func() {
		_, err := ch.QueueDeclarePassive(q.name, true, false, false, false, nil)
		answered <- err
	}()
	select {
	case err := <-answered:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close stops reconnecting and consuming, lets the messages being handled
// finish (up to 5 s), then closes the connection; it returns once no
// goroutine of the queue is left.
func (q *RabbitQueue) Close() {
	q.closeOnce.Do(func() {
		q.mu.Lock()
		q.closed = true
		q.mu.Unlock()
		close(q.done)
		q.watcher.Wait()
		q.mu.Lock()
		conn, consumerCh := q.conn, q.consumerCh
		q.conn, q.ch, q.consumerCh = nil, nil, nil
		q.mu.Unlock()
		if consumerCh != nil {
			_ = consumerCh.Cancel(q.consumerTag(), false)
		}
		finished := make(chan struct{})
		go func() {
			q.consumers.Wait()
			close(finished)
		}()
		select {
		case <-finished:
		case <-time.After(5 * time.Second):
		}
		if conn != nil {
			_ = conn.Close()
		}
		<-finished
	})
}
{%- endif %}
