// A small W3C WebDriver client (fetch only) for driving the real CRM Desk app
// through tauri-driver + WebKitWebDriver.
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class Driver {
  constructor(base, sessionId, shotsDir) {
    this.base = base;
    this.id = sessionId;
    this.shotsDir = shotsDir;
    this.shot = 0;
  }

  static async start({ base = "http://127.0.0.1:4444", application, shotsDir }) {
    const res = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ capabilities: { alwaysMatch: { browserName: "wry", "tauri:options": { application } } } }),
    });
    const body = await res.json();
    if (!res.ok || !body.value?.sessionId) throw new Error(`cannot start session: ${JSON.stringify(body)}`);
    mkdirSync(shotsDir, { recursive: true });
    return new Driver(base, body.value.sessionId, shotsDir);
  }

  async cmd(method, path, body) {
    const res = await fetch(`${this.base}/session/${this.id}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json().catch(() => ({}));
    if (!res.ok) {
      const err = new Error(`${method} ${path}: ${json.value?.error ?? res.status} ${json.value?.message ?? ""}`);
      err.webdriver = json.value?.error;
      throw err;
    }
    return json.value;
  }

  async quit() {
    await fetch(`${this.base}/session/${this.id}`, { method: "DELETE" }).catch(() => {});
  }

  async exec(script, ...args) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  async findAll(css) {
    const v = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return v.map((e) => e[ELEMENT] ?? e.ELEMENT);
  }

  /** Wait until `css` matches a visible element (and its text contains `text`, if given). */
  async waitFor(css, { text, timeout = 15000 } = {}) {
    const end = Date.now() + timeout;
    let last = "";
    while (Date.now() < end) {
      try {
        const ids = await this.findAll(css);
        for (const id of ids) {
          const shown = await this.cmd("GET", `/element/${id}/displayed`).catch(() => true);
          if (!shown) continue;
          if (text === undefined) return id;
          const t = await this.cmd("GET", `/element/${id}/text`);
          last = t;
          if (t.includes(text)) return id;
        }
      } catch (e) {
        last = String(e);
      }
      await new Promise((r) => setTimeout(r, 150));
    }
    await this.screenshot(`timeout-${css.replace(/[^a-z0-9]+/gi, "_")}`).catch(() => {});
    throw new Error(`timed out waiting for ${css}${text ? ` containing "${text}"` : ""} (last: ${last.slice(0, 200)})`);
  }

  async gone(css, timeout = 10000) {
    const end = Date.now() + timeout;
    while (Date.now() < end) {
      const ids = await this.findAll(css);
      let visible = false;
      for (const id of ids) if (await this.cmd("GET", `/element/${id}/displayed`).catch(() => false)) visible = true;
      if (!visible) return;
      await new Promise((r) => setTimeout(r, 150));
    }
    throw new Error(`${css} still visible`);
  }

  /** Wait until an element stops moving (antd drawers and modals slide in). */
  async settle(id) {
    let last = "";
    for (let i = 0; i < 20; i++) {
      const r = await this.exec("const b = arguments[0].getBoundingClientRect(); return [b.x, b.y, b.width, b.height].map(Math.round).join(',')", { [ELEMENT]: id }).catch(() => "");
      if (r && r === last) return;
      last = r;
      await new Promise((res) => setTimeout(res, 80));
    }
  }

  async click(css, opts) {
    // Lists re-render while results load: a found element can go stale; find it again.
    for (let attempt = 0; ; attempt++) {
      const id = await this.waitFor(css, opts);
      await this.settle(id);
      try {
        try {
          await this.cmd("POST", `/element/${id}/click`, {});
        } catch (e) {
          if (/stale/i.test(String(e))) throw e;
          // Overlays (antd animations) can intercept a native click for a moment.
          await this.exec("arguments[0].click()", { [ELEMENT]: id });
        }
        return id;
      } catch (e) {
        if (attempt >= 3 || !/stale/i.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  }

  async type(css, text, { clear = true } = {}) {
    // A field can be briefly covered (a closing modal) or re-rendered: find it again and retry.
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await this.waitFor(css);
        await this.settle(id);
        if (clear) {
          // WebDriver's clear bypasses React; set the value the way React notices.
          await this.exec(
            "const el = arguments[0]; const set = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(el), 'value').set; set.call(el, ''); el.dispatchEvent(new Event('input', { bubbles: true }));",
            { [ELEMENT]: id },
          );
        }
        await this.cmd("POST", `/element/${id}/value`, { text });
        return id;
      } catch (e) {
        if (attempt >= 10 || !/stale|not interactable|not focusable/i.test(String(e))) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  async keys(css, text) {
    const id = await this.waitFor(css);
    await this.cmd("POST", `/element/${id}/value`, { text });
  }

  async text(css) {
    const id = await this.waitFor(css);
    return this.cmd("GET", `/element/${id}/text`);
  }

  async bodyText() {
    return this.exec("return document.body.innerText");
  }

  /** A screenshot of the X display (WebKitWebDriver's own screenshot can stall under Xvfb). */
  async screenshot(name) {
    this.shot += 1;
    const file = join(this.shotsDir, `${String(this.shot).padStart(2, "0")}-${name}.png`);
    await new Promise((r) => setTimeout(r, 300)); // let antd transitions settle
    execFileSync("import", ["-window", "root", file], { timeout: 20000 });
    return file;
  }
}

export const ENTER = "\uE007";
