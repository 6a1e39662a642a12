import { act, render } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { I18nProvider, useI18n } from "./i18n";

function Switch() {
  const { setLang } = useI18n();
  return <button onClick={() => setLang("zh-CN")}>zh</button>;
}

describe("I18nProvider", () => {
  it("keeps the page's lang attribute on the chosen language", () => {
    const { getByText } = render(
      <I18nProvider initial="en-US">
        <Switch />
      </I18nProvider>,
    );
    expect(document.documentElement.lang).toBe("en-US");
    act(() => getByText("zh").click());
    expect(document.documentElement.lang).toBe("zh-CN");
  });
});
