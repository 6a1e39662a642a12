import { Drawer, Tabs, type TabsProps } from "antd";
import type { ReactNode } from "react";

/** The detail pattern: a drawer with a header and tabs. */
export default function DetailDrawer({ open, title, extra, tabs, onClose, width }: { open: boolean; title: ReactNode; extra?: ReactNode; tabs: TabsProps["items"]; onClose: () => void; width?: number }) {
  return (
    <Drawer open={open} title={title} extra={extra} width={width ?? 720} onClose={onClose} destroyOnHidden>
      <Tabs items={tabs} />
    </Drawer>
  );
}
