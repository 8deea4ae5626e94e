.PHONY: build test lint fuzz bench

build:
	CGO_ENABLED=0 go build -o bin/chorus ./cmd/chorus

test:
	go test ./...

lint:
	@test -z "$$(gofmt -l .)" || (gofmt -l . && exit 1)
	go vet ./...

# Run each fuzz target briefly; new interesting inputs land in the Go cache.
fuzz:
	go test ./ingest -run '^$$' -fuzz FuzzJSONL -fuzztime 30s
	go test ./ingest -run '^$$' -fuzz FuzzText -fuzztime 30s

bench:
	go test -run '^$$' -bench . -count 6 ./... | tee bench.txt
