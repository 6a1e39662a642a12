//! Native A4 PDFs of quotations, contracts, receipts and statements (printpdf 0.12,
//! `text_layout` for font subsetting). Text is drawn with the bundled Noto Sans SC (OFL,
//! `assets/fonts`), cut to GB2312 (every level-1 and level-2 hanzi and its symbols) plus
//! Latin, punctuation and a list of given-name characters (`tools/subset-font.sh`). A
//! character outside it is drawn with a CJK font of this computer
//! ([`fallback_candidates`]: 黑体/微软雅黑/宋体 on Windows, 华文黑体/宋体 on macOS, Noto
//! CJK/文泉驿 on Linux); where the computer has none it becomes a visible □, never a
//! silent gap. pdftotext gives the Chinese back either way. Pure: takes a [`PrintDoc`],
//! returns bytes; no database, no Tauri.
//!
//! Coordinates below are millimetres from the top-left corner; printpdf's origin is the
//! bottom-left, converted in one place ([`Canvas`]).

use crate::money::Dec;
use printpdf::{
    Color, FontId, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Point, Pt, RawImage, Rect, Rgb,
    TextItem, XObjectId, XObjectTransform,
};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// `assets/fonts/NotoSansSC-GB2312.ttf`, deflated by build.rs.
static FONT_PACKED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/font.deflate"));

fn main_font() -> &'static ParsedFont {
    static FONT: OnceLock<ParsedFont> = OnceLock::new();
    FONT.get_or_init(|| {
        let bytes = miniz_oxide::inflate::decompress_to_vec(FONT_PACKED).expect("the bundled font inflates");
        ParsedFont::from_bytes(&bytes, 0, &mut Vec::new()).expect("the bundled font parses")
    })
}

/// Where a CJK font for characters outside the bundled subset is looked for, in order.
/// `CRM_PDF_FALLBACK_FONT` (a .ttf/.otf/.ttc path) comes first, for a company that wants
/// its own.
pub fn fallback_candidates() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = Vec::new();
    if let Some(p) = std::env::var_os("CRM_PDF_FALLBACK_FONT").filter(|p| !p.is_empty()) {
        v.push(p.into());
    }
    #[cfg(windows)]
    {
        let win = std::env::var_os("WINDIR").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(r"C:\Windows"));
        for f in ["simhei.ttf", "msyh.ttc", "simsun.ttc", "Deng.ttf"] {
            v.push(win.join("Fonts").join(f));
        }
    }
    #[cfg(target_os = "macos")]
    {
        for f in [
            "/System/Library/Fonts/STHeiti Medium.ttc",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/System/Library/Fonts/Supplemental/Songti.ttc",
            "/Library/Fonts/Arial Unicode.ttf",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
        ] {
            v.push(f.into());
        }
    }
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        for f in [
            "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
            "/usr/share/fonts/wqy-microhei/wqy-microhei.ttc",
            "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
            "/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
            "/usr/share/fonts/truetype/arphic/uming.ttc",
        ] {
            v.push(f.into());
        }
    }
    v
}

/// A font file parsed for drawing (the first face of a collection), or None when it is
/// missing or unreadable.
pub fn load_font_file(path: &Path) -> Option<ParsedFont> {
    let bytes = std::fs::read(path).ok()?;
    let font = ParsedFont::from_bytes(&bytes, 0, &mut Vec::new())?;
    // A font without a usable cmap would "have" nothing; check a common character.
    font.lookup_glyph_index('中' as u32).map(|_| font)
}

/// The system's fallback font: the first candidate that loads, looked up once, on the
/// first document with a character the bundled font lacks.
fn system_fallback() -> Option<&'static ParsedFont> {
    static FONT: OnceLock<Option<ParsedFont>> = OnceLock::new();
    FONT.get_or_init(|| {
        let found = fallback_candidates().into_iter().find_map(|p| load_font_file(&p).map(|f| (p, f)));
        match &found {
            Some((p, _)) => tracing::info!(path = %p.display(), "PDF fallback font"),
            None => tracing::warn!("no CJK fallback font on this computer; characters outside the bundled font print as □"),
        }
        found.map(|(_, f)| f)
    })
    .as_ref()
}

/// Parse the bundled font ahead of the first document (it takes a moment).
pub fn warm_up() {
    let _ = main_font();
}

/// Which font draws a character.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Face {
    Main,
    Fallback,
}

/// The bundled font and, when the document needs it, a fallback.
#[derive(Clone, Copy)]
struct Fonts {
    main: &'static ParsedFont,
    fallback: Option<&'static ParsedFont>,
}

impl Fonts {
    fn face(&self, c: char) -> Option<Face> {
        if self.main.lookup_glyph_index(c as u32).is_some() {
            Some(Face::Main)
        } else if self.fallback.is_some_and(|f| f.lookup_glyph_index(c as u32).is_some()) {
            Some(Face::Fallback)
        } else {
            None
        }
    }

    fn font(&self, face: Face) -> &'static ParsedFont {
        match face {
            Face::Main => self.main,
            Face::Fallback => self.fallback.unwrap_or(self.main),
        }
    }

    /// Advance of one character at `size` pt, in mm (the exact advances printpdf writes;
    /// no kerning).
    fn char_mm(&self, c: char, size: f32) -> f32 {
        let f = self.font(self.face(c).unwrap_or(Face::Main));
        let upm = f.pdf_font_metrics.units_per_em as f32;
        let units = f.lookup_glyph_index(c as u32).and_then(|g| f.get_or_decode_glyph(g)).map(|g| g.horz_advance as f32).unwrap_or(upm * 0.5);
        units / upm * size / PT_PER_MM
    }

    /// Width of `s` at `size` pt, in mm.
    fn width_mm(&self, s: &str, size: f32) -> f32 {
        s.chars().map(|c| self.char_mm(c, size)).sum()
    }

    /// Characters no font has become a visible placeholder (they would vanish otherwise).
    fn printable(&self, s: &str) -> String {
        s.chars()
            .map(|c| match c {
                '\t' => ' ',
                c if c.is_control() => ' ',
                c if self.face(c).is_some() => c,
                _ => '□',
            })
            .collect()
    }

    /// `s` cut into runs drawn by one font each.
    fn runs(&self, s: &str) -> Vec<(Face, String)> {
        let mut out: Vec<(Face, String)> = Vec::new();
        for c in s.chars() {
            let face = self.face(c).unwrap_or(Face::Main);
            match out.last_mut() {
                Some((f, run)) if *f == face => run.push(c),
                _ => out.push((face, c.to_string())),
            }
        }
        out
    }
}

/// True when every character of `text` is in the bundled font.
pub fn bundled_font_covers(text: &str) -> bool {
    let f = main_font();
    text.chars().all(|c| c.is_control() || f.lookup_glyph_index(c as u32).is_some())
}

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = PAGE_W - 15.0;
const TOP: f32 = 14.0;
const BOTTOM: f32 = PAGE_H - 18.0;
const CONTENT_W: f32 = RIGHT - LEFT;
const PT_PER_MM: f32 = 72.0 / 25.4;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DocKind {
    Quotation,
    Contract,
    /// 收款确认单: receipts of one contract acknowledged.
    Receipt,
    /// 对账单: a customer's contracts, receipts and invoices over a period.
    Statement,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

#[derive(Clone, Debug, Default)]
pub struct Company {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub tax_id: String,
    pub bank_name: String,
    pub bank_account: String,
    /// PNG or JPEG bytes.
    pub logo: Option<Vec<u8>>,
}

#[derive(Clone, Debug)]
pub struct PrintLine {
    pub product: String,
    pub specification: String,
    pub quantity: Dec,
    pub unit: String,
    pub unit_price: Dec,
    /// Percent; None on contracts.
    pub discount: Option<Dec>,
    pub amount: Dec,
}

#[derive(Clone, Debug)]
pub struct PrintDoc {
    pub kind: DocKind,
    pub lang: Lang,
    pub company: Company,
    pub number: String,
    /// Contract name (contracts) or opportunity name (quotations).
    pub subject: String,
    pub customer_name: String,
    pub customer_address: String,
    pub contact_name: String,
    pub contact_phone: String,
    pub salesperson: String,
    /// (label, value) pairs in the header block: dates, validity.
    pub facts: Vec<(String, String)>,
    pub lines: Vec<PrintLine>,
    pub total: Dec,
    pub total_upper: String,
    pub terms: String,
    /// Receipt and statement tables (their columns come from the kind); empty otherwise.
    pub rows: Vec<Vec<String>>,
}

fn t(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Money with thousands separators and exactly two decimals: 1,234,567.80.
pub fn money(v: Dec) -> String {
    let v = v.with_scale(2).inner();
    let neg = v.is_sign_negative() && !v.is_zero();
    let s = v.abs().to_string();
    let (int, frac) = s.split_once('.').unwrap_or((&s, "00"));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{}{out}.{frac}", if neg { "-" } else { "" })
}

/// A quantity without trailing zeros (2, 2.5, 0.125).
pub fn quantity(v: Dec) -> String {
    v.inner().normalize().to_string()
}

/// A unit price: two decimals, more only when they carry value (12.50, 0.0125).
pub fn price(v: Dec) -> String {
    let n = v.inner().normalize();
    if n.scale() <= 2 {
        money(v)
    } else {
        let two = money(Dec(n.trunc_with_scale(2)));
        let extra: String = n.to_string().split('.').nth(1).map(|f| f[2..].to_string()).unwrap_or_default();
        format!("{two}{extra}")
    }
}

/// Greedy line breaking: any CJK character may start a line; runs of ASCII letters and
/// digits stay together unless longer than a line; explicit newlines are kept.
fn wrap_with(fonts: &Fonts, s: &str, size: f32, max_mm: f32) -> Vec<String> {
    let mut out = Vec::new();
    for para in s.split('\n') {
        let para = fonts.printable(para.trim_end());
        let mut tokens: Vec<String> = Vec::new();
        for c in para.chars() {
            let word = c.is_ascii_alphanumeric() || ".,-/@%()".contains(c);
            match tokens.last_mut() {
                Some(last) if word && last.chars().last().is_some_and(|p| p.is_ascii_alphanumeric() || ".,-/@%()".contains(p)) => last.push(c),
                _ => tokens.push(c.to_string()),
            }
        }
        let mut line = String::new();
        for tok in tokens {
            let candidate = format!("{line}{tok}");
            if fonts.width_mm(&candidate, size) <= max_mm {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                out.push(std::mem::take(&mut line));
            }
            let tok = tok.trim_start().to_string();
            if fonts.width_mm(&tok, size) <= max_mm {
                line = tok;
            } else {
                for c in tok.chars() {
                    let cand = format!("{line}{c}");
                    if fonts.width_mm(&cand, size) > max_mm && !line.is_empty() {
                        out.push(std::mem::take(&mut line));
                        line.push(c);
                    } else {
                        line = cand;
                    }
                }
            }
        }
        out.push(line);
    }
    if out.is_empty() {
        out.push(String::new());
    }
    out
}

fn grey(v: f32) -> Color {
    Color::Rgb(Rgb::new(v, v, v, None))
}

fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Center,
    Right,
}

/// One page's drawing operations, in top-left millimetres.
struct Canvas {
    fonts: Fonts,
    ids: FontIds,
    ops: Vec<Op>,
}

/// The document's font resources: the bundled font, and the fallback when used.
#[derive(Clone)]
struct FontIds {
    main: FontId,
    fallback: Option<FontId>,
}

impl Canvas {
    fn new(fonts: Fonts, ids: FontIds) -> Self {
        Canvas { fonts, ids, ops: Vec::new() }
    }

    fn text(&mut self, x: f32, baseline: f32, size: f32, s: &str, color: Color, align: Align) {
        let s = self.fonts.printable(s);
        if s.is_empty() {
            return;
        }
        let w = self.fonts.width_mm(&s, size);
        let mut x = match align {
            Align::Left => x,
            Align::Center => x - w / 2.0,
            Align::Right => x - w,
        };
        // One text section per run of one font, each placed at its measured start.
        for (face, run) in self.fonts.runs(&s) {
            let id = match face {
                Face::Fallback => self.ids.fallback.clone().unwrap_or_else(|| self.ids.main.clone()),
                Face::Main => self.ids.main.clone(),
            };
            let run_w = self.fonts.width_mm(&run, size);
            self.ops.extend([
                Op::StartTextSection,
                Op::SetFillColor { col: color.clone() },
                Op::SetFont { font: PdfFontHandle::External(id), size: Pt(size) },
                Op::SetTextCursor { pos: Point::new(Mm(x), Mm(PAGE_H - baseline)) },
                Op::ShowText { items: vec![TextItem::Text(run)] },
                Op::EndTextSection,
            ]);
            x += run_w;
        }
    }

    fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width_pt: f32, color: Color) {
        self.ops.push(Op::SetOutlineColor { col: color });
        self.ops.push(Op::SetOutlineThickness { pt: Pt(width_pt) });
        self.ops.push(Op::DrawLine {
            line: Line {
                is_closed: false,
                points: vec![
                    LinePoint { p: Point::new(Mm(x1), Mm(PAGE_H - y1)), bezier: false },
                    LinePoint { p: Point::new(Mm(x2), Mm(PAGE_H - y2)), bezier: false },
                ],
            },
        });
    }

    fn rect(&mut self, x: f32, y: f32, w: f32, h: f32, fill: Option<Color>, stroke: Option<(Color, f32)>) {
        if let Some(c) = fill {
            self.ops.push(Op::SetFillColor { col: c });
            let r = Rect { mode: Some(PaintMode::Fill), ..Rect::from_xywh(Mm(x).into(), Mm(PAGE_H - y - h).into(), Mm(w).into(), Mm(h).into()) };
            self.ops.push(Op::DrawPolygon { polygon: r.to_polygon() });
        }
        if let Some((c, wpt)) = stroke {
            self.ops.push(Op::SetOutlineColor { col: c });
            self.ops.push(Op::SetOutlineThickness { pt: Pt(wpt) });
            let r = Rect { mode: Some(PaintMode::Stroke), ..Rect::from_xywh(Mm(x).into(), Mm(PAGE_H - y - h).into(), Mm(w).into(), Mm(h).into()) };
            let mut p = r.to_polygon();
            p.mode = PaintMode::Stroke;
            self.ops.push(Op::DrawPolygon { polygon: p });
        }
    }

    /// Place an image of `px_w`×`px_h` pixels at (x, y), fitted into `box_w`×`box_h` mm.
    #[allow(clippy::too_many_arguments)]
    fn image(&mut self, id: &XObjectId, px_w: f32, px_h: f32, x: f32, y: f32, box_w: f32, box_h: f32) -> f32 {
        let s = (box_w * PT_PER_MM / px_w).min(box_h * PT_PER_MM / px_h);
        let drawn_h = px_h * s / PT_PER_MM;
        self.ops.push(Op::UseXobject {
            id: id.clone(),
            transform: XObjectTransform {
                translate_x: Some(Mm(x).into()),
                translate_y: Some(Mm(PAGE_H - y - drawn_h).into()),
                dpi: Some(72.0),
                scale_x: Some(s),
                scale_y: Some(s),
                ..Default::default()
            },
        });
        px_w * s / PT_PER_MM
    }
}

struct Column {
    title: &'static str,
    width: f32,
    align: Align,
}

fn columns(kind: DocKind, lang: Lang) -> Vec<Column> {
    let c = |zh, en, width, align| Column { title: t(lang, zh, en), width, align };
    match kind {
        DocKind::Receipt => {
            return vec![
                c("序号", "No.", 10.0, Align::Center),
                c("回款单号", "Receipt no.", 38.0, Align::Left),
                c("回款日期", "Date", 24.0, Align::Center),
                c("回款方式", "Method", 24.0, Align::Left),
                c("付款条件", "Term", 28.0, Align::Left),
                c("确认人", "Confirmed by", 26.0, Align::Left),
                c("金额", "Amount", 30.0, Align::Right),
            ]
        }
        DocKind::Statement => {
            return vec![
                c("日期", "Date", 21.0, Align::Center),
                c("类别", "Kind", 15.0, Align::Center),
                c("单号", "Number", 33.0, Align::Left),
                c("摘要", "Description", 41.0, Align::Left),
                c("应收", "Receivable", 23.0, Align::Right),
                c("已收", "Received", 23.0, Align::Right),
                c("余额", "Balance", 24.0, Align::Right),
            ]
        }
        DocKind::Quotation | DocKind::Contract => {}
    }
    let mut v = vec![
        c("序号", "No.", 10.0, Align::Center),
        c("产品名称", "Product", 42.0, Align::Left),
        c("规格型号", "Specification", 34.0, Align::Left),
        c("数量", "Qty", 17.0, Align::Right),
        c("单位", "Unit", 12.0, Align::Center),
        c("单价", "Unit price", 23.0, Align::Right),
        c("折扣", "Discount", 15.0, Align::Right),
        c("金额", "Amount", 27.0, Align::Right),
    ];
    if kind == DocKind::Contract {
        v.remove(6);
        v[1].width += 8.0;
        v[2].width += 7.0;
    }
    v
}

const BODY: f32 = 8.5;
const LINE_H: f32 = 4.2;
const CELL_PAD: f32 = 1.6;

fn cell_texts(kind: DocKind, n: usize, l: &PrintLine) -> Vec<String> {
    let mut v = vec![
        (n + 1).to_string(),
        l.product.clone(),
        l.specification.clone(),
        quantity(l.quantity),
        l.unit.clone(),
        price(l.unit_price),
        l.discount.map(|d| format!("{}%", d.inner().normalize())).unwrap_or_default(),
        money(l.amount),
    ];
    if kind == DocKind::Contract {
        v.remove(6);
    }
    v
}

struct Layout<'a> {
    doc: &'a PrintDoc,
    pages: Vec<Canvas>,
    fonts: Fonts,
    ids: FontIds,
    logo: Option<(XObjectId, f32, f32)>,
    y: f32,
}

impl<'a> Layout<'a> {
    fn cur(&mut self) -> &mut Canvas {
        self.pages.last_mut().expect("a page")
    }

    fn new_page(&mut self) {
        self.pages.push(Canvas::new(self.fonts, self.ids.clone()));
        self.y = TOP;
        self.letterhead();
    }

    /// Company letterhead at the top of every page.
    fn letterhead(&mut self) {
        let c = &self.doc.company;
        let mut x = LEFT;
        let top = self.y;
        if let Some((id, w, h)) = self.logo.clone() {
            let drawn = self.cur().image(&id, w, h, LEFT, top, 28.0, 14.0);
            x = LEFT + drawn + 4.0;
        }
        let name = if c.name.is_empty() { t(self.doc.lang, "(未设置公司名称)", "(company name not set)").to_string() } else { c.name.clone() };
        self.cur().text(x, top + 5.5, 14.0, &name, rgb(0.10, 0.23, 0.45), Align::Left);
        let lang = self.doc.lang;
        let mut info = Vec::new();
        if !c.address.is_empty() {
            info.push(format!("{}{}", t(lang, "地址:", "Address: "), c.address));
        }
        if !c.phone.is_empty() {
            info.push(format!("{}{}", t(lang, "电话:", "Tel: "), c.phone));
        }
        if !c.tax_id.is_empty() {
            info.push(format!("{}{}", t(lang, "税号:", "Tax ID: "), c.tax_id));
        }
        let line1 = info.join("   ");
        let mut bank = Vec::new();
        if !c.bank_name.is_empty() {
            bank.push(format!("{}{}", t(lang, "开户行:", "Bank: "), c.bank_name));
        }
        if !c.bank_account.is_empty() {
            bank.push(format!("{}{}", t(lang, "账号:", "Account: "), c.bank_account));
        }
        let line2 = bank.join("   ");
        let grey_text = grey(0.35);
        self.cur().text(x, top + 10.5, 7.5, &line1, grey_text.clone(), Align::Left);
        self.cur().text(x, top + 14.2, 7.5, &line2, grey_text, Align::Left);
        self.y = top + 17.0;
        let y = self.y;
        self.cur().line(LEFT, y, RIGHT, y, 1.2, rgb(0.10, 0.23, 0.45));
        self.y += 4.0;
    }

    fn ensure(&mut self, h: f32) -> bool {
        if self.y + h > BOTTOM {
            self.new_page();
            true
        } else {
            false
        }
    }

    fn title(&mut self) {
        let lang = self.doc.lang;
        let title = match self.doc.kind {
            DocKind::Quotation => t(lang, "报  价  单", "QUOTATION"),
            DocKind::Contract => t(lang, "销 售 合 同", "SALES CONTRACT"),
            DocKind::Receipt => t(lang, "收 款 确 认 单", "RECEIPT"),
            DocKind::Statement => t(lang, "对  账  单", "STATEMENT OF ACCOUNT"),
        };
        let y = self.y + 7.0;
        self.cur().text(PAGE_W / 2.0, y, 18.0, title, grey(0.1), Align::Center);
        let no = format!("{}{}", t(lang, "编号:", "No.: "), self.doc.number);
        self.cur().text(RIGHT, y + 6.5, 9.0, &no, grey(0.2), Align::Right);
        self.y = y + 10.0;
    }

    /// Customer and document facts in two columns.
    fn parties(&mut self) {
        let d = self.doc;
        let lang = d.lang;
        let (left_title, right_title) = match d.kind {
            DocKind::Quotation => (t(lang, "客户信息", "Customer"), t(lang, "报价信息", "Quotation")),
            DocKind::Contract => (t(lang, "甲方(买方)", "Party A (buyer)"), t(lang, "合同信息", "Contract")),
            DocKind::Receipt => (t(lang, "付款方", "Paid by"), t(lang, "收款信息", "Receipt")),
            DocKind::Statement => (t(lang, "客户", "Customer"), t(lang, "对账信息", "Statement")),
        };
        let mut left = vec![(t(lang, "客户名称", "Customer").to_string(), d.customer_name.clone())];
        if !d.customer_address.is_empty() {
            left.push((t(lang, "地址", "Address").to_string(), d.customer_address.clone()));
        }
        left.push((t(lang, "联系人", "Contact").to_string(), d.contact_name.clone()));
        left.push((t(lang, "联系电话", "Phone").to_string(), d.contact_phone.clone()));
        let mut right: Vec<(String, String)> = Vec::new();
        if !d.subject.is_empty() {
            right.push((
                match d.kind {
                    DocKind::Quotation => t(lang, "项目", "Project"),
                    DocKind::Contract | DocKind::Receipt => t(lang, "合同名称", "Contract"),
                    DocKind::Statement => t(lang, "期间", "Period"),
                }
                .to_string(),
                d.subject.clone(),
            ));
        }
        right.extend(d.facts.iter().cloned());
        right.push((t(lang, "销售代表", "Sales rep").to_string(), d.salesperson.clone()));
        let half = CONTENT_W / 2.0 - 3.0;
        let label_w = if lang == Lang::Zh { 17.0 } else { 22.0 };
        let start = self.y;
        self.cur().rect(LEFT, start, CONTENT_W, 6.0, Some(rgb(0.93, 0.95, 0.98)), None);
        self.cur().text(LEFT + 2.0, start + 4.3, 9.0, left_title, rgb(0.10, 0.23, 0.45), Align::Left);
        self.cur().text(LEFT + half + 8.0, start + 4.3, 9.0, right_title, rgb(0.10, 0.23, 0.45), Align::Left);
        let mut yl = start + 10.5;
        for (k, v) in &left {
            self.cur().text(LEFT + 2.0, yl, BODY, k, grey(0.4), Align::Left);
            for (i, l) in wrap_with(&self.fonts, v, BODY, half - label_w - 2.0).iter().enumerate() {
                self.cur().text(LEFT + 2.0 + label_w, yl + i as f32 * LINE_H, BODY, l, grey(0.1), Align::Left);
                if i > 0 {
                    yl += LINE_H;
                }
            }
            yl += 5.0;
        }
        let mut yr = start + 10.5;
        let rx = LEFT + half + 8.0;
        for (k, v) in &right {
            self.cur().text(rx, yr, BODY, k, grey(0.4), Align::Left);
            for (i, l) in wrap_with(&self.fonts, v, BODY, half - label_w - 8.0).iter().enumerate() {
                self.cur().text(rx + label_w, yr + i as f32 * LINE_H, BODY, l, grey(0.1), Align::Left);
                if i > 0 {
                    yr += LINE_H;
                }
            }
            yr += 5.0;
        }
        self.y = yl.max(yr) + 1.0;
    }

    fn table_header(&mut self, cols: &[Column]) {
        let h = 7.0;
        let y = self.y;
        self.cur().rect(LEFT, y, CONTENT_W, h, Some(rgb(0.10, 0.23, 0.45)), None);
        let mut x = LEFT;
        for c in cols {
            let tx = match c.align {
                Align::Left => x + CELL_PAD,
                Align::Center => x + c.width / 2.0,
                Align::Right => x + c.width - CELL_PAD,
            };
            self.cur().text(tx, y + 4.8, BODY, c.title, grey(1.0), c.align);
            x += c.width;
        }
        self.y += h;
    }

    fn table(&mut self) {
        let d = self.doc;
        let cols = columns(d.kind, d.lang);
        self.ensure(20.0);
        self.table_header(&cols);
        let cells_of: Vec<Vec<String>> = match d.kind {
            DocKind::Receipt | DocKind::Statement => d.rows.clone(),
            DocKind::Quotation | DocKind::Contract => d.lines.iter().enumerate().map(|(n, l)| cell_texts(d.kind, n, l)).collect(),
        };
        for (n, cells) in cells_of.iter().enumerate() {
            let wrapped: Vec<Vec<String>> = cells.iter().zip(&cols).map(|(s, c)| wrap_with(&self.fonts, s, BODY, c.width - 2.0 * CELL_PAD)).collect();
            let lines = wrapped.iter().map(Vec::len).max().unwrap_or(1) as f32;
            let h = lines * LINE_H + 2.6;
            if self.ensure(h) {
                self.table_header(&cols);
            }
            let y = self.y;
            if n % 2 == 1 {
                self.cur().rect(LEFT, y, CONTENT_W, h, Some(rgb(0.97, 0.97, 0.98)), None);
            }
            let mut x = LEFT;
            for (c, text) in cols.iter().zip(&wrapped) {
                let tx = match c.align {
                    Align::Left => x + CELL_PAD,
                    Align::Center => x + c.width / 2.0,
                    Align::Right => x + c.width - CELL_PAD,
                };
                for (i, s) in text.iter().enumerate() {
                    self.cur().text(tx, y + 4.3 + i as f32 * LINE_H, BODY, s, grey(0.1), c.align);
                }
                x += c.width;
            }
            self.y += h;
            let yb = self.y;
            self.cur().line(LEFT, yb, RIGHT, yb, 0.3, grey(0.8));
        }
    }

    fn totals(&mut self) {
        let lang = self.doc.lang;
        self.ensure(16.0);
        let y = self.y + 1.0;
        self.cur().rect(LEFT, y, CONTENT_W, 13.0, Some(rgb(0.98, 0.96, 0.90)), Some((rgb(0.85, 0.75, 0.5), 0.5)));
        let (label_small, label_upper) = match self.doc.kind {
            DocKind::Receipt => (t(lang, "收款金额(小写):", "Amount received (CNY): "), t(lang, "收款金额(大写):", "In Chinese capitals: ")),
            DocKind::Statement => (t(lang, "期末应收余额(小写):", "Balance due (CNY): "), t(lang, "期末应收余额(大写):", "In Chinese capitals: ")),
            DocKind::Quotation | DocKind::Contract => (t(lang, "合计金额(小写):", "Total (CNY): "), t(lang, "合计金额(大写):", "In Chinese capitals: ")),
        };
        let small = format!("{label_small}¥ {}", money(self.doc.total));
        self.cur().text(RIGHT - 3.0, y + 5.2, 10.5, &small, grey(0.05), Align::Right);
        let upper = format!("{label_upper}{}", self.doc.total_upper);
        let lines = wrap_with(&self.fonts, &upper, 9.5, CONTENT_W - 6.0);
        for (i, l) in lines.iter().take(2).enumerate() {
            self.cur().text(LEFT + 3.0, y + 10.5 + i as f32 * 4.5, 9.5, l, grey(0.05), Align::Left);
        }
        self.y = y + 13.0 + if lines.len() > 1 { 4.5 } else { 0.0 } + 4.0;
    }

    fn terms(&mut self) {
        let lang = self.doc.lang;
        let mut text = String::new();
        if self.doc.kind == DocKind::Quotation {
            if let Some((_, v)) = self.doc.facts.iter().find(|(k, _)| k.contains("有效") || k.contains("Valid")) {
                text.push_str(&format!(
                    "{}{v}{}\n",
                    t(lang, "1. 本报价有效期至 ", "1. This quotation is valid until "),
                    t(lang, ",逾期请重新询价。", "; please ask again afterwards.")
                ));
                text.push_str(t(
                    lang,
                    "2. 以上价格为人民币含税价,付款方式及交货期以合同约定为准。\n",
                    "2. Prices are in CNY including tax; payment and delivery follow the contract.\n",
                ));
            }
        }
        if !self.doc.terms.trim().is_empty() {
            text.push_str(self.doc.terms.trim());
        }
        if text.trim().is_empty() {
            return;
        }
        let lines = wrap_with(&self.fonts, text.trim_end(), BODY, CONTENT_W - 4.0);
        self.ensure(10.0);
        let title = match self.doc.kind {
            DocKind::Quotation => t(lang, "说明与条款", "Notes and terms"),
            DocKind::Contract => t(lang, "合同条款", "Terms"),
            DocKind::Receipt | DocKind::Statement => t(lang, "说明", "Notes"),
        };
        let y = self.y;
        self.cur().text(LEFT, y + 4.0, 9.5, title, rgb(0.10, 0.23, 0.45), Align::Left);
        self.y += 6.5;
        for l in lines {
            self.ensure(LINE_H + 0.6);
            let y = self.y;
            self.cur().text(LEFT + 2.0, y + 3.4, BODY, &l, grey(0.15), Align::Left);
            self.y += LINE_H + 0.6;
        }
        self.y += 2.0;
    }

    fn signatures(&mut self) {
        let lang = self.doc.lang;
        let h = 36.0;
        self.ensure(h + 4.0);
        let y = self.y + 3.0;
        let w = CONTENT_W / 2.0 - 4.0;
        let (a, b) = match self.doc.kind {
            DocKind::Quotation => (t(lang, "客户确认(签字/盖章)", "Accepted by the customer (signature / seal)"), t(lang, "报价方(盖章)", "Issued by (seal)")),
            DocKind::Contract => (t(lang, "甲方(盖章)", "Party A (seal)"), t(lang, "乙方(盖章)", "Party B (seal)")),
            DocKind::Receipt => (t(lang, "付款方(签字/盖章)", "Payer (signature / seal)"), t(lang, "收款方(财务专用章)", "Received by (finance seal)")),
            DocKind::Statement => {
                (t(lang, "客户确认(签字/盖章)", "Confirmed by the customer (signature / seal)"), t(lang, "我方(财务专用章)", "Issued by (finance seal)"))
            }
        };
        let company = self.doc.company.name.clone();
        let customer = self.doc.customer_name.clone();
        for (i, (label, who)) in [(a, customer), (b, company)].into_iter().enumerate() {
            let x = LEFT + i as f32 * (w + 8.0);
            self.cur().rect(x, y, w, h, None, Some((grey(0.55), 0.5)));
            self.cur().text(x + 3.0, y + 5.5, 9.0, label, grey(0.1), Align::Left);
            self.cur().text(x + 3.0, y + 11.0, BODY, &who, grey(0.3), Align::Left);
            let signatory = t(lang, "授权代表:", "Authorized signatory:");
            self.cur().text(x + 3.0, y + h - 11.0, BODY, signatory, grey(0.3), Align::Left);
            let line_from = x + 3.0 + self.fonts.width_mm(signatory, BODY) + 2.0;
            self.cur().line(line_from, y + h - 11.0, x + w - 4.0, y + h - 11.0, 0.4, grey(0.6));
            self.cur().text(x + 3.0, y + h - 4.0, BODY, t(lang, "日期:      年    月    日", "Date:"), grey(0.3), Align::Left);
        }
        self.y = y + h + 2.0;
    }

    fn footers(&mut self) {
        let n = self.pages.len();
        let lang = self.doc.lang;
        let number = self.doc.number.clone();
        for (i, p) in self.pages.iter_mut().enumerate() {
            p.line(LEFT, PAGE_H - 12.0, RIGHT, PAGE_H - 12.0, 0.4, grey(0.8));
            let label = match lang {
                Lang::Zh => format!("第 {} 页 / 共 {} 页", i + 1, n),
                Lang::En => format!("Page {} of {}", i + 1, n),
            };
            p.text(PAGE_W / 2.0, PAGE_H - 7.5, 8.0, &label, grey(0.4), Align::Center);
            p.text(RIGHT, PAGE_H - 7.5, 7.5, &number, grey(0.55), Align::Right);
        }
    }
}

/// Every text of the document that is drawn, for choosing its fonts.
fn texts(doc: &PrintDoc) -> Vec<&str> {
    let c = &doc.company;
    let mut v: Vec<&str> = vec![
        &c.name,
        &c.address,
        &c.phone,
        &c.tax_id,
        &c.bank_name,
        &c.bank_account,
        &doc.number,
        &doc.subject,
        &doc.customer_name,
        &doc.customer_address,
        &doc.contact_name,
        &doc.contact_phone,
        &doc.salesperson,
        &doc.total_upper,
        &doc.terms,
    ];
    for (k, val) in &doc.facts {
        v.push(k);
        v.push(val);
    }
    for l in &doc.lines {
        v.push(&l.product);
        v.push(&l.specification);
        v.push(&l.unit);
    }
    for r in &doc.rows {
        v.extend(r.iter().map(String::as_str));
    }
    v
}

/// Render the document to PDF bytes, with the system's fallback font for characters the
/// bundled font lacks.
pub fn render(doc: &PrintDoc) -> Result<Vec<u8>, String> {
    let needs_fallback = !texts(doc).iter().all(|t| bundled_font_covers(t));
    render_with(doc, if needs_fallback { system_fallback() } else { None })
}

/// Render with a given fallback font (None: characters outside the bundled font print
/// as □). Used by [`render`] and by tests that must not depend on the machine's fonts.
pub fn render_with(doc: &PrintDoc, fallback: Option<&'static ParsedFont>) -> Result<Vec<u8>, String> {
    let title = match doc.kind {
        DocKind::Quotation => format!("{} {}", t(doc.lang, "报价单", "Quotation"), doc.number),
        DocKind::Contract => format!("{} {}", t(doc.lang, "合同", "Contract"), doc.number),
        DocKind::Receipt => format!("{} {}", t(doc.lang, "收款确认单", "Receipt"), doc.number),
        DocKind::Statement => format!("{} {}", t(doc.lang, "对账单", "Statement"), doc.number),
    };
    let fonts = Fonts { main: main_font(), fallback };
    let mut pdf = PdfDocument::new(&title);
    let ids = FontIds { main: pdf.add_font(fonts.main), fallback: fallback.map(|f| pdf.add_font(f)) };
    let logo = doc.company.logo.as_ref().and_then(|bytes| {
        let img = RawImage::decode_from_bytes(bytes, &mut Vec::new()).ok()?;
        let (w, h) = (img.width as f32, img.height as f32);
        if w <= 0.0 || h <= 0.0 {
            return None;
        }
        Some((pdf.add_image(&img), w, h))
    });
    let mut l = Layout { doc, pages: Vec::new(), fonts, ids, logo, y: TOP };
    l.new_page();
    l.title();
    l.parties();
    l.table();
    l.totals();
    l.terms();
    l.signatures();
    l.footers();
    let pages: Vec<PdfPage> = l.pages.into_iter().map(|c| PdfPage::new(Mm(PAGE_W), Mm(PAGE_H), c.ops)).collect();
    let mut warnings = Vec::new();
    let bytes = pdf.with_pages(pages).save(&PdfSaveOptions { optimize: true, subset_fonts: true, ..Default::default() }, &mut warnings);
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(money("1234567.8".parse().unwrap()), "1,234,567.80");
        assert_eq!(money("0.05".parse().unwrap()), "0.05");
        assert_eq!(money("999".parse().unwrap()), "999.00");
        assert_eq!(quantity("2.5000".parse().unwrap()), "2.5");
        assert_eq!(quantity("3.0000".parse().unwrap()), "3");
        assert_eq!(price("12.5000".parse().unwrap()), "12.50");
        assert_eq!(price("1234.0125".parse().unwrap()), "1,234.0125");
    }

    #[test]
    fn wraps_cjk_and_keeps_words() {
        let f = Fonts { main: main_font(), fallback: None };
        let lines = wrap_with(&f, "超长的产品名称需要在单元格里自动换行显示 ABC-123456", BODY, 30.0);
        assert!(lines.len() >= 2, "{lines:?}");
        for l in &lines {
            assert!(f.width_mm(l, BODY) <= 30.0 + 0.01, "{l}");
        }
        assert!(lines.iter().any(|l| l.contains("ABC-123456")), "{lines:?}");
        assert!((f.width_mm("汉", 10.0) - 10.0 / PT_PER_MM).abs() < 0.01);
    }
}
