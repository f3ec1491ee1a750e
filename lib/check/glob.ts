// Path globs for check's overrides: `**` spans folders, `*` stays within one, `?` is one character; the whole
// path must match. Everything else is literal, so a file named "[prod].yaml" needs no escaping.

export function globMatcher(glob: string): (path: string) => boolean {
  let pattern = "";
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] as string;
    if (char === "*" && glob[index + 1] === "*") {
      // "**/" also matches no folder at all.
      if (glob[index + 2] === "/") {
        pattern += "(?:.*/)?";
        index += 2;
      } else {
        pattern += ".*";
        index += 1;
      }
    } else if (char === "*") pattern += "[^/]*";
    else if (char === "?") pattern += "[^/]";
    else pattern += char.replace(/[\\^$.|+()[\]{}]/g, "\\$&");
  }
  const regex = new RegExp(`^${pattern}$`, "su");
  return (path) => regex.test(path);
}
