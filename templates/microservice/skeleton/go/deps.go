//go:build tools

// Package deps pins the drivers of every database and queue option of the
// Runway template in go.mod and go.sum, so all services share one module set.
package deps

import (
	_ "github.com/aws/aws-sdk-go-v2/config"
	_ "github.com/aws/aws-sdk-go-v2/service/sqs"
	_ "github.com/jackc/pgx/v5/pgxpool"
	_ "github.com/rabbitmq/amqp091-go"
)
