// Settings → 迁移到公司数据库: move this desktop's local CRM into the company database
// (MySQL / MariaDB) that IT prepared with `crm-admin migrate`. A first look (nothing written)
// decides how: an empty company database gets a full copy (ids and numbers kept); one that
// already holds data gets a merge (ids remapped, users and duplicates matched, numbers the
// company already uses renumbered), after the user has checked who becomes whom. Then the
// verification table by table, a merge's details, and the new users' database accounts with
// their one-time passwords. The source is never modified and the move is one transaction
// (a failure or a cancel leaves the company database as it was).
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Steps,
  Table,
  Tabs,
  Tag,
  Typography,
  type TableColumnType,
} from "antd";
import {
  CheckCircleFilled,
  CheckCircleOutlined,
  CloseCircleOutlined,
  CopyOutlined,
  DatabaseOutlined,
  LoadingOutlined,
  MergeCellsOutlined,
  SearchOutlined,
  SwapOutlined,
} from "@ant-design/icons";
import { useCallback, useEffect, useRef, useState } from "react";
import { useSearchParams } from "react-router";
import { api, authKeys, dataioKeys, type ApiError, type MysqlProfileInput } from "../../api";
import { newJobId } from "../../api/dataio";
import type { DupRule } from "../../api/types/DupRule";
import type { MergeDuplicate } from "../../api/types/MergeDuplicate";
import type { MergeOptions } from "../../api/types/MergeOptions";
import type { MergeReport } from "../../api/types/MergeReport";
import type { MergeTable } from "../../api/types/MergeTable";
import type { NewAccount } from "../../api/types/NewAccount";
import type { Renumbered } from "../../api/types/Renumbered";
import type { TableCheck } from "../../api/types/TableCheck";
import type { TlsMode } from "../../api/types/TlsMode";
import type { TransferMode } from "../../api/types/TransferMode";
import type { TransferOutcome } from "../../api/types/TransferOutcome";
import type { TransferPlan } from "../../api/types/TransferPlan";
import type { TransferProgress } from "../../api/types/TransferProgress";
import type { UserBrief } from "../../api/types/UserBrief";
import type { UserMatch } from "../../api/types/UserMatch";
import { useSession } from "../../app/session";
import { errorMessage, toApiError } from "../../hooks/useApiMutation";
import { useI18n, type MessageKey, type T } from "../../i18n";
import { isLocalHost, TlsFields } from "../auth/Connection";

/** The connection fields a refusal may name (MysqlProfileInput's). */
const FIELDS = ["host", "port", "database", "username", "password", "tls", "caFile"] as const;

type FormValues = {
  host: string;
  port: number;
  database: string;
  username: string;
  password?: string;
  tls: TlsMode;
  caFile?: string | null;
  insecure?: boolean;
};

/** The server a move goes to, as shown afterwards (never the password). */
type Target = { host: string; port: number; database: string };

/**
 * A move, kept in the query cache rather than in the component: the one-time passwords
 * survive switching tabs or pages, and go with "Done", a logout (the cache is cleared) or
 * closing the app.
 */
type Job = {
  id: string;
  target: Target;
  /** What was asked for (a retry asks the same; the result shows a merge's details). */
  mode: TransferMode;
  options: MergeOptions | null;
  /** Each table as it was copied. */
  tables: TransferProgress[];
  cancelling: boolean;
  outcome: TransferOutcome | null;
  error: ApiError | null;
};

const JOB_KEY = [...dataioKeys.all, "transfer"] as const;

/** The money columns of a table, on either side. */
const sumColumns = (c: TableCheck) => [...new Set([...Object.keys(c.source.sums), ...Object.keys(c.target.sums)])].sort();

/** The names of the tables a person meets in the app (the others show their table name). */
const TABLE_LABEL: Partial<Record<string, MessageKey>> = {
  crm_customer: "transfer.tbl.customer",
  crm_contact: "transfer.tbl.contact",
  crm_lead: "transfer.tbl.lead",
  crm_lead_pool: "transfer.tbl.leadPool",
  crm_follow_up: "transfer.tbl.followUp",
  crm_opportunity: "transfer.tbl.opportunity",
  crm_quotation: "transfer.tbl.quotation",
  crm_quotation_item: "transfer.tbl.quotationItem",
  crm_contract: "transfer.tbl.contract",
  crm_contract_item: "transfer.tbl.contractItem",
  crm_payment_plan: "transfer.tbl.paymentPlan",
  crm_payment_record: "transfer.tbl.paymentRecord",
  crm_invoice: "transfer.tbl.invoice",
  crm_invoice_request: "transfer.tbl.invoiceRequest",
  crm_product: "transfer.tbl.product",
  crm_product_category: "transfer.tbl.productCategory",
  crm_sales_target: "transfer.tbl.salesTarget",
  crm_work_order: "transfer.tbl.workOrder",
  crm_work_order_event: "transfer.tbl.workOrderEvent",
  crm_return_visit: "transfer.tbl.returnVisit",
  crm_visit_plan: "transfer.tbl.visitPlan",
  crm_customer_session: "transfer.tbl.customerSession",
  crm_marketing_activity: "transfer.tbl.marketingActivity",
  crm_sms_marketing: "transfer.tbl.smsMarketing",
  crm_sms_template: "transfer.tbl.smsTemplate",
  sys_user: "transfer.tbl.user",
  sys_user_credential: "transfer.tbl.userCredential",
  sys_role: "transfer.tbl.role",
  sys_dept: "transfer.tbl.dept",
  sys_attachment: "transfer.tbl.attachment",
  sys_operation_log: "transfer.tbl.operationLog",
  sys_setting: "transfer.tbl.setting",
  sys_number_rule: "transfer.tbl.numberRule",
  sys_number_counter: "transfer.tbl.numberCounter",
};

const tableLabel = (t: T, table: string) => {
  const key = TABLE_LABEL[table];
  return key ? t(key) : table;
};

const DUP_RULE: Record<DupRule, MessageKey> = {
  name: "transfer.rule.name",
  phone: "transfer.rule.phone",
  contactPhone: "transfer.rule.contactPhone",
  customerPhone: "transfer.rule.customerPhone",
  key: "transfer.rule.key",
};

/** The tables whose matched rows are duplicates (the others' are roles, pools, departments,
 * categories and users matched by name); as the backend's report counts them. */
const DUP_TABLES = ["crm_lead", "crm_customer", "crm_contact", "crm_product", "crm_sales_target"];

/** "" in the user mapping: the local user becomes a new company user. */
const NEW_USER = "";

/** Each local user's company user by default: the one with the same username, else a new one. */
export const defaultUserMap = (plan: TransferPlan): Record<string, string> =>
  Object.fromEntries(
    plan.localUsers.map((u) => [u.username, plan.companyUsers.some((c) => c.username === u.username) ? u.username : NEW_USER]),
  );

/** The merge options for a mapping: only the choices the backend would not make by itself
 * (a user left on "new" or on the same username needs no entry; "new" is not possible for a
 * username the company already has, see UserMap). */
export const mergeOptionsOf = (map: Record<string, string>): MergeOptions => ({
  userMap: Object.fromEntries(Object.entries(map).filter(([local, company]) => company !== NEW_USER && company !== local)),
});

const userName = (u: UserBrief) => (u.fullName ? `${u.fullName} (${u.username})` : u.username);

/** The first 16 hex digits of a checksum (as the command-line report prints it). */
const short = (checksum: string) => checksum.slice(0, 16);

/** The tables as text lines, tab-separated (pastes into a spreadsheet), with a header. */
export const accountLines = (t: T, accounts: readonly NewAccount[]) =>
  [
    [t("transfer.acc.username"), t("transfer.acc.account"), t("transfer.acc.password")],
    ...accounts.map((a) => [a.username, a.account, a.temporaryPassword]),
  ]
    .map((cols) => cols.join("\t"))
    .join("\n");

/** The app's own information (a shared database or this computer's file). */
function useAppInfo() {
  return useQuery({ queryKey: authKeys.appInfo(), queryFn: api.appInfo, staleTime: Infinity });
}

/** The move is offered on a local database, to those who may change settings and create users. */
export function useTransferOffered(): boolean {
  const { can } = useSession();
  const info = useAppInfo();
  return can("settings:update") && can("user:create") && info.data?.shared === false;
}

/** The current move (null: none), and how to change it. */
function useJob() {
  const qc = useQueryClient();
  const q = useQuery<Job | null>({
    queryKey: JOB_KEY,
    queryFn: () => qc.getQueryData<Job | null>(JOB_KEY) ?? null,
    initialData: null,
    staleTime: Infinity,
    gcTime: Infinity,
  });
  const set = useCallback((job: Job | null) => qc.setQueryData<Job | null>(JOB_KEY, job), [qc]);
  /** Changes the move `id` only (a finished or forgotten one stays as it is). */
  const update = useCallback(
    (id: string, f: (j: Job) => Job) => qc.setQueryData<Job | null>(JOB_KEY, (j) => (j && j.id === id ? f(j) : j)),
    [qc],
  );
  return { job: q.data ?? null, set, update };
}

/** A money column's sums: "column = value", and "≠ value" on the company side when they differ. */
function Sums({ check }: { check: TableCheck }) {
  const { t } = useI18n();
  const cols = sumColumns(check);
  if (cols.length === 0) return <Typography.Text type="secondary">{t("transfer.noSums")}</Typography.Text>;
  return (
    <Space orientation="vertical" size={0}>
      {cols.map((c) => {
        const source = check.source.sums[c] ?? "—";
        const target = check.target.sums[c] ?? "—";
        const same = source === target;
        return (
          <Typography.Text key={c} type={same ? undefined : "danger"} strong={!same} data-sum={c} style={{ whiteSpace: "nowrap" }}>
            <Typography.Text type="secondary">{c}</Typography.Text> = {source}
            {!same && ` ≠ ${target}`}
          </Typography.Text>
        );
      })}
    </Space>
  );
}

/** The verification columns; a merge compares the rows it wrote with the rows read back. */
function checkColumns(t: T, num: (n: number) => string, merged: boolean): TableColumnType<TableCheck>[] {
  return [
    {
      title: t("transfer.col.status"),
      key: "status",
      width: 100,
      render: (_, r) =>
        r.equal ? (
          <Tag color="success" icon={<CheckCircleOutlined />}>
            {t("transfer.equal")}
          </Tag>
        ) : (
          <Tag color="error" icon={<CloseCircleOutlined />}>
            {t("transfer.different")}
          </Tag>
        ),
    },
    {
      title: t("transfer.col.table"),
      key: "table",
      width: 200,
      render: (_, r) => <Typography.Text strong={!r.equal}>{r.source.table || r.target.table}</Typography.Text>,
    },
    {
      title: t(merged ? "transfer.col.writtenRows" : "transfer.col.sourceRows"),
      key: "sourceRows",
      width: 110,
      align: "right",
      render: (_, r) => num(r.source.rows),
    },
    {
      title: t(merged ? "transfer.col.readBackRows" : "transfer.col.targetRows"),
      key: "targetRows",
      width: 110,
      align: "right",
      render: (_, r) => (
        <Typography.Text type={r.source.rows === r.target.rows ? undefined : "danger"}>{num(r.target.rows)}</Typography.Text>
      ),
    },
    { title: t("transfer.col.sums"), key: "sums", render: (_, r) => <Sums check={r} /> },
    {
      title: t("transfer.col.checksum"),
      key: "checksum",
      width: 190,
      render: (_, r) => {
        const same = r.source.checksum === r.target.checksum;
        return (
          <Space orientation="vertical" size={0}>
            <Typography.Text code type={same ? undefined : "danger"}>
              {short(r.source.checksum)}
            </Typography.Text>
            {!same && (
              <Typography.Text code type="danger">
                ≠ {short(r.target.checksum)}
              </Typography.Text>
            )}
          </Space>
        );
      },
    },
  ];
}

/** A merge's details: what each table got, who became whom, the duplicates that were not
 * copied, the renumbered documents, and whether any reference points nowhere. */
function MergeDetails({ merge }: { merge: MergeReport }) {
  const { t, lang } = useI18n();
  const num = (n: number) => n.toLocaleString(lang);
  const sum = (f: (m: MergeTable) => number) => merge.tables.reduce((s, m) => s + f(m), 0);
  const duplicates = sum((m) => (DUP_TABLES.includes(m.table) ? m.matched : 0));
  const newUsers = merge.users.filter((u) => !u.company).length;
  const label = (table: string) => {
    const l = tableLabel(t, table);
    return l === table ? (
      <Typography.Text code>{table}</Typography.Text>
    ) : (
      <Space size={6}>
        {l}
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {table}
        </Typography.Text>
      </Space>
    );
  };
  const tableCol = {
    title: t("transfer.col.table"),
    key: "table",
    width: 200,
    render: (_: unknown, r: { table: string }) => label(r.table),
  };

  return (
    <Card size="small" title={t("transfer.merge.title")} data-testid="transfer-merge-details">
      <Space orientation="vertical" size={12} style={{ width: "100%" }}>
        <Typography.Text data-testid="transfer-merge-summary">
          {t("transfer.merge.summary", {
            inserted: num(sum((m) => m.inserted)),
            duplicates: num(duplicates),
            renumbered: num(merge.renumbered.length),
            users: num(newUsers),
          })}
        </Typography.Text>
        {merge.orphans.length > 0 ? (
          <Alert
            type="error"
            showIcon
            data-testid="transfer-orphans"
            title={t("transfer.merge.orphans")}
            description={
              <>
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {merge.orphans.map((o) => (
                    <li key={`${o.table}.${o.column}`} data-orphan={`${o.table}.${o.column}`}>
                      {t("transfer.merge.orphan", { table: tableLabel(t, o.table), column: `${o.table}.${o.column}`, rows: num(o.rows) })}
                    </li>
                  ))}
                </ul>
                <div>{t("transfer.merge.orphansHint")}</div>
              </>
            }
          />
        ) : (
          <Typography.Text type="success" data-testid="transfer-orphans">
            <CheckCircleOutlined /> {t("transfer.merge.noOrphans")}
          </Typography.Text>
        )}
        {merge.dangling > 0 && (
          <Alert type="info" showIcon data-testid="transfer-dangling" title={t("transfer.merge.dangling", { n: num(merge.dangling) })} />
        )}
        <Tabs
          size="small"
          items={[
            {
              key: "tables",
              label: t("transfer.merge.tabTables"),
              children: (
                <Table<MergeTable>
                  size="small"
                  rowKey="table"
                  pagination={false}
                  scroll={{ y: 360 }}
                  dataSource={merge.tables}
                  onRow={(r) => ({ "data-table": r.table }) as React.HTMLAttributes<HTMLElement>}
                  columns={[
                    tableCol,
                    {
                      title: t("transfer.col.sourceRows"),
                      key: "sourceRows",
                      align: "right",
                      width: 100,
                      render: (_, r) => num(r.sourceRows),
                    },
                    { title: t("transfer.merge.inserted"), key: "inserted", align: "right", width: 100, render: (_, r) => num(r.inserted) },
                    { title: t("transfer.merge.matched"), key: "matched", align: "right", width: 110, render: (_, r) => num(r.matched) },
                    {
                      key: "kept",
                      render: (_, r) =>
                        r.keptCompany && (
                          <Tag color="blue" title={t("transfer.merge.keptHint")}>
                            {t("transfer.merge.kept")}
                          </Tag>
                        ),
                    },
                  ]}
                />
              ),
            },
            {
              key: "users",
              label: t("transfer.merge.tabUsers", { n: num(merge.users.length) }),
              children: (
                <div data-testid="transfer-merge-users">
                  <Table<UserMatch>
                    size="small"
                    rowKey={(r) => r.local.username}
                    pagination={false}
                    scroll={{ y: 360 }}
                    dataSource={merge.users}
                    onRow={(r) => ({ "data-user": r.local.username }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      { title: t("transfer.map.local"), key: "local", render: (_, r) => userName(r.local) },
                      {
                        title: t("transfer.map.company"),
                        key: "company",
                        render: (_, r) => (
                          <Space size={6}>
                            {r.company ? userName(r.company) : <Tag color="green">{t("transfer.merge.userNew")}</Tag>}
                            {r.chosen && <Tag>{t("transfer.merge.userChosen")}</Tag>}
                          </Space>
                        ),
                      },
                    ]}
                  />
                </div>
              ),
            },
            {
              key: "duplicates",
              label: t("transfer.merge.tabDuplicates", { n: num(duplicates) }),
              children: (
                <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="transfer-duplicates">
                  <Typography.Text type="secondary">{t("transfer.merge.duplicatesHint")}</Typography.Text>
                  {duplicates > merge.duplicates.length && (
                    <Alert
                      type="info"
                      showIcon
                      data-testid="transfer-duplicates-capped"
                      title={t("transfer.merge.capped", { shown: num(merge.duplicates.length), total: num(duplicates) })}
                    />
                  )}
                  <Table<MergeDuplicate>
                    size="small"
                    rowKey={(r) => `${r.table}#${r.sourceId}`}
                    pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                    dataSource={merge.duplicates}
                    locale={{ emptyText: t("transfer.merge.noDuplicates") }}
                    onRow={(r) => ({ "data-dup": `${r.table}#${r.sourceId}` }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      tableCol,
                      { title: t("transfer.merge.record"), dataIndex: "label", ellipsis: true },
                      {
                        title: t("transfer.merge.ids"),
                        key: "ids",
                        width: 170,
                        render: (_, r) => (
                          <span style={{ whiteSpace: "nowrap" }}>
                            {t("transfer.merge.local")} #{r.sourceId} → {t("transfer.merge.company")} #{r.targetId}
                          </span>
                        ),
                      },
                      { title: t("transfer.merge.rule"), key: "rule", width: 190, render: (_, r) => t(DUP_RULE[r.rule]) },
                    ]}
                  />
                </Space>
              ),
            },
            {
              key: "renumbered",
              label: t("transfer.merge.tabRenumbered", { n: num(merge.renumbered.length) }),
              children: (
                <Space orientation="vertical" size={8} style={{ width: "100%" }} data-testid="transfer-renumbered">
                  <Typography.Text type="secondary">{t("transfer.merge.renumberedHint")}</Typography.Text>
                  <Table<Renumbered>
                    size="small"
                    rowKey={(r) => `${r.table}#${r.sourceId}`}
                    pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
                    dataSource={merge.renumbered}
                    locale={{ emptyText: t("transfer.merge.noRenumbered") }}
                    onRow={(r) => ({ "data-renumbered": `${r.table}#${r.sourceId}` }) as React.HTMLAttributes<HTMLElement>}
                    columns={[
                      tableCol,
                      {
                        title: t("transfer.merge.from"),
                        key: "from",
                        render: (_, r) => <Typography.Text delete>{r.from}</Typography.Text>,
                      },
                      { title: t("transfer.merge.to"), key: "to", render: (_, r) => <Typography.Text strong>{r.to}</Typography.Text> },
                    ]}
                  />
                </Space>
              ),
            },
          ]}
        />
      </Space>
    </Card>
  );
}

/** Step 5: the verification, a merge's details, the accounts and how to switch. */
function Result({ job, onFinish }: { job: Job & { outcome: TransferOutcome }; onFinish: () => void }) {
  const { t, lang } = useI18n();
  const { message } = App.useApp();
  const [, setParams] = useSearchParams();
  const num = (n: number) => n.toLocaleString(lang);
  const { report, accounts, accountsProblem, merge } = job.outcome;
  const differing = report.tables.filter((c) => !c.equal).length;
  const merged = job.mode === "merge";
  // A merge is also not verified when a reference points nowhere though every table matches.
  const failedTitle =
    differing === 0 && merge?.orphans.length ? t("transfer.notVerifiedOrphans") : t("transfer.notVerified", { n: differing });
  const { host, port, database } = job.target;

  const copyAll = async () => {
    try {
      await navigator.clipboard.writeText(accountLines(t, accounts));
      message.success(t("transfer.copied", { n: accounts.length }));
    } catch {
      message.error(t("transfer.copyFailed"));
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="transfer-result">
      <Alert
        type={report.verified ? "success" : "error"}
        showIcon
        data-testid="transfer-verified"
        data-verified={String(report.verified)}
        title={report.verified ? t(merged ? "transfer.verifiedMerge" : "transfer.verified") : failedTitle}
        description={
          <>
            <div data-testid="transfer-summary">
              {t("transfer.summary", {
                tables: num(report.tables.length),
                rows: num(report.rows),
                seconds: (report.millis / 1000).toLocaleString(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }),
              })}
            </div>
            {!report.verified && <div>{t(merged ? "transfer.notVerifiedHintMerge" : "transfer.notVerifiedHint")}</div>}
          </>
        }
      />
      <Card size="small" title={t("transfer.details")}>
        <div data-testid="transfer-table">
          <Table<TableCheck>
            size="small"
            rowKey={(r) => r.source.table || r.target.table}
            pagination={false}
            scroll={{ x: 900, y: 420 }}
            dataSource={report.tables}
            columns={checkColumns(t, num, merged)}
            onRow={(r) =>
              ({
                "data-table": r.source.table || r.target.table,
                "data-equal": String(r.equal),
                style: r.equal ? undefined : { background: "#fff1f0" },
              }) as React.HTMLAttributes<HTMLElement>
            }
          />
        </div>
      </Card>
      {merge && <MergeDetails merge={merge} />}
      <Card
        size="small"
        title={t("transfer.accounts")}
        data-testid="transfer-accounts"
        extra={
          accounts.length > 0 && (
            <Button icon={<CopyOutlined />} onClick={copyAll} data-testid="transfer-copy-all">
              {t("transfer.copyAll")}
            </Button>
          )
        }
      >
        {accountsProblem ? (
          <Alert
            type="error"
            showIcon
            data-testid="transfer-accounts-problem"
            title={t("transfer.accountsProblem")}
            description={
              <Space orientation="vertical" size={4}>
                <Typography.Text>{accountsProblem}</Typography.Text>
                <Typography.Text>{t("transfer.accountsProblemHint")}</Typography.Text>
                <Typography.Text code copyable>{`crm-admin --db mysql://root@${host}:${port}/${database} migrate`}</Typography.Text>
              </Space>
            }
          />
        ) : !report.verified ? (
          <Alert type="warning" showIcon title={t("transfer.accountsSkipped")} />
        ) : accounts.length === 0 ? (
          <Alert type="info" showIcon title={t("transfer.noAccounts")} />
        ) : (
          <Space orientation="vertical" size={12} style={{ width: "100%" }}>
            <Alert type="warning" showIcon title={t("transfer.accountsOnce")} description={t("transfer.accountsOnceHint")} />
            <Table<NewAccount>
              size="small"
              rowKey="username"
              pagination={false}
              dataSource={accounts}
              columns={[
                { title: t("transfer.acc.username"), dataIndex: "username" },
                {
                  title: t("transfer.acc.account"),
                  dataIndex: "account",
                  render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
                },
                {
                  title: t("transfer.acc.password"),
                  dataIndex: "temporaryPassword",
                  render: (v: string) => (
                    <Typography.Text code copyable>
                      {v}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Space>
        )}
      </Card>
      {report.verified && (
        <Card size="small" title={t("transfer.switch.title")} data-testid="transfer-switch">
          <ol style={{ margin: 0, paddingInlineStart: 20, lineHeight: 1.9 }}>
            {accounts.length > 0 && <li>{t("transfer.switch.hand")}</li>}
            <li>
              {t("transfer.switch.here", {
                where: `${t("nav.settings")} → ${t("settings.database")}`,
                button: t("settings.switchCompany"),
                server: `${host}:${port}`,
                database,
                save: t("conn.saveAndConnect"),
              })}
            </li>
            <li>
              {t(merged ? "transfer.switch.loginMerge" : "transfer.switch.login", {
                account: `${t("nav.settings")} → ${t("settings.account")}`,
              })}
            </li>
            <li>{t(merged ? "transfer.switch.othersMerge" : "transfer.switch.others", { company: t("conn.company") })}</li>
            <li>
              <Typography.Text type="secondary">{t("transfer.switch.local")}</Typography.Text>
            </li>
          </ol>
        </Card>
      )}
      <Space>
        {report.verified && (
          <Button icon={<SwapOutlined />} onClick={() => setParams({ tab: "database" })} data-testid="transfer-goto-database">
            {t("transfer.switch.go")}
          </Button>
        )}
        <Button type="primary" onClick={onFinish} data-testid="transfer-finish">
          {t("transfer.finish")}
        </Button>
      </Space>
    </Space>
  );
}

/** Step 4: the tables as they are written, cancel; or why it stopped. */
function Running({ job, onCancel, onBack, onRetry }: { job: Job; onCancel: () => void; onBack: () => void; onRetry: () => void }) {
  const { t, lang } = useI18n();
  const num = (n: number) => n.toLocaleString(lang);
  const rows = job.tables.reduce((s, p) => s + p.rows, 0);
  const cancelled = !!job.error && job.cancelling;
  const err = job.error;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="transfer-running">
      {err ? (
        <Alert
          type={cancelled ? "warning" : "error"}
          showIcon
          data-testid="transfer-error"
          title={cancelled ? t("transfer.cancelled") : t("transfer.failed")}
          description={
            <>
              {!cancelled && <div>{err.code === "VALIDATION" ? err.message : errorMessage(t, err)}</div>}
              <div>{t("transfer.unchanged")}</div>
            </>
          }
        />
      ) : (
        <Alert
          type="info"
          showIcon
          icon={<LoadingOutlined />}
          title={
            job.cancelling
              ? t("transfer.cancelling")
              : t("transfer.running", { target: `${job.target.host}:${job.target.port}/${job.target.database}` })
          }
          description={t("transfer.runningHint")}
        />
      )}
      <Typography.Text data-testid="transfer-progress-text">
        {job.tables.length > 0 || err
          ? // A merge reports each table's new rows (its duplicates are not written).
            t(job.mode === "merge" ? "transfer.progressMerge" : "transfer.progress", { tables: num(job.tables.length), rows: num(rows) })
          : t("transfer.preparing")}
      </Typography.Text>
      <div data-testid="transfer-progress">
        <Table<TransferProgress>
          size="small"
          rowKey="table"
          pagination={false}
          scroll={{ y: 320 }}
          dataSource={job.tables}
          locale={{ emptyText: " " }}
          columns={[
            {
              key: "done",
              width: 40,
              render: () => <CheckCircleFilled style={{ color: err ? "rgba(0,0,0,0.25)" : "#52c41a" }} />,
            },
            { title: t("transfer.col.table"), dataIndex: "table" },
            { title: t("transfer.col.rows"), dataIndex: "rows", align: "right", width: 140, render: (v: number) => num(v) },
          ]}
        />
      </div>
      {err ? (
        <Space>
          <Button onClick={onBack} data-testid="transfer-back">
            {t("transfer.backToConnect")}
          </Button>
          <Button type="primary" onClick={onRetry} data-testid="transfer-retry">
            {t("transfer.retry")}
          </Button>
        </Space>
      ) : (
        <Button danger onClick={onCancel} loading={job.cancelling} data-testid="transfer-cancel">
          {t("transfer.cancel")}
        </Button>
      )}
    </Space>
  );
}

/** Step 1: what happens, and what IT prepares. */
function Intro({ onNext }: { onNext: () => void }) {
  const { t } = useI18n();
  const list = { margin: 0, paddingInlineStart: 20, lineHeight: 1.9 } as const;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 820 }} data-testid="transfer-intro">
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t("transfer.intro.lead")}</Typography.Paragraph>
      <div>
        <Typography.Title level={5}>{t("transfer.intro.whatTitle")}</Typography.Title>
        <ul style={list}>
          <li>{t("transfer.intro.what.copy")}</li>
          <li>{t("transfer.intro.what.modes")}</li>
          <li>{t("transfer.intro.what.atomic")}</li>
          <li>{t("transfer.intro.what.verify")}</li>
          <li>{t("transfer.intro.what.accounts")}</li>
          <li>
            <Typography.Text strong>{t("transfer.intro.what.source")}</Typography.Text>
          </li>
        </ul>
      </div>
      <div>
        <Typography.Title level={5}>{t("transfer.intro.needTitle")}</Typography.Title>
        <ul style={list}>
          <li>
            {t("transfer.intro.need.migrate")}
            <br />
            <Typography.Text code copyable>
              crm-admin --db mysql://root@db.example.com:3306/crm migrate
            </Typography.Text>
          </li>
          <li>{t("transfer.intro.need.account")}</li>
          <li>{t("transfer.intro.need.server")}</li>
          <li>{t("transfer.intro.need.quiet")}</li>
        </ul>
      </div>
      <Button type="primary" onClick={onNext} data-testid="transfer-next">
        {t("transfer.next")}
      </Button>
    </Space>
  );
}

/** Step 3, an empty company database: a full copy. */
function PlanCopy({ target, onBack, onStart }: { target: string; onBack: () => void; onStart: () => void }) {
  const { t } = useI18n();
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 820 }} data-testid="transfer-plan-empty">
      <Alert type="success" showIcon title={t("transfer.plan.empty")} description={t("transfer.plan.emptyHint", { target })} />
      <Space>
        <Button onClick={onBack} data-testid="transfer-plan-back">
          {t("transfer.back")}
        </Button>
        <Button type="primary" icon={<DatabaseOutlined />} onClick={onStart} data-testid="transfer-start">
          {t("transfer.start")}
        </Button>
      </Space>
    </Space>
  );
}

/**
 * Who each local user becomes in the company database. A username the company already has
 * cannot be created again (the backend matches it by name), so "new" is offered only to the
 * others; any local user may be mapped by hand to any company user.
 */
function UserMap({
  plan,
  map,
  onChange,
}: {
  plan: TransferPlan;
  map: Record<string, string>;
  onChange: (local: string, company: string) => void;
}) {
  const { t, lang } = useI18n();
  const num = (n: number) => n.toLocaleString(lang);
  const created = plan.localUsers.filter((u) => (map[u.username] ?? NEW_USER) === NEW_USER).length;
  const companyOptions = plan.companyUsers.map((c) => ({ value: c.username, label: userName(c) }));
  return (
    <Space orientation="vertical" size={8} style={{ width: "100%" }}>
      <Typography.Text type="secondary">{t("transfer.map.hint")}</Typography.Text>
      <Typography.Text data-testid="transfer-map-summary">
        {t("transfer.map.summary", { matched: num(plan.localUsers.length - created), created: num(created) })}
      </Typography.Text>
      <div data-testid="transfer-user-map">
        <Table<UserBrief>
          size="small"
          rowKey="username"
          pagination={false}
          scroll={{ y: 360 }}
          dataSource={plan.localUsers}
          onRow={(r) => ({ "data-user": r.username }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t("transfer.map.local"),
              key: "local",
              render: (_, u) => (
                <Space size={6}>
                  <Typography.Text code>{u.username}</Typography.Text>
                  {u.fullName}
                </Space>
              ),
            },
            {
              title: t("transfer.map.company"),
              key: "company",
              width: 320,
              render: (_, u) => {
                const taken = plan.companyUsers.some((c) => c.username === u.username);
                return (
                  <Select<string>
                    data-testid={`transfer-map-${u.username}`}
                    aria-label={u.username}
                    style={{ width: "100%" }}
                    showSearch={{ optionFilterProp: "label" }}
                    value={map[u.username] ?? NEW_USER}
                    onChange={(v) => onChange(u.username, v)}
                    options={[
                      {
                        value: NEW_USER,
                        label: taken ? `${t("transfer.map.new")} ${t("transfer.map.newTaken")}` : t("transfer.map.new"),
                        disabled: taken,
                      },
                      ...companyOptions,
                    ]}
                  />
                );
              },
            },
          ]}
        />
      </div>
    </Space>
  );
}

/** Step 3, a company database with data: what it holds, the merge rules, and the user mapping. */
function PlanMerge({
  plan,
  target,
  map,
  onMap,
  onBack,
  onStart,
}: {
  plan: TransferPlan;
  target: string;
  map: Record<string, string>;
  onMap: (local: string, company: string) => void;
  onBack: () => void;
  onStart: () => void;
}) {
  const { t, lang } = useI18n();
  const num = (n: number) => n.toLocaleString(lang);
  const list = { margin: 0, paddingInlineStart: 20, lineHeight: 1.9 } as const;
  return (
    <Space orientation="vertical" size={16} style={{ width: "100%", maxWidth: 900 }} data-testid="transfer-plan-merge">
      <Alert
        type="warning"
        showIcon
        title={t("transfer.plan.merge", { target })}
        description={
          <Space orientation="vertical" size={6}>
            <span>{t("transfer.plan.mergeHas")}</span>
            <Space size={[6, 6]} wrap data-testid="transfer-target-rows">
              {plan.targetRows.map(([table, rows]) => (
                <Tag key={table} data-table={table} title={table}>
                  {tableLabel(t, table)} {num(rows)}
                </Tag>
              ))}
            </Space>
          </Space>
        }
      />
      <div>
        <Typography.Title level={5}>{t("transfer.rules.title")}</Typography.Title>
        <ul style={list} data-testid="transfer-merge-rules">
          <li>{t("transfer.rules.ids")}</li>
          <li>{t("transfer.rules.matched")}</li>
          <li>{t("transfer.rules.users")}</li>
          <li>{t("transfer.rules.duplicates")}</li>
          <li>{t("transfer.rules.kept")}</li>
          <li>{t("transfer.rules.numbers")}</li>
          <li>{t("transfer.rules.atomic")}</li>
          <li>
            <Typography.Text strong>{t("transfer.rules.once")}</Typography.Text>
          </li>
        </ul>
      </div>
      <div>
        <Typography.Title level={5}>{t("transfer.map.title")}</Typography.Title>
        <UserMap plan={plan} map={map} onChange={onMap} />
      </div>
      <Space>
        <Button onClick={onBack} data-testid="transfer-plan-back">
          {t("transfer.back")}
        </Button>
        <Button type="primary" icon={<MergeCellsOutlined />} onClick={onStart} data-testid="transfer-start">
          {t("transfer.startMerge")}
        </Button>
      </Space>
    </Space>
  );
}

/**
 * Settings → 迁移到公司数据库. Offered only on the local database to those holding
 * settings:update and user:create (see useTransferOffered); the backend checks both again.
 */
export default function TransferTab() {
  const { t } = useI18n();
  const { can } = useSession();
  const { modal } = App.useApp();
  const info = useAppInfo();
  const { job, set, update } = useJob();
  const [view, setView] = useState<"intro" | "connect" | "plan">("intro");
  // The first look at the company database and the user mapping chosen on it. They live in
  // the component (as the form does): leaving the page means checking again, which is right
  // since the company database may have changed meanwhile.
  const [plan, setPlan] = useState<{ plan: TransferPlan; target: Target } | null>(null);
  const [userMap, setUserMap] = useState<Record<string, string>>({});
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<ApiError | null>(null);
  const [form] = Form.useForm<FormValues>();
  const tls = Form.useWatch("tls", form);
  const host = Form.useWatch("host", form);
  const plainToRemote = tls === "off" && !!host && !isLocalHost(host);
  // A refusal naming a field goes back to the form only while the form is on screen.
  const mounted = useRef(false);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  /** The server in the form (null: the form shows what is missing). */
  const serverOf = async (): Promise<MysqlProfileInput | null> => {
    let v: FormValues;
    try {
      v = await form.validateFields();
    } catch {
      set(null);
      setView("connect");
      return null; // the client-side errors show on their fields
    }
    return {
      host: v.host.trim(),
      port: v.port,
      database: v.database.trim(),
      username: v.username.trim(),
      password: v.password ?? "",
      tls: v.tls,
      caFile: (v.caFile ?? "").trim() || null,
      insecure: plainToRemote ? !!v.insecure : undefined,
    };
  };

  /** A refusal naming a connection field goes onto that field (true: it did). */
  const onField = (err: ApiError) => {
    if (!mounted.current || !err.field || !(FIELDS as readonly string[]).includes(err.field)) return false;
    setView("connect");
    form.setFields([{ name: err.field as keyof FormValues, errors: [err.message] }]);
    return true;
  };

  /** The first look: empty (copy) or with data (merge), and the users on both sides. */
  const check = async () => {
    const server = await serverOf();
    if (!server) return;
    setCheckError(null);
    setChecking(true);
    try {
      const p = await api.dataio.transferPlan(server);
      if (!mounted.current) return;
      setPlan({ plan: p, target: { host: server.host, port: server.port, database: server.database } });
      setUserMap(defaultUserMap(p));
      setView("plan");
    } catch (e) {
      const err = toApiError(e);
      if (mounted.current && !onField(err)) setCheckError(err);
    } finally {
      if (mounted.current) setChecking(false);
    }
  };

  const start = async (mode: TransferMode, options: MergeOptions | null) => {
    const server = await serverOf();
    if (!server) return;
    const id = newJobId();
    set({
      id,
      target: { host: server.host, port: server.port, database: server.database },
      mode,
      options,
      tables: [],
      cancelling: false,
      outcome: null,
      error: null,
    });
    try {
      const outcome = await api.dataio.transferToCompany(server, mode, options, id, (p) =>
        update(id, (j) => ({ ...j, tables: [...j.tables, p] })),
      );
      update(id, (j) => ({ ...j, outcome }));
      if (mounted.current) form.setFieldValue("password", "");
    } catch (e) {
      const err = toApiError(e);
      if (onField(err)) {
        set(null);
        return;
      }
      update(id, (j) => ({ ...j, error: err }));
    }
  };

  const cancel = () => {
    if (!job) return;
    const id = job.id;
    update(id, (j) => ({ ...j, cancelling: true }));
    api.dataio.cancelJob(id).catch(() => update(id, (j) => ({ ...j, cancelling: false })));
  };

  const finish = () => {
    const forget = () => {
      set(null);
      setPlan(null);
      setView("intro");
    };
    if (job?.outcome?.accounts.length) {
      modal.confirm({
        title: t("transfer.finishConfirm"),
        content: t("transfer.finishConfirmHint"),
        okButtonProps: { id: "transfer-finish-ok" },
        onOk: forget,
      });
    } else forget();
  };

  if (info.isLoading) return <Skeleton active />;
  if (info.data?.shared)
    return (
      <Alert type="info" showIcon icon={<DatabaseOutlined />} data-testid="transfer-unavailable" title={t("transfer.unavailable.shared")} />
    );
  if (!can("settings:update") || !can("user:create"))
    return <Alert type="warning" showIcon data-testid="transfer-unavailable" title={t("transfer.unavailable.permission")} />;

  const step = job?.outcome ? 4 : job ? 3 : view === "plan" && plan ? 2 : view === "connect" ? 1 : 0;
  const failed = !!job?.error || (!!job?.outcome && !job.outcome.report.verified);
  const planTarget = plan && `${plan.target.host}:${plan.target.port}/${plan.target.database}`;

  return (
    <Card data-testid="transfer-wizard">
      <Steps
        size="small"
        current={step}
        status={failed ? "error" : step === 4 ? "finish" : "process"}
        style={{ marginBottom: 24, maxWidth: 820 }}
        items={[
          { title: t("transfer.step.intro") },
          { title: t("transfer.step.connect") },
          { title: t("transfer.step.check") },
          { title: t("transfer.step.run") },
          { title: t("transfer.step.result") },
        ]}
      />
      {step === 0 && <Intro onNext={() => setView("connect")} />}
      {/* The form stays mounted (hidden) so a refusal can mark its field and a retry keeps the input. */}
      <div hidden={step !== 1} style={{ maxWidth: 560 }}>
        <Form
          form={form}
          name="transfer"
          layout="vertical"
          requiredMark={false}
          initialValues={{ port: 3306, tls: "verify_identity" }}
          onFinish={() => void check()}
        >
          <Alert type="info" showIcon title={t("transfer.connect.hint")} style={{ marginBottom: 16 }} />
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item
                name="host"
                label={t("conn.host")}
                rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("conn.host") }) }]}
              >
                <Input placeholder="db.example.com" data-testid="transfer-host" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item
                name="port"
                label={t("conn.port")}
                rules={[{ required: true, message: t("common.required", { label: t("conn.port") }) }]}
              >
                <InputNumber min={1} max={65535} precision={0} style={{ width: "100%" }} data-testid="transfer-port" />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="database"
            label={t("conn.database")}
            rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("conn.database") }) }]}
          >
            <Input placeholder="crm" data-testid="transfer-database" />
          </Form.Item>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item
                name="username"
                label={t("transfer.user")}
                extra={t("transfer.userHint")}
                rules={[{ required: true, whitespace: true, message: t("common.required", { label: t("transfer.user") }) }]}
              >
                <Input placeholder="root" autoComplete="off" data-testid="transfer-user" />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="password" label={t("transfer.password")} extra={t("transfer.passwordHint")}>
                <Input.Password autoComplete="off" data-testid="transfer-password" />
              </Form.Item>
            </Col>
          </Row>
          <TlsFields tls={tls} plainToRemote={plainToRemote} idPrefix="transfer" testIdPrefix="transfer" />
          {checkError && (
            <Alert
              type="error"
              showIcon
              data-testid="transfer-check-error"
              title={t("transfer.checkFailed")}
              description={checkError.code === "VALIDATION" ? checkError.message : errorMessage(t, checkError)}
              style={{ marginBottom: 16 }}
            />
          )}
          <Space>
            <Button onClick={() => setView("intro")} data-testid="transfer-prev">
              {t("transfer.back")}
            </Button>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={checking} data-testid="transfer-check">
              {checking ? t("transfer.checking") : t("transfer.check")}
            </Button>
          </Space>
        </Form>
      </div>
      {step === 2 && plan && planTarget && plan.plan.empty && (
        <PlanCopy target={planTarget} onBack={() => setView("connect")} onStart={() => void start("copy", null)} />
      )}
      {step === 2 && plan && planTarget && !plan.plan.empty && (
        <PlanMerge
          plan={plan.plan}
          target={planTarget}
          map={userMap}
          onMap={(local, company) => setUserMap((m) => ({ ...m, [local]: company }))}
          onBack={() => setView("connect")}
          onStart={() => void start("merge", mergeOptionsOf(userMap))}
        />
      )}
      {step === 3 && job && (
        <Running
          job={job}
          onCancel={cancel}
          onBack={() => {
            set(null);
            setView("connect");
          }}
          onRetry={() => void start(job.mode, job.options)}
        />
      )}
      {step === 4 && job?.outcome && <Result job={{ ...job, outcome: job.outcome }} onFinish={finish} />}
    </Card>
  );
}
