// The money of one contract at a glance: total, received, outstanding, progress, awaiting
// confirmation; invoiced, not invoiced, invoiced-unpaid, paid-uninvoiced; next plan date
// and how late the oldest unpaid plan is.
import { Card, Col, Progress, Row, Space, Typography } from "antd";
import type { ReactNode } from "react";
import type { ContractMoney } from "../../api";
import { useI18n } from "../../i18n";
import { compareDec, formatMoney } from "../../money";
import { OverdueTag } from "./labels";

function Figure({ label, testid, children, hint }: { label: string; testid: string; children: ReactNode; hint?: ReactNode }) {
  return (
    <Card size="small" style={{ height: "100%" }} styles={{ body: { padding: "10px 14px" } }}>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {label}
      </Typography.Text>
      <div data-testid={testid} style={{ fontSize: 18, fontWeight: 500, lineHeight: "28px", whiteSpace: "nowrap" }}>
        {children}
      </div>
      {hint}
    </Card>
  );
}

const money = (v: string, danger = false) => <Typography.Text type={danger ? "danger" : undefined}>{formatMoney(v)}</Typography.Text>;

export default function MoneySummary({ m }: { m: ContractMoney }) {
  const { t } = useI18n();
  // A display value for the bar only (the figures themselves stay decimal strings).
  const pct = Math.min(Math.max(Number(m.progressPct) || 0, 0), 100);
  const overCollected = compareDec(m.outstanding, "0") < 0;
  const span = { xs: 12, md: 8, xl: 4 } as const;
  return (
    <div data-testid="money-summary" style={{ marginBottom: 16 }}>
      <Row gutter={[12, 12]}>
        <Col {...span}>
          <Figure label={t("money.total")} testid="money-total">
            {money(m.total)}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.received")} testid="money-received">
            {money(m.received)}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure
            label={t("money.outstanding")}
            testid="money-outstanding"
            hint={
              overCollected && (
                <Typography.Text type="warning" style={{ fontSize: 12 }}>
                  {t("money.overCollected")}
                </Typography.Text>
              )
            }
          >
            {money(m.outstanding, overCollected)}
          </Figure>
        </Col>
        <Col xs={12} md={8} xl={8}>
          <Figure label={t("money.progress")} testid="money-progress">
            <Progress
              percent={pct}
              size="small"
              status={pct >= 100 ? "success" : m.overdueDays ? "exception" : "active"}
              format={() => `${m.progressPct}%`}
            />
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.pending")} testid="money-pending">
            {compareDec(m.pending, "0") !== 0 ? (
              <Typography.Text type="warning">{formatMoney(m.pending)}</Typography.Text>
            ) : (
              money(m.pending)
            )}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.invoiced")} testid="money-invoiced">
            {money(m.invoiced)}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.uninvoiced")} testid="money-uninvoiced">
            {money(m.uninvoiced)}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.invoicedUnpaid")} testid="money-invoiced-unpaid">
            {money(m.invoicedUnpaid)}
          </Figure>
        </Col>
        <Col {...span}>
          <Figure label={t("money.paidUninvoiced")} testid="money-paid-uninvoiced">
            {money(m.paidUninvoiced)}
          </Figure>
        </Col>
        <Col xs={24} md={16} xl={8}>
          <Figure label={t("money.nextPlanDate")} testid="money-next-date">
            <Space size={8}>
              <span>{m.nextPlanDate ?? <Typography.Text type="secondary">{t("money.noNextPlan")}</Typography.Text>}</span>
              <OverdueTag days={m.overdueDays} testid="money-overdue" />
            </Space>
          </Figure>
        </Col>
      </Row>
    </div>
  );
}
