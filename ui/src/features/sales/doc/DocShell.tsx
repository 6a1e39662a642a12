// The detail drawer every sales document uses (quotations, contracts, and next receivables,
// invoices …): number, name and status in the title; the actions its status allows (run
// through the one mutation policy, a confirmation where asked); its facts, the PDF buttons,
// the line items with totals, optional extra tabs (attachments …) and the history.
import { App, Alert, Button, Descriptions, Space, type DescriptionsProps, type TabsProps } from "antd";
import { useState, type ReactNode } from "react";
import type { Area, PrintKind } from "../../../api";
import { useSession } from "../../../app/session";
import DetailDrawer from "../../../components/DetailDrawer";
import History from "../../../components/History";
import { errorMessage, useApiAction } from "../../../hooks/useApiMutation";
import { useI18n } from "../../../i18n";
import ItemsTable, { type DocItemRow } from "./ItemsTable";
import PdfButtons from "./PdfButtons";

export type DocAction = {
  /** Also the key of the busy state (its button spins while it runs). */
  key: string;
  /** The button's id (for the end-to-end tests). */
  id: string;
  label: ReactNode;
  type?: "primary";
  danger?: boolean;
  /** A quiet text button (e.g. delete). */
  text?: boolean;
  /** A command: runs through useApiMutation, then `success` shows and `onDone` runs. */
  run?: () => Promise<unknown>;
  success?: string;
  onDone?: (data: unknown) => void;
  /** Ask before running (e.g. delete). */
  confirm?: { title: string; okText: string; danger?: boolean };
  /** Not a command: opens something (the editor, a dialog). */
  onClick?: () => void;
};

export type DocShellProps<R extends { id: number }> = {
  /** The document id being shown (null: closed). */
  id: number | null;
  /** The document's query (its key from the area's factory). */
  query: { data?: R; error: unknown; isLoading: boolean };
  title: (r: R) => ReactNode;
  /** The actions its status and the user's permissions allow, in order (falsy entries are skipped). */
  actions: (r: R) => (DocAction | false | null | undefined)[];
  /** What the actions make stale. */
  invalidates: readonly Area[];
  /** Also show a refused action on the drawer (with this data-testid), e.g. "you cannot approve your own contract". */
  refusalTestId?: string;
  facts: (r: R) => NonNullable<DescriptionsProps["items"]>;
  /** The printable document (PDF preview / save / open). */
  print: PrintKind;
  items: (r: R) => { label: string; rows: DocItemRow[]; withDiscount: boolean; total: string; totalUpper: string };
  /** Tabs after the line items (e.g. attachments). */
  extraTabs?: (r: R) => NonNullable<TabsProps["items"]>;
  /** The operation-log entity ("crm_quotation" …). */
  historyEntity: string;
  onClose: () => void;
  /** Dialogs the actions open. */
  children?: ReactNode;
  /** The open tab ("items", an extra tab's key, "history"), when the caller controls it. */
  tab?: string;
  onTabChange?: (key: string) => void;
};

export default function DocShell<R extends { id: number }>(p: DocShellProps<R>) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const { can } = useSession();
  const [refusal, setRefusal] = useState<string | null>(null);
  const { act, busy } = useApiAction({
    invalidates: p.invalidates,
    onError: (e) => {
      if (p.refusalTestId) setRefusal(e.message);
    },
  });
  const r = p.query.data;

  const trigger = (a: DocAction) => {
    if (a.onClick) return a.onClick();
    if (!a.run) return;
    const go = () => {
      setRefusal(null);
      return act(a.key, a.run!, a.success ?? null, a.onDone);
    };
    if (!a.confirm) return void go();
    modal.confirm({
      title: a.confirm.title,
      okText: a.confirm.okText,
      okButtonProps: { danger: a.confirm.danger, id: "confirm-delete" },
      onOk: go,
    });
  };

  const close = () => {
    setRefusal(null);
    p.onClose();
  };
  const items = r ? p.items(r) : null;

  return (
    <>
      <DetailDrawer
        open={p.id !== null}
        onClose={close}
        width={980}
        loading={p.query.isLoading}
        activeTab={p.tab}
        onTabChange={p.onTabChange}
        title={r && p.title(r)}
        extra={
          r && (
            <Space wrap data-testid="doc-actions">
              {p
                .actions(r)
                .filter((a): a is DocAction => !!a)
                .map((a) => (
                  <Button
                    key={a.key}
                    id={a.id}
                    type={a.text ? "text" : a.type}
                    danger={a.danger}
                    loading={!!a.run && busy === a.key}
                    onClick={() => trigger(a)}
                  >
                    {a.label}
                  </Button>
                ))}
            </Space>
          )
        }
        header={
          p.query.error ? (
            <Alert type="error" showIcon title={errorMessage(t, p.query.error)} />
          ) : (
            r && (
              <Space orientation="vertical" style={{ width: "100%", marginBottom: 8 }}>
                {refusal && (
                  <Alert type="error" showIcon closable title={refusal} data-testid={p.refusalTestId} onClose={() => setRefusal(null)} />
                )}
                <Descriptions size="small" bordered column={2} items={p.facts(r)} />
                <PdfButtons kind={p.print} id={r.id} />
              </Space>
            )
          )
        }
        tabs={
          r && items
            ? [
                {
                  key: "items",
                  label: items.label,
                  children: (
                    <ItemsTable items={items.rows} withDiscount={items.withDiscount} total={items.total} totalUpper={items.totalUpper} />
                  ),
                },
                ...(p.extraTabs?.(r) ?? []),
                ...(can("oplog:read")
                  ? [{ key: "history", label: t("customer.tab.history"), children: <History entityType={p.historyEntity} id={r.id} /> }]
                  : []),
              ]
            : []
        }
      />
      {p.children}
    </>
  );
}
