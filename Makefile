# Runway: two commands on a fresh Debian machine.
#   make dev    bootstrap, install, start backend + frontend on http://localhost:3000
#   make test   bootstrap, install, typecheck, lint, unit, integration and e2e tests
SHELL := /usr/bin/env bash

.PHONY: dev test bench bootstrap clean rehearse

bootstrap:
	@scripts/bootstrap

dev:
	@scripts/dev

test:
	@scripts/test

# Production rehearsal: the built backend, two replicas behind haproxy, on
# PostgreSQL, Redis, moto, local clusters and OIDC (docs/operating.md).
rehearse:
	@scripts/rehearse

# Removes local state (SQLite files, TechDocs output) but keeps cached tools.
clean:
	rm -rf .runway/sqlite .runway/techdocs test-results

# Benchmarks: results in bench/results/*.json (see docs/benchmarks.md).
bench:
	@scripts/bootstrap --test
	@for b in bench/*.sh; do echo "==> $$b"; "$$b" || exit 1; done
