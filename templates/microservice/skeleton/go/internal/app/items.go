package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"sort"
	"sync"
)

// Item is the example resource.
type Item struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

// NewItem is the body of POST /v1/items.
type NewItem struct {
	Name     string `json:"name"`
	Quantity *int   `json:"quantity"`
}

// Validate returns the problems of the input, empty when it is valid.
func (n NewItem) Validate() []string {
	var problems []string
	if len(n.Name) < 1 || len(n.Name) > 100 {
		problems = append(problems, "name: 1 to 100 characters")
	}
	if n.Quantity == nil {
		problems = append(problems, "quantity: required")
	} else if *n.Quantity < 0 || *n.Quantity > 1000000 {
		problems = append(problems, "quantity: 0 to 1000000")
	}
	return problems
}

// ItemStore is where items are stored.
type ItemStore interface {
	Create(ctx context.Context, item NewItem) (Item, error)
	Get(ctx context.Context, id string) (*Item, error)
	List(ctx context.Context) ([]Item, error)
	// Ping fails when the store cannot be reached (readiness).
	Ping(ctx context.Context) error
	Close()
}

// MemoryItemStore keeps items in memory: tests, and local runs without a database.
type MemoryItemStore struct {
	mu    sync.Mutex
	items map[string]Item
}

func NewMemoryItemStore() *MemoryItemStore { return &MemoryItemStore{items: map[string]Item{}} }

func (s *MemoryItemStore) Create(_ context.Context, n NewItem) (Item, error) {
	item := Item{ID: newID(), Name: n.Name, Quantity: *n.Quantity}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.items[item.ID] = item
	return item, nil
}

func (s *MemoryItemStore) Get(_ context.Context, id string) (*Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if item, ok := s.items[id]; ok {
		return &item, nil
	}
	return nil, nil
}

func (s *MemoryItemStore) List(_ context.Context) ([]Item, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Item, 0, len(s.items))
	for _, item := range s.items {
		out = append(out, item)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

func (s *MemoryItemStore) Ping(context.Context) error { return nil }
func (s *MemoryItemStore) Close()                     {}

func newID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = (b[6] & 0x0f) | 0x40
	b[8] = (b[8] & 0x3f) | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
