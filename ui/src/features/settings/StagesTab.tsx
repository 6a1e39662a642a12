import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Button, Card, Input, InputNumber, Space, Table, Typography } from "antd";
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useEffect, useState } from "react";
import { api, stageKeys, type Stage } from "../../api";
import { useApiMutation } from "../../hooks/useApiMutation";
import { useI18n } from "../../i18n";

type Row = Stage & { key: number };
let seq = 0;

/** The sales stages (in order) and their default win probability. */
export default function StagesTab({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const qc = useQueryClient();
  const q = useQuery({ queryKey: stageKeys.list(), queryFn: api.stages.list });
  const [rows, setRows] = useState<Row[]>([]);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (q.data) setRows(q.data.map((s) => ({ ...s, key: ++seq })));
  }, [q.data]);
  const set = (i: number, patch: Partial<Stage>) => setRows((r) => r.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  const swap = (i: number, j: number) =>
    setRows((r) => {
      const n = [...r];
      [n[i], n[j]] = [n[j], n[i]];
      return n;
    });
  const update = useApiMutation((stages: Stage[]) => api.stages.set(stages), {
    invalidates: ["stages"],
    success: t("form.saved"),
    onSuccess: (saved) => qc.setQueryData(stageKeys.list(), saved),
    // The refusal names a stage row: it shows under the table.
    onError: (e) => {
      setError(e.message);
      return true;
    },
  });
  const save = () => {
    setError(null);
    return update.run(rows.map((r) => ({ name: r.name.trim(), probability: Number(r.probability ?? 0) })));
  };
  return (
    <Card>
      <Typography.Paragraph type="secondary">{t("stage.hint")}</Typography.Paragraph>
      <Table<Row>
        rowKey="key"
        size="small"
        pagination={false}
        loading={q.isLoading}
        dataSource={rows}
        style={{ maxWidth: 640 }}
        columns={[
          { key: "no", title: "#", width: 40, render: (_, __, i) => i + 1 },
          {
            key: "name",
            title: t("stage.name"),
            render: (_, r, i) => (
              <Input
                id={`stage-${i}-name`}
                value={r.name}
                maxLength={50}
                disabled={!editable}
                onChange={(e) => set(i, { name: e.target.value })}
              />
            ),
          },
          {
            key: "prob",
            title: t("opp.probability"),
            width: 130,
            render: (_, r, i) => (
              <InputNumber
                id={`stage-${i}-probability`}
                min={0}
                max={100}
                precision={0}
                suffix="%"
                value={r.probability}
                disabled={!editable}
                onChange={(v) => set(i, { probability: v ?? 0 })}
              />
            ),
          },
          ...(editable
            ? [
                {
                  key: "ops",
                  title: "",
                  width: 120,
                  render: (_: unknown, __: Row, i: number) => (
                    <Space size={0}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        disabled={i === 0}
                        aria-label={t("stage.up")}
                        onClick={() => swap(i, i - 1)}
                      />
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={i === rows.length - 1}
                        aria-label={t("stage.down")}
                        onClick={() => swap(i, i + 1)}
                      />
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        aria-label={t("common.delete")}
                        onClick={() => setRows((r) => r.filter((_, j) => j !== i))}
                      />
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {error && (
        <Typography.Paragraph type="danger" style={{ marginTop: 8 }} data-testid="stage-error">
          {error}
        </Typography.Paragraph>
      )}
      {editable && (
        <Space style={{ marginTop: 12 }}>
          <Button icon={<PlusOutlined />} id="stage-add" onClick={() => setRows((r) => [...r, { key: ++seq, name: "", probability: 50 }])}>
            {t("stage.add")}
          </Button>
          <Button type="primary" id="stage-save" loading={update.busy} onClick={save}>
            {t("form.save")}
          </Button>
        </Space>
      )}
    </Card>
  );
}
