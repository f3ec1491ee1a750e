// The places Argo CD reads from, played on loopback so the rehearsal needs no network: the environment's git
// repository (git's own smart HTTP server, `git http-backend`, over a bare repository holding the working tree's
// deploy/ on the environment's revision, behind the repository credentials the bootstrap delivers; for an upgrade,
// an earlier revision's deploy/ first, then the working tree's as the next commit) and each chart
// repository the Applications name (an index.yaml made by Helm over the pinned chart archives). One HTTPS server
// answers for every host name; pods resolve those names to it (/etc/hosts) and trust its CA, made here per run.
import { spawn } from "node:child_process";
import { copyFile, cp, mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:https";
import { join } from "node:path";
import { runToEnd } from "../../lib/tools/processes.ts";
import { serverCertificate } from "../../lib/tools/server-certificate.ts";

export interface ChartSource {
  readonly repoURL: string;
  readonly chart: string;
  readonly version: string;
}

export interface OriginOptions {
  readonly folder: string;
  /** Where it listens (port 443); every host name it plays resolves here inside the cluster's pods. */
  readonly address: string;
  /** The project whose deploy/ folder is served. */
  readonly root: string;
  readonly repoURL: string;
  readonly revision: string;
  /** A revision of the project whose deploy/ is served first; `advance` then serves the working tree's. */
  readonly from?: string;
  /** The password the repository credentials carry; any other is refused. */
  readonly password: string;
  readonly charts: readonly ChartSource[];
  /** Folder of chart archives <chart>-<version>.tgz. */
  readonly chartArchives: string;
  readonly helm: string;
}

export interface LoopbackOrigin {
  /** The CA pods must trust, PEM. */
  readonly ca: string;
  /** Host names the origin answers for. */
  readonly hosts: readonly string[];
  /** Requests refused for want of the right credentials, for the report. */
  refusedRequests(): number;
  /**
   * Serves the working tree's deploy/ as the next commit on the revision (after `from`), changed by `edit` where
   * given (a negative case); returns the commit.
   */
  advance(edit?: (deploy: string) => Promise<void>): Promise<string>;
  stop(): Promise<void>;
}

export async function startLoopbackOrigin(options: OriginOptions): Promise<LoopbackOrigin> {
  const repository = new URL(options.repoURL);
  const chartRepositories = [...new Set(options.charts.map((chart) => chart.repoURL))].map((url) => new URL(url));
  const hosts = [...new Set([repository.hostname, ...chartRepositories.map((url) => url.hostname)])].sort();
  const { ca, key, certificate } = await serverCertificate(
    join(options.folder, "tls"),
    "origin",
    hosts,
    options.address,
  );

  const gitRoot = join(options.folder, "git");
  const bare = join(gitRoot, repository.pathname.replace(/^\/+/, ""));
  const worktree = join(options.folder, "worktree");
  await publishDeploy(options.root, worktree, bare, options.revision, options.from);

  const chartsRoot = join(options.folder, "charts");
  for (const url of chartRepositories) {
    const folder = join(chartsRoot, url.hostname, url.pathname);
    await mkdir(folder, { recursive: true });
    for (const chart of options.charts.filter((candidate) => new URL(candidate.repoURL).href === url.href))
      await copyFile(
        join(options.chartArchives, `${chart.chart}-${chart.version}.tgz`),
        join(folder, `${chart.chart}-${chart.version}.tgz`),
      );
    const indexed = await runToEnd(options.helm, ["repo", "index", folder, "--url", url.href.replace(/\/$/, "")]);
    if (indexed.code !== 0) throw new Error(`helm repo index ${folder}: ${indexed.stderr.trim()}`);
  }

  let refused = 0;
  const server: Server = createServer({ key, cert: certificate }, (request, response) => {
    const host = (request.headers.host ?? "").replace(/:\d+$/, "");
    const url = new URL(request.url ?? "/", `https://${host}`);
    if (host === repository.hostname && url.pathname.startsWith(repository.pathname)) {
      const [user, password] = Buffer.from((request.headers.authorization ?? "").replace(/^Basic /, ""), "base64")
        .toString("utf8")
        .split(":");
      if (password !== options.password) {
        refused += 1;
        response.writeHead(401, { "www-authenticate": 'Basic realm="trellis rehearsal"' }).end();
        return;
      }
      gitHttpBackend(gitRoot, url, request, response, user ?? "");
      return;
    }
    const file = join(chartsRoot, host, decodeURIComponent(url.pathname));
    if (!file.startsWith(join(chartsRoot, host))) return void response.writeHead(400).end();
    readFile(file).then(
      (body) =>
        response
          .writeHead(200, { "content-type": file.endsWith(".yaml") ? "text/yaml" : "application/gzip" })
          .end(body),
      () => response.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(443, options.address, () => resolve());
  });
  return {
    ca,
    hosts,
    refusedRequests: () => refused,
    advance: (edit) => advanceDeploy(options.root, worktree, bare, options.revision, edit),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * A bare repository holding the working tree's deploy/ folder as one commit, on the branch `revision` names, or, where
 * it names a release tag (v1.2.3), on main with that tag.
 */
async function publishDeploy(
  root: string,
  worktree: string,
  bare: string,
  revision: string,
  from: string | undefined,
): Promise<void> {
  await mkdir(worktree, { recursive: true });
  if (from) {
    // The earlier revision's deploy/ as git has it, unpacked from the project's own history.
    const archive = join(worktree, "..", "from.tar");
    await git(["archive", "--output", archive, from, "deploy"], root);
    const unpacked = await runToEnd("tar", ["-xf", archive, "-C", worktree]);
    if (unpacked.code !== 0) throw new Error(`cannot unpack deploy/ of ${from}: ${unpacked.stderr.trim()}`);
  } else await cp(join(root, "deploy"), join(worktree, "deploy"), { recursive: true });
  const isTag = /^v\d+\.\d+\.\d+/.test(revision);
  await git(["init", "--quiet", "--initial-branch", isTag ? "main" : revision], worktree);
  await git(["add", "deploy"], worktree);
  await git(["commit", "--quiet", "-m", from ? `deploy/ of ${from}` : "deploy/ under rehearsal"], worktree);
  if (isTag) await git(["tag", revision], worktree);
  await mkdir(bare, { recursive: true });
  await git(["clone", "--quiet", "--bare", worktree, bare], join(bare, ".."));
}

/** The working tree's deploy/ as the next commit, pushed to the revision (a tag is moved to it). */
async function advanceDeploy(
  root: string,
  worktree: string,
  bare: string,
  revision: string,
  edit?: (deploy: string) => Promise<void>,
): Promise<string> {
  await rm(join(worktree, "deploy"), { recursive: true, force: true });
  await cp(join(root, "deploy"), join(worktree, "deploy"), { recursive: true });
  await edit?.(join(worktree, "deploy"));
  await git(["add", "--all", "deploy"], worktree);
  await git(["commit", "--quiet", "--allow-empty", "-m", "deploy/ under rehearsal"], worktree);
  const isTag = /^v\d+\.\d+\.\d+/.test(revision);
  if (isTag) await git(["tag", "--force", revision], worktree);
  await git(["push", "--quiet", "--force", bare, isTag ? "main" : revision, ...(isTag ? ["--tags"] : [])], worktree);
  return (await git(["rev-parse", "HEAD"], worktree)).trim();
}

async function git(args: readonly string[], cwd: string): Promise<string> {
  const result = await runToEnd("git", args, {
    cwd,
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "trellis",
      GIT_AUTHOR_EMAIL: "rehearsal@trellis.invalid",
      GIT_COMMITTER_NAME: "trellis",
      GIT_COMMITTER_EMAIL: "rehearsal@trellis.invalid",
    },
  });
  if (result.code !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr.trim()}`);
  return result.stdout;
}

/** One request through git's CGI program, its headers and body passed back. */
function gitHttpBackend(
  gitRoot: string,
  url: URL,
  request: import("node:http").IncomingMessage,
  response: import("node:http").ServerResponse,
  user: string,
): void {
  const child = spawn("git", ["http-backend"], {
    env: {
      PATH: process.env.PATH,
      GIT_PROJECT_ROOT: gitRoot,
      GIT_HTTP_EXPORT_ALL: "1",
      PATH_INFO: decodeURIComponent(url.pathname),
      QUERY_STRING: url.search.replace(/^\?/, ""),
      REQUEST_METHOD: request.method ?? "GET",
      CONTENT_TYPE: request.headers["content-type"] ?? "",
      REMOTE_USER: user,
      REMOTE_ADDR: request.socket.remoteAddress ?? "",
      ...(request.headers["content-encoding"]
        ? { HTTP_CONTENT_ENCODING: String(request.headers["content-encoding"]) }
        : {}),
      ...(request.headers["git-protocol"] ? { GIT_PROTOCOL: String(request.headers["git-protocol"]) } : {}),
    },
    stdio: ["pipe", "pipe", "ignore"],
  });
  request.pipe(child.stdin);
  let head = Buffer.alloc(0);
  let headersDone = false;
  child.stdout.on("data", (chunk: Buffer) => {
    if (headersDone) return void response.write(chunk);
    head = Buffer.concat([head, chunk]);
    const end = head.indexOf("\r\n\r\n");
    if (end < 0) return;
    headersDone = true;
    let status = 200;
    for (const line of head.subarray(0, end).toString("utf8").split("\r\n")) {
      const [name, ...rest] = line.split(":");
      const value = rest.join(":").trim();
      if (name?.toLowerCase() === "status") status = Number(value.split(" ")[0]);
      else if (name) response.setHeader(name, value);
    }
    response.writeHead(status);
    response.write(head.subarray(end + 4));
  });
  child.on("close", () => response.end());
  child.on("error", () => response.writeHead(500).end());
}
