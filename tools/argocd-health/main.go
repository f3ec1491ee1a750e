// Runs Argo CD's own health assessment, as its application controller does: gitops-engine's
// health.GetResourceHealth with the argocd-cm Lua customizations, falling back to the built-in Lua
// scripts and Go checks embedded in the pinned Argo CD module. Only wiring: it reads a JSON request on
// stdin and writes one JSON result per object.
package main

import (
	"encoding/json"
	"fmt"
	"os"

	appv1 "github.com/argoproj/argo-cd/v3/pkg/apis/application/v1alpha1"
	"github.com/argoproj/argo-cd/v3/util/lua"
	"github.com/argoproj/gitops-engine/pkg/health"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

type request struct {
	// Health customizations of argocd-cm, keyed "<group>/<Kind>" as Argo CD's settings turn its
	// resource.customizations.health.<group>_<Kind> keys into resource overrides.
	Overrides map[string]string `json:"overrides"`
	// Built-in health scripts of another Argo CD release, keyed the same way; like built-ins, they run with the
	// standard Lua libraries, and argocd-cm's customizations take precedence over them.
	BuiltIn map[string]string `json:"builtIn"`
	// When set, this script judges every object (as upstream's health_test.yaml cases run a script).
	Script  string           `json:"script"`
	Objects []map[string]any `json:"objects"`
}

type result struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

func main() {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		fmt.Fprintf(os.Stderr, "argocd-health: cannot read the request: %v\n", err)
		os.Exit(2)
	}
	overrides := lua.ResourceHealthOverrides{}
	for key, script := range req.BuiltIn {
		overrides[key] = appv1.ResourceOverride{HealthLua: script, UseOpenLibs: true}
	}
	for key, script := range req.Overrides {
		overrides[key] = appv1.ResourceOverride{HealthLua: script}
	}
	results := make([]result, 0, len(req.Objects))
	for _, object := range req.Objects {
		obj := &unstructured.Unstructured{Object: object}
		var status *health.HealthStatus
		var err error
		if req.Script != "" {
			status, err = lua.VM{UseOpenLibs: true}.ExecuteHealthLua(obj, req.Script)
		} else {
			status, err = health.GetResourceHealth(obj, overrides)
		}
		switch {
		case err != nil:
			results = append(results, result{Error: err.Error()})
		case status == nil:
			results = append(results, result{})
		default:
			results = append(results, result{Status: string(status.Status), Message: status.Message})
		}
	}
	if err := json.NewEncoder(os.Stdout).Encode(results); err != nil {
		fmt.Fprintf(os.Stderr, "argocd-health: %v\n", err)
		os.Exit(1)
	}
}
