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
	"context"
	"fmt"
	"os"
	"reflect"
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

func TestRabbitQueueFailsWithoutABroker(t *testing.T) {
	if _, err := NewRabbitQueue("amqp://guest:guest@127.0.0.1:1/", "nothing"); err == nil {
		t.Fatal("connected to a port where nothing listens")
	}
}
{%- endif %}
