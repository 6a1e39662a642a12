// The API layout the Rust side checks: every command is called from src/api/<area>.ts as
// call<T>, then the literal command name in double quotes, then optionally an object
// literal of camelCase argument names (see CALL_RE below), and only
// client.ts touches Tauri's invoke.
import { describe, expect, it } from "vitest";

const API_FILES = import.meta.glob<string>(["./*.ts", "!./*.test.ts", "!./client.ts"], { query: "?raw", import: "default", eager: true });
const SOURCES = import.meta.glob<string>(["../**/*.{ts,tsx}", "!../api/types/**", "!../api/client.ts", "!../**/*.test.{ts,tsx}"], {
  query: "?raw",
  import: "default",
  eager: true,
});

/** The call pattern: generics may nest; an optional object literal of argument names follows the command name. */
export const CALL_RE = /\bcall(?:<(?:[^<>()]|<(?:[^<>()]|<[^<>()]*>)*>)*>)?\(\s*"([a-z0-9_]+)"\s*(?:,\s*\{([^{}]*)\})?\s*\)/g;

const areaFiles = () => Object.keys(API_FILES).map((p) => p.slice(2));
const read = (file: string) => API_FILES[`./${file}`];

function calls() {
  const out: { file: string; cmd: string; args: string[] }[] = [];
  for (const file of areaFiles()) {
    const src = read(file);
    for (const m of src.matchAll(CALL_RE)) {
      const args = (m[2] ?? "")
        .split(",")
        .map((a) => a.trim().split(":")[0].trim())
        .filter(Boolean);
      out.push({ file, cmd: m[1], args });
    }
  }
  return out;
}

describe("api layout", () => {
  it("every call( in the area files matches the checked pattern", () => {
    for (const file of areaFiles()) {
      const src = read(file);
      const all = src.match(/\bcall[<(]/g)?.length ?? 0;
      const matched = [...src.matchAll(CALL_RE)].length;
      expect(matched, file).toBe(all);
    }
  });

  it("each command is called once, with camelCase argument names", () => {
    const cs = calls();
    expect(cs.length).toBeGreaterThan(100);
    const names = cs.map((c) => c.cmd);
    expect(new Set(names).size).toBe(names.length);
    for (const c of cs) for (const a of c.args) expect(a, `${c.file} ${c.cmd}`).toMatch(/^[a-z][A-Za-z0-9]*$/);
    expect(cs.find((c) => c.cmd === "follow_up_list")?.args).toEqual(["relationType", "relationId", "page"]);
  });

  it("only api/client.ts imports Tauri's invoke", () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(50);
    const offenders = Object.entries(SOURCES)
      .filter(([, src]) => /@tauri-apps\/api\/core/.test(src))
      .map(([p]) => p);
    expect(offenders).toEqual([]);
  });

  it("every area file exports a query-key factory or is a plain command group", () => {
    for (const file of areaFiles()) {
      if (["index.ts", "invalidate.ts", "mutation.ts", "files.ts"].includes(file)) continue;
      expect(read(file), file).toMatch(/export const \w+Keys = \{\n\s+all: \["\w+"\] as const,/);
    }
  });
});
