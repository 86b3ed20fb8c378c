// Command kind-config-check validates a kind cluster configuration the way kind reads it: strict YAML
// decoding into kind's own v1alpha4 types (an unknown or misspelt field is an error), then kind's
// defaulting and the checks kind runs on its own config types (node roles, port mappings, mounts).
//
// Usage: kind-config-check <kind-config.yaml>
package main

import (
	"fmt"
	"os"

	"sigs.k8s.io/kind/pkg/apis/config/v1alpha4"
	"sigs.k8s.io/yaml"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: kind-config-check <kind-config.yaml>")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		fail(err)
	}
	var cluster v1alpha4.Cluster
	if err := yaml.UnmarshalStrict(raw, &cluster); err != nil {
		fail(fmt.Errorf("not a valid kind v1alpha4 Cluster: %w", err))
	}
	if cluster.Kind != "Cluster" || cluster.APIVersion != "kind.x-k8s.io/v1alpha4" {
		fail(fmt.Errorf("kind/apiVersion are %q/%q, want Cluster/kind.x-k8s.io/v1alpha4", cluster.Kind, cluster.APIVersion))
	}
	v1alpha4.SetDefaultsCluster(&cluster)
	controlPlanes := 0
	hostPorts := map[int32]bool{}
	for i, node := range cluster.Nodes {
		switch node.Role {
		case v1alpha4.ControlPlaneRole:
			controlPlanes++
		case v1alpha4.WorkerRole:
		default:
			fail(fmt.Errorf("node %d has unknown role %q", i, node.Role))
		}
		for _, mapping := range node.ExtraPortMappings {
			if mapping.ContainerPort <= 0 || mapping.ContainerPort > 65535 || mapping.HostPort <= 0 || mapping.HostPort > 65535 {
				fail(fmt.Errorf("node %d maps an invalid port %d -> %d", i, mapping.HostPort, mapping.ContainerPort))
			}
			if hostPorts[mapping.HostPort] {
				fail(fmt.Errorf("host port %d is mapped twice", mapping.HostPort))
			}
			hostPorts[mapping.HostPort] = true
		}
		for _, mount := range node.ExtraMounts {
			if mount.HostPath == "" || mount.ContainerPath == "" {
				fail(fmt.Errorf("node %d has an extraMount without hostPath or containerPath", i))
			}
		}
		for _, patch := range node.KubeadmConfigPatches {
			var document map[string]interface{}
			if err := yaml.Unmarshal([]byte(patch), &document); err != nil {
				fail(fmt.Errorf("node %d has a kubeadm patch that is not YAML: %w", i, err))
			}
			if document["kind"] == nil {
				fail(fmt.Errorf("node %d has a kubeadm patch without kind (kind matches patches by kind)", i))
			}
		}
	}
	if controlPlanes != 1 {
		fail(fmt.Errorf("want exactly one control-plane node, found %d", controlPlanes))
	}
	fmt.Printf("valid kind config: cluster %q, %d nodes, %d host port mappings\n", cluster.Name, len(cluster.Nodes), len(hostPorts))
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "kind-config-check:", err)
	os.Exit(1)
}
