# Two commands matter: `make run` and `make test`. Everything they need is
# installed here (Debian chromium, npm packages, pinned Go tools via go.mod's
# tool directive), so a fresh machine needs nothing done by hand.
SHELL := /bin/bash
GO ?= go
ADDR ?= 127.0.0.1:8080
export PATH := $(CURDIR)/bin:$(PATH)

WASM_SRC := $(shell find wasm jsbridge checkpoint -name '*.go' 2>/dev/null) go.mod go.sum

.PHONY: run test bench bench-loading soak deps deps-chromium deps-browsers deps-npm wasm examples lint test-go test-wasm test-e2e clean

## run: build the module and start the app server with the embedded OSS and STS.
run: wasm
	$(GO) run ./server -addr $(ADDR)

## wasm: the browser module and its loader's runtime, into web/.
wasm: web/oss-upload-wasm.js web/go-runtime.js

web/oss-upload.wasm: $(WASM_SRC)
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags='-s -w' -o $@ ./wasm

# Go's wasm_exec.js, rewritten into an ES module that installs no globals.
web/go-runtime.js: $(wildcard wasm/webbuild/*.go) go.mod
	$(GO) run ./wasm/webbuild -out web

# The module under its content-hashed name (served immutable), precompressed
# as brotli, zstd and gzip, and oss-upload-wasm.js, which names it.
web/oss-upload-wasm.js: web/oss-upload.wasm $(wildcard wasm/webbuild/*.go)
	$(GO) run ./wasm/webbuild -out web -wasm web/oss-upload.wasm

## examples: the package as front ends consume it: npm pack's tarball of web/,
## installed into examples/ and built by Vite and by webpack into examples/dist.
examples: examples/dist/.built

examples/dist/.built: web/oss-upload-wasm.js web/go-runtime.js $(wildcard web/*.js web/*.d.ts) web/package.json web/README.md \
		examples/node_modules/.package-lock.json $(wildcard examples/src/*.js) examples/index.html examples/vite.config.js examples/webpack.config.js
	rm -f build/ossupload-*.tgz && mkdir -p build && cd web && npm pack --pack-destination ../build --silent
	cd examples && npm install --no-save --no-audit --no-fund ../build/ossupload-*.tgz && npx vite build --logLevel warn && npx webpack --mode production --stats errors-warnings
	touch $@

examples/node_modules/.package-lock.json: examples/package-lock.json
	cd examples && npm ci --no-audit --no-fund

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
	@out=$$(gofmt -l $$(git ls-files '*.go' ':!third_party')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi
	$(GO) vet ./...
	GOOS=js GOARCH=wasm $(GO) vet ./wasm/... ./jsbridge/... ./checkpoint/...

test-go:
	$(GO) test -race -count=1 -timeout 20m ./...

test-wasm: bin/go_js_wasm_exec
	GOOS=js GOARCH=wasm $(GO) test -count=1 -timeout 10m ./checkpoint/... ./jsbridge/... ./wasm/...

# ENGINES chooses the browser engines of the engines-*.test.mjs files
# (chromium,firefox,webkit); the other e2e files are Chromium's (Playwright).
ENGINES ?= chromium,firefox,webkit
test-e2e: wasm deps-npm examples
	cd e2e && ENGINES=$(ENGINES) node --test --test-concurrency=1 --test-timeout=600000 test/*.test.mjs

## soak: the long reliability tier: 100 reload trials of a 128 MiB upload, faults, restart, secrets; then a
## hostile-load run (slow bodies, stalled uploads, cookie churn) beside honest uploads that must finish byte-exact.
soak: deps wasm
	cd e2e && TRIALS=100 node --test --test-concurrency=1 --test-timeout=3600000 test/reliability.test.mjs
	OSSUPLOAD_SOAK=$${OSSUPLOAD_SOAK:-2m} $(GO) test -count=1 -timeout 30m -run TestSoakHostileLoad -v ./server/app/

## bench: side-by-side browser benchmark (ceiling, ali-oss, this module, CRC-64 kernels) plus Go
## benchmarks; then the WAN benchmark (Toxiproxy) and the server at scale; writes docs/benchmarks.md.
## BENCH_SIZE_MIB and BENCH_ROUNDS override 1024 and 3; WAN_SIZE_MIB (256), WAN_PROFILES
## (broadband,mobile), WAN_SCENARIOS (clean,reload,resets), WAN_CONTENDERS, WAN_ROUNDS (3), WAN_SMALL_FILES (200);
## SCALE_ARGS for bench/scale (-uploaders 50 -size-mib 256 -callers 1000). BENCH_SKIP=wan,scale skips parts.
bench: deps wasm
	node bench/bench.mjs
	@case ",$$BENCH_SKIP," in *,wan,*) ;; *) node bench/wan.mjs ;; esac
	@case ",$$BENCH_SKIP," in *,scale,*) ;; *) $(GO) run ./bench/scale $(SCALE_ARGS) ;; esac

## bench-loading: what the module costs a visitor (bytes, requests, time to ready on a
## first and a repeat visit, and on a page that never uploads); writes docs/loading.md.
bench-loading: deps wasm
	cd e2e && node ../bench/loading.mjs

clean:
	rm -rf examples/dist examples/node_modules bin web/oss-upload.wasm web/oss-upload.*.wasm* web/oss-upload-wasm.js web/go-runtime.js web/wasm_exec.js build
