import { useEffect, useState } from "react";

/** The window's width, following resizes. */
export function useViewportWidth(): number {
  const [w, setW] = useState(() => window.innerWidth);
  useEffect(() => {
    const on = () => setW(window.innerWidth);
    window.addEventListener("resize", on);
    return () => window.removeEventListener("resize", on);
  }, []);
  return w;
}

/** A drawer's width for a window `viewport` wide: `max`, narrower on a small window (it never leaves the screen). */
export const drawerWidth = (max: number, viewport: number) => Math.max(Math.min(360, viewport), Math.min(max, viewport - 48));

/** A drawer as wide as `max`, narrower on a small window (it never leaves the screen). */
export function useDrawerWidth(max: number): number {
  return drawerWidth(max, useViewportWidth());
}
