// Command pod-security-check evaluates every pod a set of manifests would create against the Pod Security
// Standards with the same library the API server's admission plugin uses (k8s.io/pod-security-admission),
// so a namespace's `pod-security.kubernetes.io/enforce` level can be checked before anything is applied.
//
// Usage: pod-security-check <manifests.yaml>...
//
// Prints a JSON array with one entry per pod-bearing object: its kind, namespace and name, and the checks it
// fails at `baseline` and at `restricted` (policy version `latest`); an empty list means the level admits it.
// Exit status 2 means the input could not be read or decoded.
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	appsv1 "k8s.io/api/apps/v1"
	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"k8s.io/pod-security-admission/api"
	"k8s.io/pod-security-admission/policy"
	"sigs.k8s.io/yaml"
)

type finding struct {
	Reason string `json:"reason"`
	Detail string `json:"detail"`
}

type result struct {
	Kind       string    `json:"kind"`
	Namespace  string    `json:"namespace"`
	Name       string    `json:"name"`
	Baseline   []finding `json:"baseline"`
	Restricted []finding `json:"restricted"`
}

func main() {
	if len(os.Args) < 2 {
		fail(errors.New("usage: pod-security-check <manifests.yaml>..."))
	}
	// nil emulation version: evaluate with every check this release knows (what `latest` means on a 1.37 server).
	evaluator, err := policy.NewEvaluator(policy.DefaultChecks(), nil)
	if err != nil {
		fail(err)
	}
	results := []result{}
	for _, file := range os.Args[1:] {
		documents, err := readDocuments(file)
		if err != nil {
			fail(fmt.Errorf("%s: %w", file, err))
		}
		for i, document := range documents {
			var object metav1.PartialObjectMetadata
			if err := yaml.Unmarshal(document, &object); err != nil {
				fail(fmt.Errorf("%s: document %d: %w", file, i+1, err))
			} else if object.Kind == "" || object.APIVersion == "" {
				fail(fmt.Errorf("%s: document %d has no kind or apiVersion", file, i+1))
			}
			decode, hasPod := podTemplates[object.Kind]
			if !hasPod {
				continue // no pod spec (ConfigMap, Service, ...): nothing Pod Security admits or rejects
			}
			pod, err := decode(document)
			if err != nil {
				fail(fmt.Errorf("%s: document %d: %s %s: %w", file, i+1, object.Kind, object.Name, err))
			}
			results = append(results, result{
				Kind: object.Kind, Namespace: object.Namespace, Name: object.Name,
				Baseline:   evaluate(evaluator, api.LevelBaseline, pod),
				Restricted: evaluate(evaluator, api.LevelRestricted, pod),
			})
		}
	}
	out, _ := json.MarshalIndent(results, "", "  ")
	fmt.Println(string(out))
}

// readDocuments splits a multi-document YAML file; a document that is not valid YAML is an error.
func readDocuments(file string) ([][]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	reader := utilyaml.NewYAMLReader(bufio.NewReader(f))
	var documents [][]byte
	for {
		document, err := reader.Read()
		if errors.Is(err, io.EOF) {
			return documents, nil
		} else if err != nil {
			return nil, err
		}
		var probe interface{}
		if err := yaml.Unmarshal(document, &probe); err != nil {
			return nil, err
		}
		if probe != nil { // skip empty documents (a leading or trailing `---`)
			documents = append(documents, document)
		}
	}
}

// podTemplates maps each pod-bearing kind to a decoder that returns the pod it creates. Decoding is strict
// into the Kubernetes API types: an unknown or misspelt field is an error, so a typo cannot hide a
// securityContext from the checks.
var podTemplates = map[string]func([]byte) (*corev1.PodTemplateSpec, error){
	"Pod": strict(func(o *corev1.Pod) *corev1.PodTemplateSpec {
		return &corev1.PodTemplateSpec{ObjectMeta: o.ObjectMeta, Spec: o.Spec}
	}),
	"Deployment":  strict(func(o *appsv1.Deployment) *corev1.PodTemplateSpec { return &o.Spec.Template }),
	"StatefulSet": strict(func(o *appsv1.StatefulSet) *corev1.PodTemplateSpec { return &o.Spec.Template }),
	"DaemonSet":   strict(func(o *appsv1.DaemonSet) *corev1.PodTemplateSpec { return &o.Spec.Template }),
	"ReplicaSet":  strict(func(o *appsv1.ReplicaSet) *corev1.PodTemplateSpec { return &o.Spec.Template }),
	"Job":         strict(func(o *batchv1.Job) *corev1.PodTemplateSpec { return &o.Spec.Template }),
	"CronJob":     strict(func(o *batchv1.CronJob) *corev1.PodTemplateSpec { return &o.Spec.JobTemplate.Spec.Template }),
}

func strict[T any](pod func(*T) *corev1.PodTemplateSpec) func([]byte) (*corev1.PodTemplateSpec, error) {
	return func(document []byte) (*corev1.PodTemplateSpec, error) {
		var object T
		if err := yaml.UnmarshalStrict(document, &object); err != nil {
			return nil, err
		}
		return pod(&object), nil
	}
}

// evaluate returns the checks the pod fails at a level (never nil, so the JSON shows [] when allowed).
func evaluate(evaluator policy.Evaluator, level api.Level, pod *corev1.PodTemplateSpec) []finding {
	findings := []finding{}
	for _, check := range evaluator.EvaluatePod(api.LevelVersion{Level: level, Version: api.LatestVersion()}, &pod.ObjectMeta, &pod.Spec) {
		if !check.Allowed {
			findings = append(findings, finding{check.ForbiddenReason, check.ForbiddenDetail})
		}
	}
	return findings
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pod-security-check:", err)
	os.Exit(2)
}
