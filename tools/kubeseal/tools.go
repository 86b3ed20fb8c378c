//go:build tools

// Package tools pins github.com/bitnami-labs/sealed-secrets/cmd/kubeseal at v0.36.6 so scripts/setup-tools.sh can build it reproducibly.
package tools

import _ "github.com/bitnami-labs/sealed-secrets/cmd/kubeseal"
