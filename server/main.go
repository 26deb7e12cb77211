// Command server issues temporary OSS credentials to browsers and serves the
// upload module and demo page. In local mode (the default) it also runs an
// embedded OSS and STS so everything works on one machine.
package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/ossupload/ossupload/server/app"
)

func main() {
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	cfg, err := app.FromFlags(os.Args[1:])
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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := a.Shutdown(sctx); err != nil {
		log.Warn("shutdown", "err", err)
	}
}
