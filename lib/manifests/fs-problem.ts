// A file-system error as one line a person can act on: the path, what went wrong, and what to do about it.

const WHAT: Readonly<Record<string, { readonly reading: string; readonly writing: string; readonly problem: string }>> =
  {
    EACCES: {
      problem: "permission denied",
      reading: "give the user running trellis read access, or leave it out",
      writing: "give the user running trellis write access, or write somewhere else",
    },
    EPERM: {
      problem: "operation not permitted",
      reading: "give the user running trellis read access, or leave it out",
      writing: "give the user running trellis write access, or write somewhere else",
    },
    ENOSPC: {
      problem: "no space left on the device",
      reading: "free some space on the device",
      writing: "free some space on the device, or write somewhere else",
    },
    EDQUOT: {
      problem: "disk quota exceeded",
      reading: "free some space",
      writing: "free some space, or write somewhere else",
    },
    EISDIR: { problem: "is a folder, not a file", reading: "give a file", writing: "give a file name, not a folder" },
    ENOTDIR: {
      problem: "a part of the path is a file, not a folder",
      reading: "fix the path",
      writing: "fix the path",
    },
    ELOOP: {
      problem: "too many levels of links (a link loop)",
      reading: "fix or remove the link",
      writing: "fix or remove the link",
    },
    ENOENT: {
      problem: "no such file or folder (or a link to nothing)",
      reading: "fix the path",
      writing: "create the folder first",
    },
    EROFS: { problem: "read-only file system", reading: "", writing: "write somewhere else" },
    EMFILE: {
      problem: "too many open files",
      reading: "raise the open-file limit (ulimit -n)",
      writing: "raise the open-file limit (ulimit -n)",
    },
    ENAMETOOLONG: { problem: "name too long", reading: "shorten the path", writing: "shorten the path" },
    EIO: { problem: "input/output error", reading: "check the device", writing: "check the device" },
  };

/** The error's code when it is one from the file system (errno), else undefined. */
export function fsErrorCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/** "<path>: permission denied (EACCES); give the user running trellis read access, or leave it out". */
export function fsProblem(path: string, error: unknown, doing: "reading" | "writing"): string {
  const code = fsErrorCode(error) ?? "error";
  const known = WHAT[code];
  if (!known)
    return `${path}: cannot be ${doing === "reading" ? "read" : "written"} (${code}${error instanceof Error ? `: ${error.message.split("\n")[0]}` : ""})`;
  const action = known[doing];
  return `${path}: ${known.problem} (${code})${action ? `; ${action}` : ""}`;
}

/** System calls that write: an error in one is about writing the path. */
const WRITING_CALLS = new Set([
  "write",
  "mkdir",
  "mkdtemp",
  "rename",
  "unlink",
  "rmdir",
  "rm",
  "symlink",
  "link",
  "copyfile",
  "cp",
  "ftruncate",
  "fsync",
]);

/** An error thrown by a file-system call, as its line: the path it names, what went wrong, what to do. */
export function fsErrorMessage(error: unknown): string {
  const errno = error as NodeJS.ErrnoException & { dest?: string };
  return fsProblem(
    errno.path ?? errno.dest ?? "(a file)",
    error,
    WRITING_CALLS.has(errno.syscall ?? "") ? "writing" : "reading",
  );
}
