// What daprd says, as the traffic checks read it.

/** Dapr's answer when a callee's access control denies a call (pkg/acl, returned as PermissionDenied). */
export const ACCESS_DENIED = "access control policy has denied access";

/** daprd's last fatal or error lines (it logs JSON), else its last line. */
export function lastErrors(log: string): string {
  const lines = log.trim().split("\n").filter(Boolean);
  const messages = lines
    .map((line) => {
      try {
        const entry = JSON.parse(line) as { level?: string; msg?: string };
        return entry.level === "fatal" || entry.level === "error" ? entry.msg : undefined;
      } catch {
        return undefined;
      }
    })
    .filter((message): message is string => Boolean(message));
  return (messages.slice(-2).join(" | ") || lines.at(-1) || "nothing").slice(0, 600);
}
