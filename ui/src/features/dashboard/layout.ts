// The user's dashboard layout (order and hidden blocks) as pure functions: the editor
// moves and toggles blocks, the page renders `visibleBlocks`. The block names are the
// backend's (dashboard.rs BLOCKS); a layout naming an unknown block is cleaned up here as
// the backend would, and blocks it does not name follow in the default order.
import type { DashboardLayout } from "../../api/types/DashboardLayout";

export const BLOCKS = [
  "leads",
  "customers",
  "opportunities",
  "contracts",
  "receipts",
  "followUps",
  "funnel",
  "monthly",
  "target",
  "leadSources",
  "customerMix",
  "topReps",
  "todo",
  "seaSoon",
  "forgotten",
] as const;

export type Block = (typeof BLOCKS)[number];

/** The six figure cards (the other blocks are charts and lists). */
export const CARD_BLOCKS = [
  "leads",
  "customers",
  "opportunities",
  "contracts",
  "receipts",
  "followUps",
] as const satisfies readonly Block[];
export type CardKey = (typeof CARD_BLOCKS)[number];

export const isBlock = (b: string): b is Block => (BLOCKS as readonly string[]).includes(b);
export const isCard = (b: string): b is CardKey => (CARD_BLOCKS as readonly string[]).includes(b);

export const DEFAULT_LAYOUT: DashboardLayout = { order: [...BLOCKS], hidden: [] };

/** Every block named once in `order` (unknown names dropped, missing ones appended in the default order); `hidden` only known blocks, once each. */
export function normalize(l: DashboardLayout | null | undefined): DashboardLayout {
  const order: string[] = [];
  for (const b of [...(l?.order ?? []), ...BLOCKS]) if (isBlock(b) && !order.includes(b)) order.push(b);
  const hidden: string[] = [];
  for (const b of l?.hidden ?? []) if (isBlock(b) && !hidden.includes(b)) hidden.push(b);
  return { order, hidden };
}

/** Move a block one place up (-1) or down (+1); at either end nothing changes. */
export function move(l: DashboardLayout, block: string, by: -1 | 1): DashboardLayout {
  const order = [...l.order];
  const i = order.indexOf(block);
  const j = i + by;
  if (i < 0 || j < 0 || j >= order.length) return l;
  [order[i], order[j]] = [order[j], order[i]];
  return { ...l, order };
}

/** Show (`visible`) or hide one block. */
export function toggle(l: DashboardLayout, block: string, visible: boolean): DashboardLayout {
  const hidden = l.hidden.filter((b) => b !== block);
  return { ...l, hidden: visible ? hidden : [...hidden, block] };
}

/** The blocks to render, in the layout's order, hidden ones left out. */
export function visibleBlocks(l: DashboardLayout | null | undefined): Block[] {
  const n = normalize(l);
  return n.order.filter((b): b is Block => isBlock(b) && !n.hidden.includes(b));
}

/**
 * The page's rows: consecutive cards form one row of figure cards, consecutive other
 * blocks (charts and lists) one grid, two to a row.
 */
export type Section = { kind: "cards"; cards: CardKey[] } | { kind: "blocks"; blocks: Exclude<Block, CardKey>[] };

export function sections(blocks: readonly Block[]): Section[] {
  const out: Section[] = [];
  for (const b of blocks) {
    const last = out[out.length - 1];
    if (isCard(b)) {
      if (last?.kind === "cards") last.cards.push(b);
      else out.push({ kind: "cards", cards: [b] });
    } else {
      const block = b as Exclude<Block, CardKey>;
      if (last?.kind === "blocks") last.blocks.push(block);
      else out.push({ kind: "blocks", blocks: [block] });
    }
  }
  return out;
}
