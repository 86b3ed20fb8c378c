//go:build tools

// Package tools pins github.com/prometheus/prometheus/cmd/promtool at v0.316.0 so scripts/setup-tools.sh can build it reproducibly.
package tools

import _ "github.com/prometheus/prometheus/cmd/promtool"
