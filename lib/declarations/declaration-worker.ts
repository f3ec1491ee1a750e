// Runs the compiled declarations in a worker thread, so that a declaration that never returns (an endless
// loop, a promise that never settles) can be stopped at a deadline instead of hanging the command.
import { Worker } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import type { EvaluatedDeclarations } from "./evaluate.ts";
import { DeclarationError } from "./problems.ts";

/** Plain CommonJS: the worker runs without the TypeScript loader, only the bundle (plain JavaScript). */
const WORKER_SOURCE = `
const { parentPort, workerData } = require("node:worker_threads");
process.setSourceMapsEnabled(true);
import(workerData.bundle)
  .then((bundle) => bundle.run(workerData.root, workerData.files, (file) => parentPort.postMessage({ evaluating: file })))
  .then((result) => parentPort.postMessage({ result }))
  .catch((error) => parentPort.postMessage({ failed: String((error && error.stack) || error) }));
`;

type WorkerMessage = { evaluating: string } | { result: EvaluatedDeclarations } | { failed: string };

export async function evaluateInWorker(
  bundle: string,
  root: string,
  files: readonly string[],
  timeoutMs: number,
): Promise<EvaluatedDeclarations> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { bundle: pathToFileURL(bundle).href, root, files: [...files] },
    // The parent's loader flags (tsx) are not needed by the plain JavaScript bundle, and cost start-up time.
    execArgv: [],
  });
  let current = "(declarations)";
  let started = false;
  try {
    return await new Promise<EvaluatedDeclarations>((resolve, reject) => {
      const expire = () => {
        const seconds = Math.round(timeoutMs / 100) / 10;
        const message = `evaluating the declaration did not finish within ${seconds} s; look for an endless loop or a promise that never settles, or give synth a longer --timeout`;
        reject(new DeclarationError([{ file: current, path: "(file)", message }]));
      };
      // Armed when the worker starts, and again when it reaches the first file: starting the worker under load
      // must not eat into the declarations' own time.
      let timer = setTimeout(expire, timeoutMs);
      worker.on("message", (message: WorkerMessage) => {
        if ("evaluating" in message) {
          current = message.evaluating;
          if (!started) {
            started = true;
            clearTimeout(timer);
            timer = setTimeout(expire, timeoutMs);
          }
          return;
        }
        clearTimeout(timer);
        if ("result" in message) resolve(message.result);
        else reject(new Error(`internal: evaluating the declarations failed: ${message.failed}`));
      });
      worker.on("error", (error) => {
        clearTimeout(timer);
        reject(cloneFailure(error, current));
      });
      worker.on("exit", (code) => {
        clearTimeout(timer);
        // Exit 0 without a result: the event loop ran dry while a declaration still waited on a promise.
        const message =
          code === 0
            ? "evaluating the declaration did not finish: it waits on a promise that can never settle (nothing is left for it to wait on); resolve it, or export the value itself"
            : `evaluating the declaration ended the process (exit code ${code}); a declaration must not call process.exit`;
        reject(new DeclarationError([{ file: current, path: "(file)", message }]));
      });
    });
  } finally {
    await worker.terminate();
  }
}

/** An uncaught error in the worker: most often a value the schema let through that cannot be copied out. */
function cloneFailure(error: Error, file: string): Error {
  if (error.name === "DataCloneError") {
    return new DeclarationError([
      {
        file,
        path: "(file)",
        message: `the declaration holds a value that is not plain data (${error.message}); use plain objects, arrays, strings, numbers and booleans`,
      },
    ]);
  }
  return new DeclarationError([
    {
      file,
      path: "(file)",
      message: `evaluating the declaration failed: ${error.message.split("\n")[0]}; fix the code in this file`,
    },
  ]);
}
