// A real browser for the HTML report: Debian's Chromium driven by puppeteer-core (never a browser download),
// headless, offline, with a fresh profile per launch.
import { access, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

export interface DrawingState {
  /** Drawings Mermaid rendered to SVG. */
  readonly rendered: number;
  /** Drawings Mermaid refused, with its message. */
  readonly errors: readonly { readonly title: string; readonly message: string }[];
  /** Figures in the page. */
  readonly figures: number;
  /** SVGs in the page once rendering finished. */
  readonly svgs: number;
  /** Requests the page made to anything but its own file. */
  readonly requests: readonly string[];
}

/** Opens the page, waits (with a deadline) until its drawings are done, screenshots it, closes the browser. */
export async function renderInChromium(htmlFile: string, screenshot: string): Promise<DrawingState> {
  await access(CHROMIUM).catch(() => {
    throw new Error(
      `no browser at ${CHROMIUM}: install Debian's Chromium (apt-get install -y chromium), as .ci/run does, or set CHROMIUM`,
    );
  });
  const profile = await mkdtemp(join(tmpdir(), "trellis-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      `--user-data-dir=${profile}`,
    ],
  });
  try {
    const page = await browser.newPage();
    const url = pathToFileURL(htmlFile).href;
    const requests: string[] = [];
    page.on("request", (request) => {
      if (request.url() !== url && !request.url().startsWith("data:")) requests.push(request.url());
    });
    await page.setViewport({ width: 1400, height: 900 });
    await page.goto(url, { waitUntil: "load", timeout: 60_000 });
    await page.waitForFunction("window.trellisDrawings !== undefined", { timeout: 60_000 });
    const state = (await page.evaluate(
      "({ ...window.trellisDrawings, figures: document.querySelectorAll('figure.drawing').length, svgs: document.querySelectorAll('figure.drawing svg').length })",
    )) as Omit<DrawingState, "requests">;
    await page.screenshot({ path: screenshot, fullPage: true });
    return { ...state, requests };
  } finally {
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
}
