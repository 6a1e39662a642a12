// The width of a fixed (sticky) actions column. A fixed column cannot be scrolled to, so
// it must hold its buttons in every language: its width follows the translated labels
// (English ones are often twice as wide as the Chinese) instead of a number tuned for one.

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Roughly how wide a text is at 14 px (CJK characters are square, Latin ones about half). */
export const textWidth = (s: string) => [...s].reduce((n, ch) => n + (WIDE.test(ch) ? 14 : 8), 0);

/**
 * The width of an actions cell holding small buttons with these labels (plus `icons`
 * icon-only buttons), with the cell's padding: at least `min`.
 */
export function actionsWidth(labels: readonly (string | false | null | undefined)[], { icons = 0, min = 80 } = {}): number {
  const shown = labels.filter((l): l is string => !!l);
  const text = shown.reduce((n, l) => n + textWidth(l), 0);
  // A small button pads its label 7 px each side (plus a border); a table cell pads 8–16 px each side.
  return Math.max(min, Math.ceil(text + shown.length * 18 + icons * 28 + 34));
}
