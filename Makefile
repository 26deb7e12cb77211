# Two commands matter: `make run` and `make test`. Everything they need is
# installed here (Debian chromium, npm packages, pinned Go tools via go.mod's
# tool directive), so a fresh machine needs nothing done by hand.
SHELL := /bin/bash
GO ?= go
ADDR ?= 127.0.0.1:8080
export PATH := $(CURDIR)/bin:$(PATH)

WASM_SRC := $(shell find wasm jsbridge checkpoint -name '*.go' 2>/dev/null) go.mod go.sum

.PHONY: run test bench soak deps deps-chromium deps-browsers deps-npm wasm lint test-go test-wasm test-e2e clean

## run: build the module and start the app server with the embedded OSS and STS.
run: wasm
	$(GO) run ./server -addr $(ADDR)

## wasm: the browser module and its loader's runtime, into web/.
wasm: web/oss-upload.wasm web/go-runtime.js

web/oss-upload.wasm: $(WASM_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm

# Go's wasm_exec.js, rewritten into an ES module that installs no globals.
web/go-runtime.js: wasm/webbuild/main.go go.mod
	$(GO) run ./wasm/webbuild -out web

## deps: what the tests need beyond Go: Debian's browsers and the pinned npm packages.
deps: deps-chromium deps-browsers deps-npm bin/go_js_wasm_exec

deps-chromium:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# Firefox ESR (driven by puppeteer-core over WebDriver BiDi) and WebKitGTK
# (WebKitWebDriver, and MiniBrowser from libwebkit2gtk-4.1-0, under Xvfb), at
# the versions the README's Browsers table was tested with. When Debian has
# moved on (security updates replace versions), the current one is installed
# and the difference said out loud.
BROWSER_PKGS := firefox-esr=153.8.0esr-1~deb12u1 webkit2gtk-driver=2.50.6-1~deb12u2 \
	libwebkit2gtk-4.1-0=2.50.6-1~deb12u2 xvfb=2:21.1.7-3+deb12u13
deps-browsers:
	@missing=; for p in $(BROWSER_PKGS); do \
	  dpkg-query -W -f='$${Status}' "$${p%%=*}" 2>/dev/null | grep -q 'ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  apt-get update -qq; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing || { \
	    echo "deps-browsers: pinned versions unavailable; installing Debian's current ones"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$(for p in $$missing; do echo "$${p%%=*}"; done); }; \
	fi; \
	for p in $(BROWSER_PKGS); do v=$$(dpkg-query -W -f='$${Version}' "$${p%%=*}"); \
	  [ "$$v" = "$${p#*=}" ] || echo "deps-browsers: $${p%%=*} is $$v, tested with $${p#*=}"; done

deps-npm: e2e/node_modules/.package-lock.json

e2e/node_modules/.package-lock.json: e2e/package-lock.json
	cd e2e && npm ci --no-audit --no-fund

# wasmbrowsertest runs GOOS=js GOARCH=wasm test binaries in Chromium; its
# version is pinned by go.mod's tool directive.
bin/go_js_wasm_exec: go.mod go.sum
	$(GO) build -o $@ github.com/agnivade/wasmbrowsertest

## test: everything, quick tier.
test: deps wasm lint test-go test-wasm test-e2e

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./jsbridge/... ./checkpoint/...

test-go:
	$(GO) test -race -count=1 -timeout 20m ./...

test-wasm: bin/go_js_wasm_exec
	GOOS=js GOARCH=wasm $(GO) test -count=1 -timeout 10m ./checkpoint/... ./jsbridge/... ./wasm/...

# ENGINES chooses the browser engines of the engines-*.test.mjs files
# (chromium,firefox,webkit); the other e2e files are Chromium's (Playwright).
ENGINES ?= chromium,firefox,webkit
test-e2e: wasm deps-npm
	cd e2e && ENGINES=$(ENGINES) node --test --test-concurrency=1 --test-timeout=600000 test/*.test.mjs

## soak: the long reliability tier: 100 reload trials of a 128 MiB upload, faults, restart, secrets.
soak: deps wasm
	cd e2e && TRIALS=100 node --test --test-concurrency=1 --test-timeout=3600000 test/reliability.test.mjs

## bench: side-by-side browser benchmark (ceiling, ali-oss, this module) plus Go
## benchmarks; writes docs/benchmarks.md. BENCH_SIZE_MIB and BENCH_ROUNDS override 1024 and 3.
bench: deps wasm
	node bench/bench.mjs

clean:
	rm -rf bin web/oss-upload.wasm web/go-runtime.js web/wasm_exec.js build
