import { useQuery } from "@tanstack/react-query";
import { Form, Select, Typography } from "antd";
import type { ReactNode } from "react";
import { api, userKeys, type Area } from "../api";
import { useI18n } from "../i18n";
import FormModal from "./FormModal";

type V = { ownerId: number };

/** Pick a colleague to own a record (assign a lead, transfer a customer, assign from the sea). */
export default function OwnerModal({
  open,
  title,
  hint,
  currentOwnerId,
  onSubmit,
  onClose,
  invalidates,
}: {
  open: boolean;
  title: ReactNode;
  hint?: ReactNode;
  currentOwnerId?: number | null;
  onSubmit: (ownerId: number) => Promise<unknown>;
  onClose: () => void;
  /** Areas whose queries the change makes stale. */
  invalidates?: readonly Area[];
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<V>();
  const users = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options, enabled: open });
  return (
    <FormModal<V>
      open={open}
      title={title}
      form={form}
      initialValues={{}}
      fields={["ownerId"]}
      onSubmit={(v) => onSubmit(v.ownerId)}
      invalidates={invalidates}
      onClose={onClose}
      okText={t("common.confirm")}
      okId="owner-submit"
      width={440}
    >
      {hint && <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>}
      <Form.Item name="ownerId" label={t("owner.new")} rules={[{ required: true, message: t("owner.pick") }]}>
        <Select
          id="owner-select"
          showSearch={{ optionFilterProp: "label" }}
          autoFocus
          loading={users.isLoading}
          placeholder={t("owner.pick")}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName, disabled: u.id === currentOwnerId }))}
        />
      </Form.Item>
    </FormModal>
  );
}
