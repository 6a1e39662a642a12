import { Result } from "antd";
import { ClockCircleOutlined } from "@ant-design/icons";
import { useI18n } from "../i18n";

/** A module whose screens arrive in a later release: says so plainly. */
export default function ComingSoon({ name }: { name: string }) {
  const { t } = useI18n();
  return (
    <Result
      icon={<ClockCircleOutlined />}
      title={t("common.comingSoon")}
      subTitle={t("common.comingSoonDesc", { name })}
      data-testid="coming-soon"
    />
  );
}
