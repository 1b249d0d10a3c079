package app
{%- if values.queue == 'sqs' %}

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
)

const testQueueURL = "https://sqs.eu-west-1.amazonaws.com/111122223333/${{ values.name }}"

// sqsCall is one request the adapter made: the operation and its JSON input.
type sqsCall struct {
	Op    string
	Input map[string]any
}

// fakeSQS speaks the SQS JSON protocol (X-Amz-Target: AmazonSQS.<Op>) and
// answers each operation with the next of its queued responses.
type fakeSQS struct {
	mu        sync.Mutex
	calls     []sqsCall
	responses map[string][]func() (int, any)
}

func (f *fakeSQS) on(op string, status int, body any) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.responses[op] = append(f.responses[op], func() (int, any) { return status, body })
}

func (f *fakeSQS) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	target := r.Header.Get("X-Amz-Target")
	op := target[len("AmazonSQS."):]
	raw, _ := io.ReadAll(r.Body)
	var input map[string]any
	_ = json.Unmarshal(raw, &input)
	f.mu.Lock()
	f.calls = append(f.calls, sqsCall{Op: op, Input: input})
	queued := f.responses[op]
	var status int
	var body any = map[string]any{}
	switch {
	case len(queued) > 1:
		status, body = queued[0]()
		f.responses[op] = queued[1:]
	case len(queued) == 1:
		status, body = queued[0]() // the last one repeats
	default:
		status = 200
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func (f *fakeSQS) recorded() []sqsCall {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]sqsCall(nil), f.calls...)
}

func newFakeSQS(t *testing.T) (*fakeSQS, *SQSQueue) {
	t.Helper()
	fake := &fakeSQS{responses: map[string][]func() (int, any){}}
	srv := httptest.NewServer(fake)
	t.Cleanup(srv.Close)
	client := sqs.New(sqs.Options{
		Region:           "eu-west-1",
		BaseEndpoint:     aws.String(srv.URL),
		RetryMaxAttempts: 1,
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		}),
	})
	return fake, NewSQSQueueFromClient(client, testQueueURL)
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

func TestSQSQueuePublishSendsOneMessage(t *testing.T) {
	fake, q := newFakeSQS(t)
	body := `{"type":"item.created","payload":{"id":"1"}}`
	fake.on("SendMessage", 200, map[string]any{"MessageId": "m-1", "MD5OfMessageBody": md5Hex(body)})
	if err := q.Publish(context.Background(), Message{Type: "item.created", Payload: map[string]any{"id": "1"}}); err != nil {
		t.Fatal(err)
	}
	want := []sqsCall{{Op: "SendMessage", Input: map[string]any{"QueueUrl": testQueueURL, "MessageBody": body}}}
	if got := fake.recorded(); !reflect.DeepEqual(got, want) {
		t.Fatalf("calls = %#v, want %#v", got, want)
	}
}

func TestSQSQueuePollOnceDeletesOnlyProcessedMessages(t *testing.T) {
	fake, q := newFakeSQS(t)
	ok, failing := `{"type":"a","payload":1}`, `{"type":"fails","payload":2}`
	fake.on("ReceiveMessage", 200, map[string]any{"Messages": []map[string]any{
		{"MessageId": "m-1", "ReceiptHandle": "r-1", "Body": ok, "MD5OfBody": md5Hex(ok)},
		{"MessageId": "m-2", "ReceiptHandle": "r-2", "Body": failing, "MD5OfBody": md5Hex(failing)},
	}})
	var received []string
	n, err := q.PollOnce(context.Background(), func(_ context.Context, m Message) error {
		received = append(received, m.Type)
		if m.Type == "fails" {
			return errors.New("handler failed")
		}
		return nil
	})
	if err != nil || n != 1 {
		t.Fatalf("PollOnce = %d, %v; want 1, nil", n, err)
	}
	if !reflect.DeepEqual(received, []string{"a", "fails"}) {
		t.Fatalf("received %v", received)
	}
	want := []sqsCall{
		{Op: "ReceiveMessage", Input: map[string]any{"QueueUrl": testQueueURL, "WaitTimeSeconds": float64(20), "MaxNumberOfMessages": float64(10)}},
		{Op: "DeleteMessage", Input: map[string]any{"QueueUrl": testQueueURL, "ReceiptHandle": "r-1"}},
	}
	if got := fake.recorded(); !reflect.DeepEqual(got, want) {
		t.Fatalf("calls = %#v, want %#v", got, want)
	}
}

func TestSQSQueueConsumesUntilClosed(t *testing.T) {
	fake, q := newFakeSQS(t)
	body := `{"type":"b","payload":3}`
	fake.on("ReceiveMessage", 200, map[string]any{"Messages": []map[string]any{
		{"MessageId": "m-3", "ReceiptHandle": "r-3", "Body": body, "MD5OfBody": md5Hex(body)},
	}})
	fake.on("ReceiveMessage", 200, map[string]any{"Messages": []map[string]any{}})
	got := make(chan Message, 1)
	if err := q.Consume(context.Background(), func(_ context.Context, m Message) error { got <- m; return nil }); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-got:
		if m.Type != "b" {
			t.Fatalf("consumed %+v", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no message consumed")
	}
	q.Close()
	// a request cancelled by Close may still reach the server: let it land
	time.Sleep(50 * time.Millisecond)
	before := len(fake.recorded())
	time.Sleep(100 * time.Millisecond)
	if after := len(fake.recorded()); after != before {
		t.Fatalf("%d more calls after Close", after-before)
	}
	deleted := 0
	for _, c := range fake.recorded() {
		if c.Op == "DeleteMessage" {
			deleted++
			if c.Input["ReceiptHandle"] != "r-3" {
				t.Fatalf("deleted %v", c.Input)
			}
		}
	}
	if deleted != 1 {
		t.Fatalf("%d deletes, want 1", deleted)
	}
}

func TestSQSQueuePingFailsWhenSQSRefuses(t *testing.T) {
	fake, q := newFakeSQS(t)
	fake.on("GetQueueAttributes", 200, map[string]any{"Attributes": map[string]string{"QueueArn": "arn"}})
	fake.on("GetQueueAttributes", 400, map[string]any{"__type": "com.amazonaws.sqs#AccessDenied", "message": "denied"})
	if err := q.Ping(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := q.Ping(context.Background()); err == nil {
		t.Fatal("Ping succeeded although SQS refused")
	}
	want := map[string]any{"QueueUrl": testQueueURL, "AttributeNames": []any{"QueueArn"}}
	for _, c := range fake.recorded() {
		if c.Op != "GetQueueAttributes" || !reflect.DeepEqual(c.Input, want) {
			t.Fatalf("call %#v", c)
		}
	}
}
{%- elif values.queue == 'rabbitmq' %}

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"
)

// A real broker: `make test AMQP_TEST_URL=amqp://guest:guest@127.0.0.1:5672`
// (CI starts RabbitMQ as a service). Without it these tests are skipped.
func brokerURL(t *testing.T) string {
	url := os.Getenv("AMQP_TEST_URL")
	if url == "" {
		t.Skip("AMQP_TEST_URL is not set (no RabbitMQ broker to test against)")
	}
	return url
}

func TestRabbitQueuePublishesAndConsumesThroughTheBroker(t *testing.T) {
	q, err := NewRabbitQueue(brokerURL(t), fmt.Sprintf("test-%d-%d", os.Getpid(), time.Now().UnixNano()))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx := context.Background()
	if err := q.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	got := make(chan Message, 2)
	if err := q.Consume(ctx, func(_ context.Context, m Message) error { got <- m; return nil }); err != nil {
		t.Fatal(err)
	}
	for _, m := range []Message{{Type: "a", Payload: float64(1)}, {Type: "b", Payload: map[string]any{"nested": true}}} {
		if err := q.Publish(ctx, m); err != nil {
			t.Fatal(err)
		}
	}
	var received []Message
	for len(received) < 2 {
		select {
		case m := <-got:
			received = append(received, m)
		case <-time.After(10 * time.Second):
			t.Fatalf("received only %v", received)
		}
	}
	want := []Message{{Type: "a", Payload: float64(1)}, {Type: "b", Payload: map[string]any{"nested": true}}}
	if !reflect.DeepEqual(received, want) {
		t.Fatalf("received %#v", received)
	}
}

func TestRabbitQueueKeepsMessagesWithoutAConsumer(t *testing.T) {
	url := brokerURL(t)
	name := fmt.Sprintf("test-durable-%d-%d", os.Getpid(), time.Now().UnixNano())
	producer, err := NewRabbitQueue(url, name)
	if err != nil {
		t.Fatal(err)
	}
	if err := producer.Publish(context.Background(), Message{Type: "later", Payload: float64(42)}); err != nil {
		t.Fatal(err)
	}
	producer.Close()
	consumer, err := NewRabbitQueue(url, name)
	if err != nil {
		t.Fatal(err)
	}
	defer consumer.Close()
	got := make(chan Message, 1)
	_ = consumer.Consume(context.Background(), func(_ context.Context, m Message) error { got <- m; return nil })
	select {
	case m := <-got:
		if m.Type != "later" {
			t.Fatalf("received %+v", m)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the message published before the consumer started was lost")
	}
}

// The reconnect tests act on the broker too: AMQP_TEST_CTL is a rabbitmqctl
// command for it (e.g. `docker exec rabbitmq rabbitmqctl`). They close every
// connection of the broker's default vhost and restart its application.
func brokerCtl(t *testing.T) func(args ...string) {
	command := os.Getenv("AMQP_TEST_CTL")
	if command == "" {
		t.Skip("AMQP_TEST_CTL is not set (no rabbitmqctl for the test broker)")
	}
	return func(args ...string) {
		t.Helper()
		cmd := exec.CommandContext(t.Context(), "sh", append([]string{"-c", command + ` "$@"`, "rabbitmqctl"}, args...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("rabbitmqctl %v: %v\n%s", args, err, out)
		}
	}
}

// logRecorder keeps the JSON lines a queue logged.
type logRecorder struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (r *logRecorder) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.buf.Write(p)
}

func (r *logRecorder) logger() *slog.Logger { return slog.New(slog.NewJSONHandler(r, nil)) }

// messages are the "msg" fields of the lines logged so far.
func (r *logRecorder) messages(t *testing.T) []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(r.buf.String()), "\n") {
		if line == "" {
			continue
		}
		var entry struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line is not JSON: %q", line)
		}
		msgs = append(msgs, entry.Msg)
	}
	return msgs
}

func (r *logRecorder) logged(t *testing.T, msg string) error {
	for _, m := range r.messages(t) {
		if m == msg {
			return nil
		}
	}
	return fmt.Errorf("%q not logged yet (logged %q)", msg, r.messages(t))
}

// eventually retries check every 100 ms until it returns nil, for up to d.
func eventually(t *testing.T, d time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(d)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func receive(t *testing.T, got <-chan Message, want Message) {
	t.Helper()
	select {
	case m := <-got:
		if !reflect.DeepEqual(m, want) {
			t.Fatalf("received %#v, want %#v", m, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%#v not received within 10 s", want)
	}
}

// fast reconnects: the defaults are 0.5 s doubling to 30 s
func fastReconnects(logger *slog.Logger) RabbitOptions {
	return RabbitOptions{MinReconnectDelay: 100 * time.Millisecond, MaxReconnectDelay: time.Second, Logger: logger}
}

// expectRecovered waits for the reconnect that began with the log line
// first, then proves ping, publish and the consumer work again with after.
func expectRecovered(t *testing.T, q *RabbitQueue, got <-chan Message, log *logRecorder, first string, after Message) {
	t.Helper()
	eventually(t, 20*time.Second, func() error { return log.logged(t, "rabbitmq reconnected") })
	if line := log.messages(t)[0]; line != first {
		t.Fatalf("first log line %q, want %q", line, first)
	}
	ctx := context.Background()
	if err := q.Ping(ctx); err != nil {
		t.Fatal(err)
	}
	if err := q.Publish(ctx, after); err != nil {
		t.Fatal(err)
	}
	receive(t, got, after)
}

func TestRabbitQueueReconnectsAfterTheBrokerClosedTheConnection(t *testing.T) {
	url := brokerURL(t)
	ctl := brokerCtl(t)
	log := &logRecorder{}
	q, err := NewRabbitQueueWithOptions(url, fmt.Sprintf("test-closed-%d-%d", os.Getpid(), time.Now().UnixNano()), fastReconnects(log.logger()))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx := context.Background()
	got := make(chan Message, 10)
	if err := q.Consume(ctx, func(_ context.Context, m Message) error { got <- m; return nil }); err != nil {
		t.Fatal(err)
	}
	before := Message{Type: "before", Payload: float64(1)}
	if err := q.Publish(ctx, before); err != nil {
		t.Fatal(err)
	}
	receive(t, got, before)

	ctl("close_all_connections", "reconnect test")
	expectRecovered(t, q, got, log, "rabbitmq connection lost, reconnecting", Message{Type: "after", Payload: float64(2)})
}

func TestRabbitQueueDeclaresTheQueueAgainWhenTheBrokerDeletedIt(t *testing.T) {
	url := brokerURL(t)
	ctl := brokerCtl(t)
	name := fmt.Sprintf("test-deleted-%d-%d", os.Getpid(), time.Now().UnixNano())
	log := &logRecorder{}
	q, err := NewRabbitQueueWithOptions(url, name, fastReconnects(log.logger()))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	ctx := context.Background()
	got := make(chan Message, 10)
	if err := q.Consume(ctx, func(_ context.Context, m Message) error { got <- m; return nil }); err != nil {
		t.Fatal(err)
	}

	ctl("delete_queue", name)
	expectRecovered(t, q, got, log, "rabbitmq consumer cancelled by the broker, reopening", Message{Type: "after-delete", Payload: float64(4)})
}

func TestRabbitQueueFailsFastWhileTheBrokerIsStoppedAndRecovers(t *testing.T) {
	url := brokerURL(t)
	ctl := brokerCtl(t)
	name := fmt.Sprintf("test-restart-%d-%d", os.Getpid(), time.Now().UnixNano())
	log, idleLog := &logRecorder{}, &logRecorder{}
	q, err := NewRabbitQueueWithOptions(url, name, fastReconnects(log.logger()))
	if err != nil {
		t.Fatal(err)
	}
	defer q.Close()
	idle, err := NewRabbitQueueWithOptions(url, name+"-idle", fastReconnects(idleLog.logger()))
	if err != nil {
		t.Fatal(err)
	}
	defer idle.Close()
	ctx := context.Background()
	got := make(chan Message, 10)
	if err := q.Consume(ctx, func(_ context.Context, m Message) error { got <- m; return nil }); err != nil {
		t.Fatal(err)
	}

	ctl("stop_app")
	restart := sync.OnceFunc(func() { ctl("start_app") })
	defer restart()
	// readiness fails and Publish fails at once, while reconnect attempts fail
	eventually(t, 20*time.Second, func() error {
		if err := q.Ping(ctx); !errors.Is(err, ErrQueueUnavailable) {
			return fmt.Errorf("Ping = %w while the broker is stopped", err)
		}
		return nil
	})
	if err := q.Publish(ctx, Message{Type: "during"}); !errors.Is(err, ErrQueueUnavailable) || !strings.Contains(err.Error(), "connection is down, reconnecting") {
		t.Fatalf("Publish = %v while the broker is stopped", err)
	}
	eventually(t, 20*time.Second, func() error { return log.logged(t, "rabbitmq reconnect failed") })

	// closed while reconnecting: Close returns (the reconnect goroutine
	// ended) and no attempt is made afterwards
	eventually(t, 20*time.Second, func() error { return idleLog.logged(t, "rabbitmq reconnect failed") })
	closed := make(chan struct{})
	go func() { idle.Close(); close(closed) }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hangs while reconnecting")
	}
	logged := len(idleLog.messages(t))
	time.Sleep(2 * time.Second)
	if n := len(idleLog.messages(t)); n != logged {
		t.Fatalf("%d more log lines after Close: %q", n-logged, idleLog.messages(t))
	}
	if err := idle.Publish(ctx, Message{Type: "closed"}); !errors.Is(err, ErrQueueUnavailable) || !strings.Contains(err.Error(), "the queue is closed") {
		t.Fatalf("Publish after Close = %v", err)
	}

	restart()
	eventually(t, 30*time.Second, func() error { return q.Ping(ctx) })
	eventually(t, 5*time.Second, func() error {
		if msgs := log.messages(t); msgs[len(msgs)-1] != "rabbitmq reconnected" {
			return fmt.Errorf("last log line %q", msgs[len(msgs)-1])
		}
		return nil
	})
	after := Message{Type: "after-restart", Payload: float64(3)}
	if err := q.Publish(ctx, after); err != nil {
		t.Fatal(err)
	}
	receive(t, got, after)
}

func TestRabbitQueueFailsWithoutABroker(t *testing.T) {
	if _, err := NewRabbitQueue("amqp://guest:guest@127.0.0.1:1/", "nothing"); err == nil {
		t.Fatal("connected to a port where nothing listens")
	}
}
{%- endif %}
