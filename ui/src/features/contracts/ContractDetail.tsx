import { useQuery } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Space } from "antd";
import { useState } from "react";
import { useNavigate } from "react-router";
import { contractKeys, api, type ContractRow, type SessionUser } from "../../api";
import DetailDrawer from "../../components/DetailDrawer";
import History from "../../components/History";
import ReasonModal from "../../components/ReasonModal";
import { errorText, localTime } from "../../format";
import { useI18n } from "../../i18n";
import { formatMoney } from "../../money";
import { can } from "../../nav";
import { useRefresh } from "../../queries";
import { ItemsTable } from "../quotations/QuotationDetail";
import { ContractStatusTag } from "../sales/labels";
import PdfButtons from "../sales/PdfButtons";
import Attachments from "./Attachments";

/** One contract: terms, items, totals, approval / signing / termination, attachments and PDF. */
export default function ContractDetail({
  id,
  user,
  onEdit,
  onClose,
}: {
  id: number | null;
  user: SessionUser;
  onEdit: (c: ContractRow) => void;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const nav = useNavigate();
  const refresh = useRefresh();
  const perms = user.permissions;
  const [busy, setBusy] = useState<string | null>(null);
  const [terminating, setTerminating] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const q = useQuery({ queryKey: contractKeys.detail(id), queryFn: () => api.contracts.get(id!), enabled: id !== null });
  const c = q.data;
  const upd = can(perms, "contract:update");

  const act = async (key: string, f: () => Promise<unknown>, done: string) => {
    setBusy(key);
    setRefusal(null);
    try {
      await f();
      message.success(done);
      refresh("contracts");
    } catch (e) {
      // Shown on the drawer too: e.g. "you cannot approve a contract you created".
      setRefusal(errorText(e));
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };
  const remove = () =>
    modal.confirm({
      title: t("contract.deleteTitle", { no: c!.contractNo }),
      okText: t("common.delete"),
      okButtonProps: { danger: true, id: "confirm-delete" },
      onOk: async () => {
        try {
          await api.contracts.remove(c!.id);
          message.success(t("common.deleted"));
          refresh("contracts");
          onClose();
        } catch (e) {
          message.error(errorText(e));
        }
      },
    });

  return (
    <>
      <DetailDrawer
        open={id !== null}
        onClose={() => {
          setRefusal(null);
          onClose();
        }}
        width={980}
        loading={q.isLoading}
        title={
          c && (
            <Space>
              <span data-testid="contract-no">{c.contractNo}</span>
              <span>{c.contractName}</span>
              <ContractStatusTag status={c.status} />
            </Space>
          )
        }
        extra={
          c && (
            <Space wrap>
              {c.status === "draft" && can(perms, "contract:approve") && (
                <Button
                  type="primary"
                  id="contract-approve"
                  loading={busy === "approve"}
                  onClick={() => act("approve", () => api.contracts.approve(c.id), t("contract.approved"))}
                >
                  {t("contract.approve")}
                </Button>
              )}
              {c.status === "draft" && upd && (
                <Button id="contract-edit" onClick={() => onEdit(c)}>
                  {t("common.edit")}
                </Button>
              )}
              {c.status === "approved" && upd && (
                <Button
                  type="primary"
                  id="contract-sign"
                  loading={busy === "sign"}
                  onClick={() => act("sign", () => api.contracts.sign(c.id), t("contract.signed"))}
                >
                  {t("contract.sign")}
                </Button>
              )}
              {(c.status === "approved" || c.status === "signed") && upd && (
                <Button danger id="contract-terminate" onClick={() => setTerminating(true)}>
                  {t("contract.terminate")}
                </Button>
              )}
              {c.status === "draft" && can(perms, "contract:delete") && (
                <Button danger type="text" id="contract-delete" onClick={remove}>
                  {t("common.delete")}
                </Button>
              )}
            </Space>
          )
        }
        header={
          q.error ? (
            <Alert type="error" showIcon title={errorText(q.error)} />
          ) : (
            c && (
              <Space orientation="vertical" style={{ width: "100%", marginBottom: 8 }}>
                {refusal && (
                  <Alert type="error" showIcon closable title={refusal} data-testid="contract-error" onClose={() => setRefusal(null)} />
                )}
                <Descriptions
                  size="small"
                  bordered
                  column={2}
                  items={[
                    {
                      key: "customer",
                      label: t("opp.customer"),
                      children: <a onClick={() => nav(`/customers?id=${c.customerId}`)}>{c.customerName ?? "-"}</a>,
                    },
                    {
                      key: "quote",
                      label: t("contract.quotation"),
                      children: c.quotationId ? (
                        <a onClick={() => nav(`/quotations?id=${c.quotationId}`)}>{c.quotationNo ?? `#${c.quotationId}`}</a>
                      ) : (
                        "-"
                      ),
                    },
                    { key: "total", label: t("quote.total"), children: <strong>{formatMoney(c.totalAmount)}</strong> },
                    { key: "upper", label: t("line.totalUpper"), children: <span data-testid="contract-total-upper">{c.totalUpper}</span> },
                    { key: "sign", label: t("contract.signDate"), children: c.signDate },
                    { key: "period", label: t("contract.period"), children: `${c.startDate ?? "-"} ~ ${c.endDate ?? "-"}` },
                    { key: "status", label: t("contract.statusLabel"), children: <ContractStatusTag status={c.status} /> },
                    {
                      key: "approver",
                      label: t("contract.approver"),
                      children: c.approvedByName ? `${c.approvedByName} (${localTime(c.approvedAt)})` : "-",
                    },
                    { key: "by", label: t("quote.createdBy"), children: c.createdByName ?? "-" },
                    { key: "created", label: t("customer.createdAt"), children: localTime(c.createdAt) },
                    ...(c.terminateReason
                      ? [{ key: "reason", label: t("contract.terminateReason"), span: 2, children: c.terminateReason }]
                      : []),
                    ...(c.remark
                      ? [
                          {
                            key: "remark",
                            label: t("quote.remark"),
                            span: 2,
                            children: <span style={{ whiteSpace: "pre-wrap" }}>{c.remark}</span>,
                          },
                        ]
                      : []),
                  ]}
                />
                <PdfButtons kind="contract" id={c.id} />
              </Space>
            )
          )
        }
        tabs={
          c
            ? [
                {
                  key: "items",
                  label: t("contract.items"),
                  children: <ItemsTable items={c.items} withDiscount={false} total={c.totalAmount} totalUpper={c.totalUpper} />,
                },
                {
                  key: "attachments",
                  label: `${t("attach.title")}${c.attachments.length ? ` (${c.attachments.length})` : ""}`,
                  children: <Attachments contractId={c.id} items={c.attachments} editable={upd && c.status !== "terminated"} />,
                },
                ...(can(perms, "oplog:read")
                  ? [{ key: "history", label: t("customer.tab.history"), children: <History entityType="crm_contract" id={c.id} /> }]
                  : []),
              ]
            : []
        }
      />
      <ReasonModal
        open={terminating}
        title={t("contract.terminateTitle", { no: c?.contractNo ?? "" })}
        label={t("contract.terminateReason")}
        okText={t("contract.terminate")}
        danger
        onClose={() => setTerminating(false)}
        onSubmit={async (reason) => {
          await api.contracts.terminate(c!.id, reason);
          refresh("contracts");
        }}
      />
    </>
  );
}
