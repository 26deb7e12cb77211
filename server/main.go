// Command server issues temporary OSS credentials to browsers and serves the
// upload module and demo page. In local mode (the default) it also runs an
// embedded OSS and STS so everything works on one machine.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ossupload/ossupload/server/app"
	"github.com/ossupload/ossupload/server/broker"
)

func main() {
	// Redact is a safety net: nothing passes secrets to the logger on purpose.
	log := slog.New(broker.Redact(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	slog.SetDefault(log)
	// Signals are caught before anything starts, so none can skip the shutdown.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	cfg, err := app.FromFlags(os.Args[1:])
	if errors.Is(err, flag.ErrHelp) {
		os.Exit(0)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ossupload: configuration error:\n"+err.Error())
		os.Exit(2)
	}
	a, err := app.Start(cfg, log)
	if err != nil {
		fmt.Fprintln(os.Stderr, "ossupload: cannot start:", err)
		os.Exit(1)
	}
	if a.Cloud != nil {
		log.Info("embedded cloud", "oss", a.Cloud.OSSURL, "sts", a.Cloud.STSURL, "data", cfg.DataDir, "faults", cfg.Faults)
	}
	fmt.Printf("ossupload: open %s/\n", a.URL)
	<-ctx.Done()
	stop() // a second signal kills at once
	log.Info("shutting down: finishing requests in flight")
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
}
