// The idle lock. The company's security policy (Settings → Security) says after how many
// idle minutes a desktop locks; this timer (mouse, keyboard, wheel or touch in the window
// resets it) then tells the backend (session_lock) and covers the app with the lock screen.
// Any command answering LOCKED (the backend locks by itself too) shows the same screen.
// The pages stay mounted beneath it — no navigation, unsaved input kept — and are inert
// while it shows. Unlocking asks for the user's own password (session_unlock); then the
// queries that failed while locked are fetched again, and a refused save can simply be
// saved again.
import { LockOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, Button, Form, Input, Typography } from "antd";
import { createContext, useCallback, useContext, useEffect, useRef, useState, type ReactNode } from "react";
import { createPortal } from "react-dom";
import { api, onLocked, settingsKeys } from "../api";
import { useApiMutation } from "../hooks/useApiMutation";
import { useI18n } from "../i18n";
import { useSession } from "./session";

/** What counts as the user being at the computer. */
const ACTIVITY = ["mousemove", "mousedown", "keydown", "wheel", "touchstart", "scroll"] as const;

/** Calls `onIdle` once the window has seen no activity for `minutes` (0: never). */
export function useIdleTimer(minutes: number, paused: boolean, onIdle: () => void) {
  const idle = useRef(onIdle);
  useEffect(() => {
    idle.current = onIdle;
  });
  useEffect(() => {
    if (!minutes || paused) return;
    const span = minutes * 60_000;
    let last = Date.now();
    let timer: ReturnType<typeof setTimeout>;
    const touch = () => {
      last = Date.now();
    };
    // One timeout to the earliest possible deadline (not one per mouse move).
    const check = () => {
      const quiet = Date.now() - last;
      if (quiet >= span) idle.current();
      else timer = setTimeout(check, span - quiet);
    };
    timer = setTimeout(check, span);
    for (const e of ACTIVITY) window.addEventListener(e, touch, { capture: true, passive: true });
    return () => {
      clearTimeout(timer);
      for (const e of ACTIVITY) window.removeEventListener(e, touch, { capture: true });
    };
  }, [minutes, paused]);
}

const LockContext = createContext<(() => void) | null>(null);

/** "Lock now" (the header's lock button); null outside <IdleLock>. */
export const useLockNow = () => useContext(LockContext);

export default function IdleLock({ children }: { children: ReactNode }) {
  const qc = useQueryClient();
  const [locked, setLocked] = useState(false);
  const policy = useQuery({ queryKey: settingsKeys.security(), queryFn: api.settings.securityPolicy });
  useEffect(() => onLocked(() => setLocked(true)), []);
  const lock = useCallback(() => {
    // Cover the screen at once; the backend refuses every command until unlocked.
    setLocked(true);
    api.sessionLock().catch(() => {});
  }, []);
  useIdleTimer(policy.data?.idleLockMinutes ?? 0, locked, lock);
  const unlocked = () => {
    setLocked(false);
    // What failed while locked (lists, details, the to-do badge) is fetched again.
    void qc.invalidateQueries({ predicate: (q) => q.state.status === "error" });
  };
  return (
    <LockContext.Provider value={lock}>
      {children}
      {locked && <LockScreen onUnlocked={unlocked} />}
    </LockContext.Provider>
  );
}

/** The lock screen: over everything (dialogs and drawers included), the rest of the page inert. */
function LockScreen({ onUnlocked }: { onUnlocked: () => void }) {
  const { t } = useI18n();
  const { user, logout } = useSession();
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const screen = useRef<HTMLDivElement>(null);
  const unlock = useApiMutation((password: string) => api.sessionUnlock(password), {
    form,
    fields: ["password"],
    // A wrong password shows here, on the lock screen (not as a toast behind it).
    showError: (_, e) => setError(e.message),
    onSuccess: onUnlocked,
  });

  // Nothing beneath takes focus or clicks while locked (antd's dialogs live in <body> too).
  useEffect(() => {
    const made: Element[] = [];
    for (const el of Array.from(document.body.children)) {
      if (el === screen.current || el.hasAttribute("inert")) continue;
      el.setAttribute("inert", "");
      made.push(el);
    }
    return () => made.forEach((el) => el.removeAttribute("inert"));
  }, []);

  const submit = ({ password }: { password: string }) => {
    setError(null);
    return unlock.run(password);
  };
  const signOut = async () => {
    await api.logout().catch(() => {});
    logout();
  };

  return createPortal(
    <div ref={screen} className="lock-screen center-page" role="dialog" aria-modal="true" data-testid="lock-screen">
      <div className="lock-card">
        <LockOutlined style={{ fontSize: 36, color: "#1677ff" }} />
        <Typography.Title level={3} style={{ margin: "12px 0 4px" }}>
          {t("lock.title")}
        </Typography.Title>
        <Typography.Title level={5} style={{ marginTop: 0 }} data-testid="lock-user">
          {user.fullName} ({user.username})
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t("lock.hint")}</Typography.Paragraph>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16, textAlign: "start" }} data-testid="unlock-error" />}
        <Form form={form} onFinish={submit} requiredMark={false}>
          <Form.Item name="password" rules={[{ required: true, message: t("common.required", { label: t("lock.password") }) }]}>
            <Input.Password
              id="unlock-password"
              prefix={<LockOutlined />}
              placeholder={t("lock.password")}
              autoComplete="current-password"
              autoFocus
            />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={unlock.busy} id="unlock-submit">
            {t("lock.unlock")}
          </Button>
        </Form>
        <Button type="link" onClick={signOut} id="unlock-logout" style={{ marginTop: 8 }}>
          {t("common.logout")}
        </Button>
      </div>
    </div>,
    document.body,
  );
}
