package app
{%- if values.database == 'postgres' or values.queue == 'sqs' %}

import (
	"context"
{%- if values.queue == 'sqs' %}
	"encoding/json"
{%- endif %}
{%- if values.database == 'postgres' %}
	"errors"
{%- endif %}
{%- if values.queue == 'sqs' %}
	"time"
{%- endif %}
{%- if values.database == 'postgres' %}

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
{%- endif %}
{%- if values.queue == 'sqs' %}

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/sqs"
	sqstypes "github.com/aws/aws-sdk-go-v2/service/sqs/types"
{%- endif %}
)
{%- endif %}
{%- if values.database == 'postgres' %}

// PostgresItemStore stores items in PostgreSQL (DATABASE_URL).
type PostgresItemStore struct{ pool *pgxpool.Pool }

// NewPostgresItemStore connects and creates the table.
func NewPostgresItemStore(ctx context.Context, url string) (*PostgresItemStore, error) {
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		return nil, err
	}
	if _, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS items (id uuid PRIMARY KEY, name text NOT NULL, quantity integer NOT NULL)`); err != nil {
		pool.Close()
		return nil, err
	}
	return &PostgresItemStore{pool: pool}, nil
}

func (s *PostgresItemStore) Create(ctx context.Context, n NewItem) (Item, error) {
	item := Item{ID: newID(), Name: n.Name, Quantity: *n.Quantity}
	_, err := s.pool.Exec(ctx, `INSERT INTO items (id, name, quantity) VALUES ($1, $2, $3)`, item.ID, item.Name, item.Quantity)
	return item, err
}

func (s *PostgresItemStore) Get(ctx context.Context, id string) (*Item, error) {
	var item Item
	err := s.pool.QueryRow(ctx, `SELECT id::text, name, quantity FROM items WHERE id::text = $1`, id).Scan(&item.ID, &item.Name, &item.Quantity)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &item, nil
}

func (s *PostgresItemStore) List(ctx context.Context) ([]Item, error) {
	rows, err := s.pool.Query(ctx, `SELECT id::text, name, quantity FROM items ORDER BY name LIMIT 100`)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (Item, error) {
		var item Item
		err := r.Scan(&item.ID, &item.Name, &item.Quantity)
		return item, err
	})
}

func (s *PostgresItemStore) Ping(ctx context.Context) error { return s.pool.Ping(ctx) }
func (s *PostgresItemStore) Close()                         { s.pool.Close() }
{%- endif %}
{%- if values.queue == 'sqs' %}

// SQSQueue is Amazon SQS (QUEUE_URL; credentials from EKS Pod Identity).
type SQSQueue struct {
	client *sqs.Client
	url    string
	cancel context.CancelFunc
	done   chan struct{}
}

// NewSQSQueue uses the default AWS configuration (EKS Pod Identity in the cluster).
func NewSQSQueue(ctx context.Context, url string) (*SQSQueue, error) {
	cfg, err := config.LoadDefaultConfig(ctx)
	if err != nil {
		return nil, err
	}
	return NewSQSQueueFromClient(sqs.NewFromConfig(cfg), url), nil
}

// NewSQSQueueFromClient uses the given client (tests point it at a fake endpoint).
func NewSQSQueueFromClient(client *sqs.Client, url string) *SQSQueue {
	return &SQSQueue{client: client, url: url}
}

func (q *SQSQueue) Publish(ctx context.Context, m Message) error {
	body, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = q.client.SendMessage(ctx, &sqs.SendMessageInput{QueueUrl: aws.String(q.url), MessageBody: aws.String(string(body))})
	return err
}

// PollOnce long-polls once, hands each message to h and deletes the ones it
// processed; a message whose handler fails stays on the queue (SQS
// redelivers it after the visibility timeout, then the DLQ takes it).
func (q *SQSQueue) PollOnce(ctx context.Context, h Handler) (int, error) {
	out, err := q.client.ReceiveMessage(ctx, &sqs.ReceiveMessageInput{QueueUrl: aws.String(q.url), WaitTimeSeconds: 20, MaxNumberOfMessages: 10})
	if err != nil {
		return 0, err
	}
	processed := 0
	for _, msg := range out.Messages {
		var m Message
		if json.Unmarshal([]byte(aws.ToString(msg.Body)), &m) != nil || h(ctx, m) != nil {
			continue
		}
		// processed: delete it even when Close cancels ctx meanwhile
		dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		_, err := q.client.DeleteMessage(dctx, &sqs.DeleteMessageInput{QueueUrl: aws.String(q.url), ReceiptHandle: msg.ReceiptHandle})
		cancel()
		if err != nil {
			return processed, err
		}
		processed++
	}
	return processed, nil
}

func (q *SQSQueue) Consume(ctx context.Context, h Handler) error {
	ctx, q.cancel = context.WithCancel(ctx)
	q.done = make(chan struct{})
	go func() {
		defer close(q.done)
		for ctx.Err() == nil {
			if _, err := q.PollOnce(ctx, h); err != nil {
				// back off instead of spinning when SQS fails
				select {
				case <-ctx.Done():
				case <-time.After(time.Second):
				}
			}
		}
	}()
	return nil
}

func (q *SQSQueue) Ping(ctx context.Context) error {
	_, err := q.client.GetQueueAttributes(ctx, &sqs.GetQueueAttributesInput{QueueUrl: aws.String(q.url), AttributeNames: []sqstypes.QueueAttributeName{sqstypes.QueueAttributeNameQueueArn}})
	return err
}

// Close stops the consumer and waits for its loop to end.
func (q *SQSQueue) Close() {
	if q.cancel != nil {
		q.cancel()
		<-q.done
	}
}
{%- endif %}
