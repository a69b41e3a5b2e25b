# ruqsat: one command for each job. See README.md.
GO          ?= go
export CGO_ENABLED ?= 0
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2
GOVULNCHECK := golang.org/x/vuln/cmd/govulncheck@v1.9.0
FUZZTIME    ?= 30s
BIN         := bin/ruqsat

.PHONY: all build run example test race chromium doc-tools openapi-tools lint bench load fuzz clean

all: build

build:
	$(GO) build -trimpath -o $(BIN) ./cmd/ruqsat

# The server on SQLite in ./ruqsat-data, with a demo tenant (its owner's
# password is printed in the log on the first start).
run: build
	./$(BIN) serve --demo

# Evaluate the bundled example scenario.
example: build
	./$(BIN) evaluate examples/steppe-drilling.yaml

# The whole test suite, fuzz seed corpora included, then the packages that
# run goroutines again under the race detector. The web UI's browser test
# drives Debian's Chromium, internal/api's generated-client test the npm
# packages of tools/openapi, and internal/documents' tests poppler-utils
# (pdftotext) and LibreOffice; all are installed here when missing.
test: chromium doc-tools openapi-tools
	$(GO) vet ./...
	$(GO) test -count=1 ./...
	$(MAKE) --no-print-directory race

# The packages with goroutines (or whose tests serve HTTP concurrently)
# under the race detector, which needs cgo and a C compiler. -short leaves
# out the 100,000-worker import killed mid-way (store), a test of crash
# consistency across processes that takes minutes under the detector.
RACE_PKGS := ./internal/dashboard ./internal/api ./internal/auth ./internal/store \
             ./internal/web ./internal/workcal ./internal/ical ./cmd/ruqsat ./internal/mail ./internal/cluster
race:
	@command -v gcc >/dev/null || { echo "installing Debian's gcc for the race detector"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc libc6-dev >/dev/null; }
	CGO_ENABLED=1 $(GO) test -race -short -count=1 $(RACE_PKGS)

chromium:
	@command -v chromium >/dev/null || { echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

doc-tools:
	@command -v pdftotext >/dev/null && command -v soffice >/dev/null || { echo "installing Debian's poppler-utils and libreoffice-writer-nogui for the documents' tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils libreoffice-writer-nogui >/dev/null; }

# Redocly CLI, openapi-typescript and TypeScript at the versions of
# tools/openapi/package-lock.json (npm ci), installed when missing or when
# the lockfile changes; npm itself from Debian when missing.
OPENAPI_TOOLS := tools/openapi
openapi-tools: $(OPENAPI_TOOLS)/node_modules/.package-lock.json

$(OPENAPI_TOOLS)/node_modules/.package-lock.json: $(OPENAPI_TOOLS)/package.json $(OPENAPI_TOOLS)/package-lock.json
	@command -v npm >/dev/null || { echo "installing Debian's npm for the OpenAPI checks"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq npm >/dev/null; }
	npm ci --prefix $(OPENAPI_TOOLS) --no-audit --no-fund --loglevel=warn

lint: openapi-tools
	@test -z "$$(gofmt -l cmd internal)" || { gofmt -l cmd internal; echo "gofmt: the files above need formatting"; exit 1; }
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	$(GO) run $(GOVULNCHECK) ./... || echo "govulncheck: see above (it needs the vulnerability database; offline it cannot run)"
	REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
	  $(OPENAPI_TOOLS)/node_modules/.bin/redocly lint internal/api/testdata/openapi.json

# Benchmarks; figures go to docs/BENCHMARKS.md. BENCHTIME and COUNT tune them.
BENCHTIME ?= 1s
COUNT     ?= 1
bench:
	$(GO) test -run=NONE -bench=. -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) ./internal/domain ./internal/workcal ./internal/scenario ./internal/rules/params
	$(GO) test -run=NONE -bench=EvaluateEmployer -benchmem -benchtime=$(BENCHTIME) -count=$(COUNT) -cpu 1 ./internal/rules
	$(GO) test -run=NONE -bench=NationalBatch -benchmem -benchtime=3x -count=$(COUNT) -cpu 1 -timeout 30m ./internal/rules
	$(GO) test -run=NONE -bench=EvaluateCommand -benchtime=20x -count=$(COUNT) ./cmd/ruqsat
	$(GO) test -run=NONE -bench=ImportCommand -benchtime=3x -count=$(COUNT) -timeout 30m ./cmd/ruqsat
	$(GO) test -run=NONE -bench=. -benchmem -benchtime=3x -count=$(COUNT) ./internal/bulk ./internal/auth
	$(GO) test -run=NONE -bench=InsertWorkers -benchtime=1x -count=$(COUNT) -timeout 30m ./internal/store
	$(GO) test -run=NONE -bench=Digests1000 -benchtime=3x -count=$(COUNT) -timeout 30m ./internal/app
	$(GO) test -run=NONE -bench=. -benchmem -benchtime=10x -count=$(COUNT) ./internal/documents

# The dashboard under load: a 5,000-employer / 100,000-worker tenant, wrk for
# 60 s, on SQLite and on the local PostgreSQL. Needs wrk (Debian package).
LOAD_SQLITE ?= sqlite:$(CURDIR)/bin/load.db
LOAD_PG     ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
load:
	@command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk; }
	@mkdir -p bin
	RUQSAT_LOAD_DB=$(LOAD_SQLITE) $(GO) test ./internal/api -run TestDashboardLoad -v -count=1 -timeout 30m
	RUQSAT_LOAD_DB='$(LOAD_PG)' $(GO) test ./internal/api -run TestDashboardLoad -v -count=1 -timeout 30m
	RUQSAT_LOAD_DB=$(LOAD_SQLITE) $(GO) test ./internal/web -run TestPagesLoad -v -count=1 -timeout 30m

# Each fuzz target for FUZZTIME (plain `go test` runs their seed corpora).
fuzz:
	@set -e; for pkg in $$($(GO) list ./...); do \
	  for t in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
	    echo "== $$pkg $$t"; $(GO) test -run=NONE -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) $$pkg; \
	  done; \
	done

clean:
	rm -rf bin
