// docs/policies.md, written from the rules themselves so the catalogue cannot drift from the code.
import { upstreamLink, type UpstreamReference } from "../lib/policies/rule.ts";
import { INPUT_SECTION, TRIAGE_SECTION } from "../lib/policies/catalogue-triage.ts";
import type { Rule } from "../lib/policies/rule.ts";

const FAMILIES: Readonly<Record<string, string>> = {
  dapr: "Dapr",
  otel: "OpenTelemetry",
  argocd: "Argo CD and ordering",
  k8s: "Kubernetes",
  secrets: "Secrets",
  trellis: "Trellis's own annotations",
};

export function policyCatalogue(rules: readonly Rule[]): string {
  const lines = [
    "# Policy catalogue",
    "",
    "Written by `npm run docs:policies` from `policies/`; do not edit by hand.",
    "",
    "`trellis check [PATH...] [--profile dev|staging|prod] [--format text|json|sarif|markdown] [--baseline FILE | --write-baseline FILE [--reason TEXT]]`",
    "runs every rule over files or folders of Kubernetes manifests (recursive, multi-document). Without paths it checks each `deploy/<env>/`",
    "together with `deploy/argocd/`. The profile is the one the environment declares (`profile` in `environments/<env>.ts`),",
    "read from its AppProject's `trellis.io/profile` label, for paths too; `prod` where no AppProject carries it.",
    "Exit 0 without error findings, 1 with at least one, 2 for bad usage or unreadable input.",
    "",
    "Waves come from `argocd.argoproj.io/sync-wave` on objects and from the Application whose `source.path`",
    "holds an object's file; objects of different Applications compare by their Applications' waves.",
    "",
    ...INPUT_SECTION,
    ...TRIAGE_SECTION,
  ];
  for (const [prefix, title] of Object.entries(FAMILIES)) {
    lines.push(`## ${title}`, "");
    for (const rule of rules.filter((candidate) => candidate.id.startsWith(`${prefix}/`))) {
      lines.push(
        `### \`${rule.id}\``,
        "",
        rule.summary,
        "",
        `- **Severity:** ${rule.severity}.`,
        `- **Why:** ${rule.why}`,
        `- **Fix:** ${rule.fix}`,
        `- **Reference:** ${rule.reference}`,
        ...upstreamLines(rule.upstream),
        "",
      );
    }
  }
  return `${lines.join("\n").trimEnd()}\n`;
}

function upstreamLines(upstream: readonly UpstreamReference[] | undefined): string[] {
  return upstream && upstream.length > 0 ? [`- **Upstream:** ${upstream.map(upstreamLink).join("; ")}`] : [];
}
