//go:build tools

// Package tools pins github.com/yannh/kubeconform/cmd/kubeconform at v0.7.0 so scripts/setup-tools.sh can build it reproducibly.
package tools

import _ "github.com/yannh/kubeconform/cmd/kubeconform"
