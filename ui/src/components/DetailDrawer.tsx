import { Drawer, Tabs, type TabsProps } from "antd";
import type { ReactNode } from "react";
import { useDrawerWidth } from "../hooks/useDrawerWidth";

/** The detail pattern: a drawer with a header, an optional summary above the tabs, and tabs. */
export default function DetailDrawer({
  open,
  title,
  extra,
  header,
  tabs,
  onClose,
  width,
  loading,
  activeTab,
  onTabChange,
}: {
  open: boolean;
  title: ReactNode;
  extra?: ReactNode;
  /** Shown above the tabs (a summary that stays visible whichever tab is open). */
  header?: ReactNode;
  tabs: TabsProps["items"];
  onClose: () => void;
  /** The widest it gets (narrower on a small window: it never leaves the screen). */
  width?: number;
  loading?: boolean;
  /** The open tab, when the caller controls it (e.g. a link straight to a tab); absent: the first. */
  activeTab?: string;
  onTabChange?: (key: string) => void;
}) {
  // A tab the caller asks for that is not there (no permission, not loaded yet): the first one.
  const size = useDrawerWidth(width ?? 720);
  const active = activeTab === undefined ? undefined : tabs?.some((x) => x.key === activeTab) ? activeTab : tabs?.[0]?.key;
  return (
    <Drawer open={open} title={title} extra={extra} size={size} onClose={onClose} destroyOnHidden loading={loading}>
      {header}
      <Tabs items={tabs} activeKey={active} onChange={onTabChange} />
    </Drawer>
  );
}
