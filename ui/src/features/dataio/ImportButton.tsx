// The "导入" button of a list toolbar: opens a fresh import wizard (for users who may import).
import { Button } from "antd";
import { UploadOutlined } from "@ant-design/icons";
import { useState } from "react";
import type { ImportKind } from "../../api/types/ImportKind";
import { useSession } from "../../app/session";
import { useI18n } from "../../i18n";
import ImportWizard, { type ImportDefaults } from "./ImportWizard";
import { importPermission } from "./kinds";

export default function ImportButton({ kind, defaults }: { kind: ImportKind; defaults?: ImportDefaults }) {
  const { t } = useI18n();
  const { can } = useSession();
  const [open, setOpen] = useState(false);
  // Each opening starts a new wizard (no file, mapping or result left from the last one).
  const [session, setSession] = useState(0);
  if (!can(importPermission(kind))) return null;
  return (
    <>
      <Button
        icon={<UploadOutlined />}
        data-testid="import-open"
        onClick={() => {
          setSession((n) => n + 1);
          setOpen(true);
        }}
      >
        {t("dataio.import")}
      </Button>
      {session > 0 && <ImportWizard key={session} kind={kind} open={open} defaults={defaults} onClose={() => setOpen(false)} />}
    </>
  );
}
