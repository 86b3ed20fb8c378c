//go:build tools

// Package tools pins github.com/prometheus/alertmanager/cmd/amtool at v0.35.0 (the Alertmanager image's version) so scripts/setup-tools.sh can build it reproducibly.
package tools

import _ "github.com/prometheus/alertmanager/cmd/amtool"
