import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import type { ErrorCode } from "./api/types/ErrorCode";
import { enUS } from "./locales/en-US";
import { zhCN, type MessageKey } from "./locales/zh-CN";

export type { MessageKey };

export type Lang = "zh-CN" | "en-US";

// The messages live in ./locales/<lang>/<area>.ts (one file per area); zh-CN defines the keys.
type Key = MessageKey;

const dicts: Record<Lang, Record<Key, string>> = { "zh-CN": zhCN, "en-US": enUS };

export type T = (key: Key, vars?: Record<string, string | number>) => string;

export function translate(lang: Lang, key: Key, vars?: Record<string, string | number>): string {
  let s = dicts[lang][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replace(`{${k}}`, String(v));
  return s;
}

export function errorTitle(lang: Lang, code: ErrorCode): string {
  return translate(lang, `error.${code}` as Key);
}

const Ctx = createContext<{ lang: Lang; setLang: (l: Lang) => void; t: T }>({
  lang: "zh-CN",
  setLang: () => {},
  t: (k, v) => translate("zh-CN", k, v),
});

export function I18nProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(initial ?? ((localStorage.getItem("crm.lang") as Lang) || "zh-CN"));
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem("crm.lang", l);
    setLangState(l);
  }, []);
  const value = useMemo(() => ({ lang, setLang, t: ((k, v) => translate(lang, k, v)) as T }), [lang, setLang]);
  // The page's language follows the switch (screen readers, line breaking, the CJK glyph variant).
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export const useI18n = () => useContext(Ctx);
