//go:build tools

// Package tools pins github.com/prometheus/statsd_exporter at v0.28.0 (the quay.io/prometheus/statsd-exporter
// image tag the Airflow stack runs) so scripts/setup-tools.sh can build it and the tests can run the real exporter
// against the generated mapping file.
package tools

import _ "github.com/prometheus/statsd_exporter"
