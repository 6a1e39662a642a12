// The spreadsheet import wizard: the template and the file, the column mapping with the
// owner and duplicate choices, a dry-run preview (nothing written), the import in batches
// with progress and cancel, and the result with the rows that did not go in.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  Col,
  Modal,
  Progress,
  Radio,
  Row,
  Segmented,
  Select,
  Space,
  Statistic,
  Steps,
  Table,
  Tag,
  Typography,
} from "antd";
import type { TableColumnType } from "antd";
import { CheckCircleOutlined, DownloadOutlined, FileExcelOutlined, FolderOpenOutlined } from "@ant-design/icons";
import { useMemo, useState } from "react";
import { api, invalidate, poolKeys, userKeys } from "../../api";
import { newJobId } from "../../api/dataio";
import type { Disposition } from "../../api/types/Disposition";
import type { FieldInfo } from "../../api/types/FieldInfo";
import type { ImportCounts } from "../../api/types/ImportCounts";
import type { ImportInspect } from "../../api/types/ImportInspect";
import type { ImportKind } from "../../api/types/ImportKind";
import type { ImportOptions } from "../../api/types/ImportOptions";
import type { ImportPreview } from "../../api/types/ImportPreview";
import type { ImportProgress } from "../../api/types/ImportProgress";
import type { ImportResult } from "../../api/types/ImportResult";
import type { OwnerMode } from "../../api/types/OwnerMode";
import type { PreviewRow } from "../../api/types/PreviewRow";
import { useSession } from "../../app/session";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n, type T } from "../../i18n";
import { DISPOSITION, hasOwner, IMPORT_AREA, importPermission, kindLabel, uniquePhone } from "./kinds";

type Step = "file" | "mapping" | "preview" | "running" | "result";

const STEP_INDEX: Record<Step, number> = { file: 0, mapping: 1, preview: 2, running: 3, result: 3 };

/** How the wizard starts (e.g. from the lead pool: into that pool). */
export type ImportDefaults = { ownerMode?: OwnerMode; poolId?: number | null };

/** "不导入" in the column selects (a Select cannot hold null). */
const SKIP = "";

const COUNT_COLOR: Record<keyof ImportCounts, string | undefined> = {
  create: "#389e0d",
  update: "#1677ff",
  skip: undefined,
  error: "#cf1322",
};

/** The four counts, each number in an element of its own (`import-count-<kind>`). */
function Counts({ counts, t }: { counts: ImportCounts; t: T }) {
  return (
    <Row gutter={16}>
      {(["create", "update", "skip", "error"] as const).map((k) => (
        <Col span={6} key={k}>
          <Statistic
            title={t(`import.count.${k}`)}
            value={Number(counts[k])}
            styles={{ content: { color: Number(counts[k]) > 0 ? COUNT_COLOR[k] : undefined } }}
            formatter={() => <span data-testid={`import-count-${k}`}>{String(counts[k])}</span>}
          />
        </Col>
      ))}
    </Row>
  );
}

/** The columns of previewed (or refused) rows: line, result, details, then the mapped values. */
function rowColumns(t: T, labels: readonly string[], withResult: boolean): TableColumnType<PreviewRow>[] {
  return [
    { key: "line", title: t("import.preview.line"), dataIndex: "line", width: 70, fixed: "left" },
    ...(withResult
      ? [
          {
            key: "disposition",
            title: t("import.preview.result"),
            dataIndex: "disposition",
            width: 80,
            render: (d: Disposition) => <Tag color={DISPOSITION.color(d)}>{DISPOSITION.label(t, d)}</Tag>,
          },
        ]
      : []),
    {
      key: "reason",
      title: t("import.preview.reason"),
      width: 260,
      render: (_: unknown, r: PreviewRow) => {
        if (!r.reason) return "-";
        const updates = r.disposition === "update" && /^#\d+$/.test(r.reason);
        const text = updates ? t("import.preview.updates", { id: r.reason }) : r.reason;
        return (
          <Typography.Text type={r.disposition === "error" ? "danger" : undefined} style={{ whiteSpace: "pre-wrap" }}>
            {text}
          </Typography.Text>
        );
      },
    },
    ...labels.map((label, j) => ({
      key: `v${j}`,
      title: label,
      width: 140,
      ellipsis: true,
      render: (_: unknown, r: PreviewRow) => r.values[j] || "-",
    })),
  ];
}

const tableWidth = (labels: readonly string[], withResult: boolean) => 70 + (withResult ? 80 : 0) + 260 + labels.length * 140;

/** A field's format and allowed values, for the mapping table. */
function fieldHint(t: T, f: FieldInfo | undefined): string {
  if (!f) return "";
  const parts = [f.hint, f.choices.length ? t("import.mapping.choices", { values: f.choices.join(" / ") }) : ""];
  return parts.filter(Boolean).join(";");
}

export default function ImportWizard({
  kind,
  open,
  onClose,
  defaults,
}: {
  kind: ImportKind;
  open: boolean;
  onClose: () => void;
  defaults?: ImportDefaults;
}) {
  const { t } = useI18n();
  const { user, can } = useSession();
  const qc = useQueryClient();
  const what = t(kindLabel(kind));
  const owned = hasOwner(kind);
  const canUpdate = can(importPermission(kind, "update"));

  const [step, setStep] = useState<Step>("file");
  const [error, setError] = useState<string | null>(null);
  const [templatePath, setTemplatePath] = useState<string | null>(null);
  const [path, setPath] = useState<string | null>(null);
  const [inspect, setInspect] = useState<ImportInspect | null>(null);
  const [mapping, setMapping] = useState<(string | null)[]>([]);
  const [policy, setPolicy] = useState<ImportOptions["policy"]>("skip");
  const [ownerMode, setOwnerMode] = useState<OwnerMode>(owned ? (defaults?.ownerMode ?? "column") : "column");
  const [ownerId, setOwnerId] = useState<number>(user.id);
  const [poolId, setPoolId] = useState<number | null>(defaults?.poolId ?? null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [shown, setShown] = useState<Disposition | "all">("all");
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [jobId, setJobId] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);

  const users = useQuery({ queryKey: userKeys.options(), queryFn: api.users.options, enabled: open && owned });
  const pools = useQuery({ queryKey: poolKeys.list(), queryFn: api.pools.list, enabled: open && kind === "lead" });

  const showError = (text: string) => setError(text);
  const template = useApiMutation(() => api.dataio.importTemplate(kind), { showError, onSuccess: setTemplatePath });
  const pick = useApiMutation(
    async () => {
      const file = await api.dataio.pickFile("import");
      return file ? { file, inspect: await api.dataio.importInspect(kind, file) } : null;
    },
    {
      showError,
      onSuccess: (r) => {
        if (!r) return;
        setPath(r.file);
        setInspect(r.inspect);
        // Cost prices are imported only by those who may see them.
        const allowed = (k: string | null) => (k === "costPrice" && !can("product:cost") ? null : k);
        setMapping(r.inspect.headers.map((_, i) => allowed(r.inspect.mapping[i] ?? null)));
        setPreview(null);
        setStep("mapping");
      },
    },
  );

  const options = (): ImportOptions => ({
    mapping,
    policy,
    ownerMode: owned ? ownerMode : "column",
    ownerId: owned && ownerMode !== "pool" ? ownerId : null,
    poolId: kind === "lead" && ownerMode === "pool" ? poolId : null,
  });

  const check = useApiMutation((o: ImportOptions) => api.dataio.importPreview(kind, path!, o), {
    showError,
    onSuccess: (p) => {
      setPreview(p);
      setShown("all");
      setStep("preview");
    },
  });
  const run = useApiMutation(
    (v: { options: ImportOptions; jobId: string }) => api.dataio.importRun(kind, path!, v.options, v.jobId, setProgress),
    {
      invalidates: [IMPORT_AREA[kind]],
      showError: (text) => {
        setError(text);
        // Batches before the failure may have gone in.
        void invalidate(qc, IMPORT_AREA[kind]);
      },
      onSuccess: (r) => {
        setResult(r);
        setStep("result");
      },
    },
  );
  const openFile = useApiMutation((file: string) => api.reports.openExport(file), { showError });

  const go = (s: Step) => {
    setError(null);
    setStep(s);
  };
  const start = () => {
    const id = newJobId();
    setJobId(id);
    setProgress(null);
    setCancelling(false);
    setResult(null);
    go("running");
    void run.run({ options: options(), jobId: id });
  };
  const cancel = async () => {
    if (!jobId) return;
    setCancelling(true);
    await api.dataio.cancelJob(jobId).catch(() => setCancelling(false));
  };
  const again = () => {
    setPath(null);
    setInspect(null);
    setPreview(null);
    setResult(null);
    setProgress(null);
    go("file");
  };

  const fields = useMemo(() => inspect?.fields ?? [], [inspect]);
  const fieldOf = (key: string | null) => fields.find((f) => f.key === key);
  const missing = fields.filter((f) => f.required && !mapping.includes(f.key));
  const running = step === "running" && run.busy;

  // --- Steps --------------------------------------------------------------------------

  const fileStep = (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Typography.Paragraph style={{ marginBottom: 0 }}>{t("import.file.intro", { kind: what })}</Typography.Paragraph>
      <ul style={{ margin: 0, paddingInlineStart: 20, color: "rgba(0,0,0,0.65)" }}>
        <li>{t("import.file.tipRequired")}</li>
        <li>{t("import.file.tipPhone")}</li>
        <li>{t("import.file.tipSafe")}</li>
      </ul>
      <Space wrap>
        <Button icon={<DownloadOutlined />} data-testid="import-template" loading={template.busy} onClick={() => void template.run()}>
          {t("import.file.template")}
        </Button>
        <Button
          type="primary"
          icon={<FolderOpenOutlined />}
          data-testid="import-pick"
          loading={pick.busy}
          onClick={() => {
            setError(null);
            void pick.run();
          }}
        >
          {pick.busy ? t("import.file.reading") : t("import.file.pick")}
        </Button>
      </Space>
      {templatePath && (
        <Alert
          type="success"
          showIcon
          data-testid="import-template-saved"
          title={
            <span>
              {t("import.file.templateSaved")}{" "}
              <Typography.Text code copyable={{ text: templatePath }} style={{ wordBreak: "break-all" }}>
                {templatePath}
              </Typography.Text>
            </span>
          }
          action={
            <Button size="small" data-testid="import-template-open" onClick={() => void openFile.run(templatePath)}>
              {t("dataio.open")}
            </Button>
          }
        />
      )}
    </Space>
  );

  const mappingStep = inspect && (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <div>
        <Space size={8} wrap>
          <FileExcelOutlined style={{ color: "#389e0d", fontSize: 18 }} />
          <Typography.Text strong data-testid="import-file-summary">
            {t("import.mapping.summary", { file: inspect.fileName, rows: Number(inspect.rowCount).toLocaleString() })}
          </Typography.Text>
          <Typography.Text type="secondary" data-testid="import-max-rows">
            ({t("import.mapping.cap", { max: Number(inspect.maxRows).toLocaleString() })})
          </Typography.Text>
        </Space>
        <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
          {t("import.mapping.intro")}
        </Typography.Paragraph>
      </div>
      <div data-testid="import-mapping-table">
        <Table
          size="small"
          rowKey="index"
          pagination={false}
          scroll={{ y: 280 }}
          dataSource={inspect.headers.map((header, index) => ({
            index,
            header,
            samples: inspect.sample
              .map((r) => r[index] ?? "")
              .filter((v) => v !== "")
              .slice(0, 3),
          }))}
          columns={[
            {
              key: "header",
              title: t("import.mapping.column"),
              width: 170,
              render: (_, r) => <Typography.Text strong>{r.header || t("import.mapping.columnN", { n: r.index + 1 })}</Typography.Text>,
            },
            {
              key: "sample",
              title: t("import.mapping.sample"),
              width: 220,
              ellipsis: true,
              render: (_, r) => <Typography.Text type="secondary">{r.samples.join(" / ") || "-"}</Typography.Text>,
            },
            {
              key: "field",
              title: t("import.mapping.field"),
              width: 190,
              render: (_, r) => (
                <Select<string>
                  data-testid={`import-map-${r.index}`}
                  aria-label={r.header || t("import.mapping.columnN", { n: r.index + 1 })}
                  style={{ width: "100%" }}
                  value={mapping[r.index] ?? SKIP}
                  onChange={(v) => setMapping((m) => m.map((x, i) => (i === r.index ? v || null : x)))}
                  options={[
                    { value: SKIP, label: <Typography.Text type="secondary">{t("import.mapping.skip")}</Typography.Text> },
                    ...fields.map((f) => {
                      const noCost = f.key === "costPrice" && !can("product:cost");
                      return {
                        value: f.key,
                        label: `${f.label}${f.required ? " *" : ""}${noCost ? ` ${t("import.mapping.noCost")}` : ""}`,
                        disabled: noCost || mapping.some((m, i) => i !== r.index && m === f.key),
                      };
                    }),
                  ]}
                />
              ),
            },
            {
              key: "hint",
              title: t("import.mapping.hint"),
              ellipsis: true,
              render: (_, r) => <Typography.Text type="secondary">{fieldHint(t, fieldOf(mapping[r.index] ?? null))}</Typography.Text>,
            },
          ]}
        />
      </div>
      {missing.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-missing"
          title={t("import.mapping.missing", { fields: missing.map((f) => f.label).join("、") })}
        />
      )}
      {owned && (
        <Card size="small" title={t("import.owner.title")}>
          <Space orientation="vertical" size={8} style={{ width: "100%" }}>
            <Radio.Group value={ownerMode} onChange={(e) => setOwnerMode(e.target.value)} data-testid="import-owner-mode">
              <Radio value="column">{t("import.owner.column")}</Radio>
              <Radio value="user">{t("import.owner.user")}</Radio>
              <Radio value="pool">{kind === "lead" ? t("import.owner.poolLead") : t("import.owner.poolCustomer")}</Radio>
            </Radio.Group>
            {ownerMode !== "pool" && (
              <Space wrap>
                <Typography.Text type="secondary">
                  {ownerMode === "column" ? t("import.owner.columnHint") : t("import.owner.userHint", { kind: what })}
                </Typography.Text>
                <Select<number>
                  data-testid="import-owner"
                  aria-label={t("import.owner.title")}
                  showSearch={{ optionFilterProp: "label" }}
                  style={{ width: 180 }}
                  value={ownerId}
                  onChange={setOwnerId}
                  options={[
                    ...(users.data?.some((u) => u.id === user.id) ? [] : [{ value: user.id, label: user.fullName }]),
                    ...(users.data ?? []).map((u) => ({ value: u.id, label: u.fullName })),
                  ]}
                />
              </Space>
            )}
            {ownerMode === "pool" && kind === "lead" && (
              <Space wrap>
                <Typography.Text type="secondary">{t("import.owner.poolHint")}</Typography.Text>
                <Select<number>
                  data-testid="import-pool"
                  aria-label={t("import.owner.poolLead")}
                  allowClear
                  placeholder={t("import.owner.defaultPool")}
                  style={{ width: 180 }}
                  value={poolId ?? undefined}
                  onChange={(v) => setPoolId(v ?? null)}
                  options={(pools.data ?? []).map((p) => ({ value: p.id, label: p.poolName }))}
                />
              </Space>
            )}
            {ownerMode === "pool" && kind === "customer" && <Typography.Text type="secondary">{t("import.owner.seaHint")}</Typography.Text>}
          </Space>
        </Card>
      )}
      <Card size="small" title={t("import.dup.title")}>
        <Space orientation="vertical" size={8} style={{ width: "100%" }}>
          <Typography.Text type="secondary">{t(`import.dup.rule.${kind}`)}</Typography.Text>
          <Radio.Group value={policy} onChange={(e) => setPolicy(e.target.value)} data-testid="import-policy">
            <Radio value="skip">{t("import.dup.skip")}</Radio>
            <Radio value="update" disabled={!canUpdate}>
              {t("import.dup.update")}
            </Radio>
            <Radio value="anyway" disabled={uniquePhone(kind)}>
              {t("import.dup.anyway")}
            </Radio>
          </Radio.Group>
          {policy === "update" && <Typography.Text type="secondary">{t("import.dup.updateHint")}</Typography.Text>}
          {!canUpdate && <Typography.Text type="secondary">{t("import.dup.noUpdate", { kind: what })}</Typography.Text>}
          {uniquePhone(kind) && (
            <Typography.Text type="secondary" data-testid="import-anyway-why">
              {t("import.dup.anywayDisabled", { kind: what })}
            </Typography.Text>
          )}
        </Space>
      </Card>
    </Space>
  );

  const previewStep = preview && (
    <Space orientation="vertical" size={16} style={{ width: "100%" }}>
      <Alert type="info" showIcon data-testid="import-preview-note" title={t("import.preview.notWritten")} />
      <Card size="small" title={t("import.preview.expected")}>
        <Counts counts={preview.counts} t={t} />
      </Card>
      {Number(preview.counts.error) > 0 && (
        <Alert type="warning" showIcon title={t("import.preview.errorsNote", { n: Number(preview.counts.error) })} />
      )}
      {Number(preview.counts.create) + Number(preview.counts.update) === 0 && (
        <Alert type="error" showIcon data-testid="import-nothing" title={t("import.preview.nothing")} />
      )}
      <Space wrap style={{ justifyContent: "space-between", width: "100%" }}>
        <Segmented<Disposition | "all">
          data-testid="import-preview-filter"
          value={shown}
          onChange={setShown}
          options={[
            { value: "all", label: <span data-testid="import-show-all">{t("import.preview.all")}</span> },
            ...DISPOSITION.values.map((d) => ({
              value: d,
              label: (
                <span
                  data-testid={`import-show-${d}`}
                >{`${DISPOSITION.label(t, d)} ${preview.rows.filter((r) => r.disposition === d).length}`}</span>
              ),
            })),
          ]}
        />
        <Typography.Text type="secondary">{t("import.preview.firstRows")}</Typography.Text>
      </Space>
      <div data-testid="import-preview-table">
        <Table<PreviewRow>
          size="small"
          rowKey="line"
          pagination={false}
          scroll={{ x: tableWidth(preview.columns, true), y: 300 }}
          dataSource={shown === "all" ? preview.rows : preview.rows.filter((r) => r.disposition === shown)}
          columns={rowColumns(t, preview.columns, true)}
          locale={{ emptyText: t("import.preview.empty") }}
        />
      </div>
    </Space>
  );

  const done = progress ? Number(progress.done) : 0;
  const total = progress ? Number(progress.total) : 0;
  const runningStep = (
    <Space orientation="vertical" size={16} style={{ width: "100%", padding: "24px 0" }} data-testid="import-running">
      {!error && <Typography.Text strong>{cancelling ? t("import.cancelling") : t("import.running")}</Typography.Text>}
      <Progress
        percent={total > 0 ? Math.floor((done * 100) / total) : 0}
        status={error ? "exception" : "active"}
        data-testid="import-progress"
      />
      <Typography.Text data-testid="import-progress-text">
        {progress ? t("import.progress", { done, total }) : t("import.preparing")}
      </Typography.Text>
      <Typography.Text type="secondary">{t("import.batchNote")}</Typography.Text>
    </Space>
  );

  const resultStep = result && (
    <Space orientation="vertical" size={16} style={{ width: "100%" }} data-testid="import-result" data-cancelled={result.cancelled}>
      <Alert
        type={result.cancelled ? "warning" : Number(result.counts.error) > 0 ? "info" : "success"}
        showIcon
        icon={result.cancelled ? undefined : <CheckCircleOutlined />}
        title={result.cancelled ? t("import.result.cancelled") : t("import.result.done")}
        description={
          <>
            <div>
              {t("import.result.doneHint", {
                create: Number(result.counts.create),
                update: Number(result.counts.update),
                skip: Number(result.counts.skip),
                error: Number(result.counts.error),
              })}
            </div>
            {result.cancelled && <div>{t("import.result.cancelledHint")}</div>}
          </>
        }
      />
      <Card size="small">
        <Counts counts={result.counts} t={t} />
      </Card>
      {result.errorFilePath && (
        <Alert
          type="warning"
          showIcon
          data-testid="import-error-file-note"
          title={
            <span>
              {t("import.result.errorFile")}{" "}
              <Typography.Text code copyable={{ text: result.errorFilePath }} style={{ wordBreak: "break-all" }}>
                {result.errorFilePath}
              </Typography.Text>
            </span>
          }
          description={t("import.result.errorFileHint")}
          action={
            <Button
              size="small"
              type="primary"
              icon={<FileExcelOutlined />}
              data-testid="import-error-file"
              loading={openFile.busy}
              onClick={() => void openFile.run(result.errorFilePath!)}
            >
              {t("import.result.openErrorFile")}
            </Button>
          }
        />
      )}
      <div>
        <Typography.Text strong>{t("import.result.batches")}</Typography.Text>
        <div style={{ marginTop: 8, maxHeight: 96, overflowY: "auto" }} data-testid="import-batches">
          {result.batches.length ? (
            result.batches.map((b) => (
              <Tag key={b.firstLine} color="green" style={{ marginBottom: 4 }}>
                {t("import.result.batch", { first: Number(b.firstLine), last: Number(b.lastLine) })} ·{" "}
                {t("dataio.rows", { n: Number(b.rows) })}
              </Tag>
            ))
          ) : (
            <Typography.Text type="secondary">{t("import.result.noBatches")}</Typography.Text>
          )}
        </div>
      </div>
      {result.problems.length > 0 && (
        <div>
          <Space style={{ marginBottom: 8 }} wrap>
            <Typography.Text strong>{t("import.result.problems")}</Typography.Text>
            {result.problems.length >= 200 && <Typography.Text type="secondary">{t("import.result.problemsMore")}</Typography.Text>}
          </Space>
          <div data-testid="import-problems">
            <Table<PreviewRow>
              size="small"
              rowKey="line"
              pagination={false}
              scroll={{ x: tableWidth(preview?.columns ?? [], false), y: 240 }}
              dataSource={result.problems}
              columns={rowColumns(t, preview?.columns ?? [], false)}
            />
          </div>
        </div>
      )}
    </Space>
  );

  // --- Footer -------------------------------------------------------------------------

  const closeButton = (
    <Button key="close" data-testid="import-close" onClick={onClose}>
      {t("import.close")}
    </Button>
  );
  const footer = {
    file: [closeButton],
    mapping: [
      closeButton,
      <Button key="back" onClick={() => go("file")}>
        {t("import.back")}
      </Button>,
      <Button
        key="preview"
        type="primary"
        data-testid="import-preview"
        disabled={missing.length > 0}
        loading={check.busy}
        onClick={() => {
          setError(null);
          void check.run(options());
        }}
      >
        {t("import.preview")}
      </Button>,
    ],
    preview: [
      closeButton,
      <Button key="back" onClick={() => go("mapping")}>
        {t("import.back")}
      </Button>,
      <Button
        key="run"
        type="primary"
        data-testid="import-run"
        disabled={!preview || Number(preview.counts.create) + Number(preview.counts.update) === 0}
        onClick={start}
      >
        {t("import.run")}
      </Button>,
    ],
    running: running
      ? [
          <Button key="cancel" danger data-testid="import-cancel" disabled={cancelling} onClick={() => void cancel()}>
            {cancelling ? t("import.cancelling") : t("import.cancel")}
          </Button>,
        ]
      : [
          closeButton,
          <Button key="back" onClick={() => go("preview")}>
            {t("import.back")}
          </Button>,
        ],
    result: [
      <Button key="again" onClick={again}>
        {t("import.again")}
      </Button>,
      <Button key="close" type="primary" data-testid="import-close" onClick={onClose}>
        {t("import.finish")}
      </Button>,
    ],
  }[step];

  return (
    <Modal
      open={open}
      title={t("import.title", { kind: what })}
      width={980}
      onCancel={running ? undefined : onClose}
      closable={!running}
      mask={{ closable: false }}
      keyboard={!running}
      footer={footer}
      destroyOnHidden
    >
      <div data-testid="import-wizard">
        <Steps
          size="small"
          current={STEP_INDEX[step]}
          style={{ margin: "8px 0 20px" }}
          items={[
            { title: t("import.step.file") },
            { title: t("import.step.mapping") },
            { title: t("import.step.preview") },
            { title: t("import.step.result") },
          ]}
        />
        {error && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={() => setError(null)}
            style={{ marginBottom: 16 }}
            data-testid="import-error"
            title={error}
          />
        )}
        {step === "file" && fileStep}
        {step === "mapping" && mappingStep}
        {step === "preview" && previewStep}
        {step === "running" && runningStep}
        {step === "result" && resultStep}
      </div>
    </Modal>
  );
}
