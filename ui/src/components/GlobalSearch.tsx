import { Empty, Input, List, Modal, Spin, Typography } from "antd";
import { SearchOutlined } from "@ant-design/icons";
import { useEffect, useRef, useState } from "react";
import { useNavigate } from "react-router";
import { api, type SearchHit } from "../api";
import { HIT_KIND } from "../domain/enums";
import { useI18n } from "../i18n";
import EnumTag from "./EnumTag";

/** Ctrl+K (⌘K on macOS): search leads, customers, contacts and opportunities. */
export default function GlobalSearch() {
  const { t } = useI18n();
  const nav = useNavigate();
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState("");
  const [hits, setHits] = useState<SearchHit[]>([]);
  const [busy, setBusy] = useState(false);
  const [active, setActive] = useState(0);
  const seq = useRef(0);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k") {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  useEffect(() => {
    const term = q.trim();
    if (!term) {
      setHits([]);
      return;
    }
    const mine = ++seq.current;
    setBusy(true);
    const timer = setTimeout(() => {
      api
        .search(term)
        .then((h) => {
          if (mine === seq.current) {
            setHits(h);
            setActive(0);
          }
        })
        .catch(() => mine === seq.current && setHits([]))
        .finally(() => mine === seq.current && setBusy(false));
    }, 120);
    return () => clearTimeout(timer);
  }, [q]);

  const go = (h: SearchHit) => {
    setOpen(false);
    setQ("");
    if (h.kind === "lead") nav(`/leads?id=${h.id}`);
    else nav(`/customers?id=${h.customerId ?? h.id}`);
  };

  return (
    <>
      <Input
        readOnly
        prefix={<SearchOutlined />}
        placeholder={t("search.placeholder")}
        suffix={
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            Ctrl K
          </Typography.Text>
        }
        onClick={() => setOpen(true)}
        style={{ width: 280 }}
        id="global-search-open"
      />
      <Modal
        open={open}
        onCancel={() => setOpen(false)}
        footer={null}
        closable={false}
        width={600}
        destroyOnHidden
        styles={{ body: { padding: 0 } }}
      >
        <Input
          autoFocus
          size="large"
          id="global-search-input"
          prefix={<SearchOutlined />}
          placeholder={t("search.placeholder")}
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, hits.length - 1));
            else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
            else if (e.key === "Enter" && hits[active]) go(hits[active]);
          }}
          variant="borderless"
          style={{ padding: 12 }}
        />
        <div style={{ maxHeight: 420, overflow: "auto", borderTop: "1px solid #f0f0f0" }}>
          {busy && <Spin style={{ display: "block", margin: 16 }} />}
          {!busy && q.trim() && hits.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t("search.none")} />}
          <List
            dataSource={hits}
            renderItem={(h, i) => (
              <List.Item
                onClick={() => go(h)}
                style={{ cursor: "pointer", padding: "8px 16px", background: i === active ? "#e6f4ff" : undefined }}
                onMouseEnter={() => setActive(i)}
              >
                <List.Item.Meta title={<span>{h.title}</span>} description={h.subtitle} />
                <EnumTag table={HIT_KIND} value={h.kind} />
              </List.Item>
            )}
          />
        </div>
      </Modal>
    </>
  );
}
