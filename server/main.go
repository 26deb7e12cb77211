// Command server issues temporary OSS credentials to browsers and serves the
// upload module and demo page. In local mode (the default) it also runs an
// embedded OSS and STS so everything works on one machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/ossupload/ossupload/server/app"
	"github.com/ossupload/ossupload/server/broker"
)

func main() {
	// Signals are caught before anything starts, so none can skip the shutdown.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run serves until ctx ends, then shuts down gracefully. It returns the exit
// status: 2 for a configuration error, 1 when the server cannot start.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	// Redact is a safety net: nothing passes secrets to the logger on purpose.
	log := slog.New(broker.Redact(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	cfg, err := app.FromFlags(args)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "ossupload: configuration error:\n"+err.Error())
		return 2
	}
	a, err := app.Start(cfg, log)
	if err != nil {
		fmt.Fprintln(stderr, "ossupload: cannot start:", err)
		return 1
	}
	if a.Cloud != nil {
		log.Info("embedded cloud", "oss", a.Cloud.OSSURL, "sts", a.Cloud.STSURL, "data", cfg.DataDir, "faults", cfg.Faults)
		if cfg.GeneratedKeys {
			log.Info("local root key: AccessKeyId "+app.LocalAccessKeyID+", secret in the data directory", "file", filepath.Join(cfg.DataDir, app.LocalSecretsFile))
		}
		if a.Cloud.LocalToken != "" {
			// On stdout, not in the log: test harnesses read it from here.
			fmt.Fprintf(stdout, "ossupload: local token %s (send as X-Local-Token to %s/_local/*)\n", a.Cloud.LocalToken, a.Cloud.OSSURL)
		}
	}
	if _, err := os.Stat(cfg.WebDir + "/index.html"); err != nil {
		log.Warn("no index.html in the web directory: the demo page is missing", "web", cfg.WebDir)
	}
	fmt.Fprintf(stdout, "ossupload: open %s/\n", a.URL)
	<-ctx.Done()
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
		return 1
	}
	return 0
}
