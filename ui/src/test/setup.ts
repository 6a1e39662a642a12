import { configure } from "@testing-library/react";

// waitFor / findBy give up after 1 s by default: on a busy 2-core CI machine (two test
// workers, or a build beside them) loading a page's data and rendering its form can take
// longer, which made tests fail at random. A real failure still fails, 10 s later.
configure({ asyncUtilTimeout: 10000 });

// jsdom lacks a few browser APIs that antd uses.
Object.defineProperty(window, "matchMedia", {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => {},
    removeListener: () => {},
    addEventListener: () => {},
    removeEventListener: () => {},
    dispatchEvent: () => false,
  }),
});
class RO {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as unknown as { ResizeObserver: typeof RO }).ResizeObserver = RO;
if (!window.crypto?.getRandomValues) {
  Object.defineProperty(window, "crypto", { value: { getRandomValues: (a: Uint8Array) => a.map(() => Math.floor(Math.random() * 256)) } });
}

// getComputedStyle without the cascade. jsdom's own walks every style sheet for every call,
// and antd injects thousands of rules; Testing Library asks it for each element and its
// ancestors on every role query (is it hidden?). That made the suite ~8x slower (a form
// test took 20-40 s). What the queries need is kept: the element's inline style, and
// `display: none` for the `hidden` attribute and antd's `*-hidden` classes (closed
// dropdowns, pickers, tab panes), which is how antd hides what it keeps mounted.
// (This also answers a pseudo-element request, which jsdom does not implement.)
const HIDDEN_CLASS = /(^|\s)[\w-]+-hidden(\s|$)/;
const isHidden = (elt: Element) => elt.hasAttribute?.("hidden") || HIDDEN_CLASS.test(elt.getAttribute?.("class") ?? "");
window.getComputedStyle = ((elt: Element) => {
  const inline = (elt as HTMLElement).style ?? document.createElement("div").style;
  const hidden = isHidden(elt);
  return new Proxy(inline, {
    get(target, prop) {
      if (hidden && prop === "display") return "none";
      if (prop === "getPropertyValue") return (name: string) => (hidden && name === "display" ? "none" : target.getPropertyValue(name));
      const v = Reflect.get(target, prop) as unknown;
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}) as typeof window.getComputedStyle;
