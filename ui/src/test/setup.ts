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

// jsdom does not implement getComputedStyle with a pseudo-element (antd asks for scrollbars).
const gcs = window.getComputedStyle.bind(window);
window.getComputedStyle = ((elt: Element) => gcs(elt)) as typeof window.getComputedStyle;
