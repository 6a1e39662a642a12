import { Button, Tooltip } from "antd";
import { CloudDownloadOutlined } from "@ant-design/icons";
import { useState, type CSSProperties } from "react";
import { useI18n } from "../../i18n";
import UpdateDialog from "./UpdateDialog";
import { offerOf, useUpdateStatus } from "./useUpdate";

/**
 * "CRM Desk 1.5.0 available", in the header and on the login screen, when the last check
 * found a newer version; it opens the update dialog. Nothing otherwise (a failed check
 * stays quiet here: the settings page and About show it).
 */
export default function UpdateNotice({ style }: { style?: CSSProperties }) {
  const { t } = useI18n();
  const status = useUpdateStatus();
  const offer = offerOf(status.data);
  const [open, setOpen] = useState(false);
  if (!offer) return null;
  const notice = (
    <>
      <Tooltip title={t("update.availableHint")}>
        <Button
          size="small"
          type="primary"
          ghost
          icon={<CloudDownloadOutlined />}
          onClick={() => setOpen(true)}
          data-testid="update-available"
          id="update-available"
        >
          {t("update.available", { version: offer.version })}
        </Button>
      </Tooltip>
      <UpdateDialog offer={offer} open={open} onClose={() => setOpen(false)} />
    </>
  );
  // `style`: laid out in a block of its own (the login card), only when it shows.
  return style ? <div style={style}>{notice}</div> : notice;
}
