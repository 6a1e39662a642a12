import { Drawer, Tabs, type TabsProps } from "antd";
import type { ReactNode } from "react";

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
}: {
  open: boolean;
  title: ReactNode;
  extra?: ReactNode;
  /** Shown above the tabs (a summary that stays visible whichever tab is open). */
  header?: ReactNode;
  tabs: TabsProps["items"];
  onClose: () => void;
  width?: number;
  loading?: boolean;
}) {
  return (
    <Drawer open={open} title={title} extra={extra} size={width ?? 720} onClose={onClose} destroyOnHidden loading={loading}>
      {header}
      <Tabs items={tabs} />
    </Drawer>
  );
}
