#!/usr/bin/env bash
# Rebuild assets/fonts/NotoSansSC-GB2312.ttf, the font every PDF is drawn with, from the
# upstream Noto Sans SC Regular TTF (OFL; https://github.com/notofonts/noto-cjk, the
# variable-free "NotoSansSC-Regular.ttf", about 10.5 MB).
#
# It keeps: every GB2312 character (the 6,763 hanzi of levels 1 and 2 plus its symbols,
# kana, Greek and Cyrillic), a short list of given-name characters outside GB2312, Latin-1
# and Latin Extended, punctuation, currency, arrows, maths, enclosed numbers, box drawing,
# shapes, CJK symbols and full-width forms. Everything else falls back at render time to
# a CJK font of the system (src-tauri/core/pdf.rs, `fallback_candidates`), or to a
# visible □ where the computer has none.
#
# A one-off, run by hand when the character list changes; the result is committed.
# Needs: python3 with fonttools (pip install fonttools).
#   bash tools/subset-font.sh /path/to/NotoSansSC-Regular.ttf
set -euo pipefail
src=${1:?usage: tools/subset-font.sh /path/to/NotoSansSC-Regular.ttf}
cd "$(dirname "$0")/.."
text=$(mktemp)
trap 'rm -f "$text"' EXIT
python3 - "$text" <<'PY'
import sys
chars = []
for hi in range(0xA1, 0xF8):
    for lo in range(0xA1, 0xFF):
        try:
            chars.append(bytes([hi, lo]).decode("gb2312"))
        except UnicodeDecodeError:
            pass
# Given-name characters seen on business cards that GB2312 lacks.
chars += list("堃喆珺玥昇旻瑄璟彧垚犇骉赟祎禕禛旸曌瑀玙珣琇琤琭瑢瑒璘璠瓅頔晞晧暐燚炆烜焜镕浛浥涴淏渼湉澔嬿妘姞婳嫚嬛橦翀翚翾芃")
open(sys.argv[1], "w", encoding="utf-8").write("".join(chars))
PY
pyftsubset "$src" --text-file="$text" \
  --unicodes="U+0020-007E,U+00A0-024F,U+02C6-02DD,U+0370-03FF,U+0400-04FF,U+2000-206F,U+20A0-20CF,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2460-24FF,U+2500-257F,U+25A0-25FF,U+2600-26FF,U+3000-303F,U+3200-32FF,U+FE30-FE4F,U+FF00-FFEF" \
  --layout-features='*' --name-IDs='*' --name-legacy --name-languages='*' \
  --output-file=assets/fonts/NotoSansSC-GB2312.ttf
ls -l "$src" assets/fonts/NotoSansSC-GB2312.ttf
