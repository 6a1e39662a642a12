//! The bundled PDF font is a subset (GB2312 and more); what it lacks is drawn with a
//! fallback font or a visible □, never dropped.

use crate::sales::pdftotext;
use crm_core::money::Dec;
use crm_core::pdf::{self, Company, DocKind, Lang, PrintDoc, PrintLine};
use std::path::Path;

fn doc(customer: &str, product: &str) -> PrintDoc {
    PrintDoc {
        kind: DocKind::Quotation,
        lang: Lang::Zh,
        company: Company { name: "杭州云帆科技有限公司".into(), address: "杭州市西湖区文三路 1 号".into(), ..Default::default() },
        number: "QT20261201-0001".into(),
        subject: "CRM 系统采购".into(),
        customer_name: customer.into(),
        customer_address: "上海市".into(),
        contact_name: "王堃".into(),
        contact_phone: "13800000000".into(),
        salesperson: "张三".into(),
        facts: vec![("报价日期".into(), "2026-12-01".into())],
        lines: vec![PrintLine {
            product: product.into(),
            specification: "标准版".into(),
            quantity: Dec::new("2".parse().unwrap()),
            unit: "套".into(),
            unit_price: Dec::new("100.00".parse().unwrap()),
            discount: Some(Dec::new("100".parse().unwrap())),
            amount: Dec::new("200.00".parse().unwrap()),
        }],
        total: Dec::new("200.00".parse().unwrap()),
        total_upper: "贰佰元整".into(),
        terms: String::new(),
        rows: vec![],
    }
}

/// The 6,763 hanzi of GB2312 levels 1 (rows 16-55, row 55 has 89) and 2 (rows 56-87).
fn gb2312_hanzi() -> String {
    let mut out = String::new();
    for hi in 0xB0u8..=0xF7 {
        let last = if hi == 0xD7 { 0xF9 } else { 0xFE };
        for lo in 0xA1u8..=last {
            let pair = [hi, lo];
            let (s, _, bad) = encoding_rs::GBK.decode(&pair);
            assert!(!bad, "{hi:02X}{lo:02X}");
            out.push_str(&s);
        }
    }
    out
}

#[test]
fn bundled_font_keeps_every_gb2312_hanzi_and_the_common_symbols() {
    let all = gb2312_hanzi();
    assert_eq!(all.chars().count(), 6763);
    let missing: String = all.chars().filter(|c| !pdf::bundled_font_covers(&c.to_string())).collect();
    assert!(missing.is_empty(), "missing from the bundled font: {missing}");
    for s in ["ABCxyz0123456789", "¥€$£%‰℃№", "，。、；：？！“”‘’（）【】《》…—·", "①②③ⅠⅡⅢ", "□■○●△▲", "堃喆珺玥昇旻"]
    {
        assert!(pdf::bundled_font_covers(s), "{s}");
    }
    // Extension A and rarer characters are not in it: they take the fallback path.
    assert!(!pdf::bundled_font_covers("䶮"));
}

#[test]
fn characters_outside_the_bundled_font_use_the_fallback_font() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fonts/fallback-test.ttf");
    let fallback: &'static _ = Box::leak(Box::new(pdf::load_font_file(&fixture).expect("the fixture font loads")));
    let d = doc("刘䶮商贸有限公司", "龑牌服务器");
    let bytes = pdf::render_with(&d, Some(fallback)).unwrap();
    let text: String = pdftotext(&bytes).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("刘䶮商贸有限公司"), "{text}");
    assert!(text.contains("龑牌服务器"), "{text}");
    assert!(text.contains("王堃"), "a name character of the bundled list: {text}");
    assert!(!text.contains('□'), "{text}");
    // Both fonts are embedded as subsets.
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, &bytes).unwrap();
    let out = std::process::Command::new("pdffonts").arg(&f).output().unwrap();
    let fonts = String::from_utf8_lossy(&out.stdout);
    let embedded: Vec<&str> = fonts.lines().filter(|l| l.contains('+') && l.contains(" yes ")).collect();
    assert_eq!(embedded.len(), 2, "{fonts}");
    assert!(bytes.len() < 120_000, "{} bytes", bytes.len());
}

#[test]
fn without_a_fallback_font_a_missing_character_is_a_visible_box() {
    let d = doc("刘䶮商贸有限公司", "服务器");
    let bytes = pdf::render_with(&d, None).unwrap();
    let text: String = pdftotext(&bytes).chars().filter(|c| !c.is_whitespace()).collect();
    assert!(text.contains("刘□商贸有限公司"), "{text}");
    assert!(text.contains("服务器"), "{text}");
}

#[test]
fn a_document_inside_the_bundled_font_embeds_one_font() {
    let bytes = pdf::render(&doc("杭州云帆科技有限公司", "服务器")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("x.pdf");
    std::fs::write(&f, &bytes).unwrap();
    let out = std::process::Command::new("pdffonts").arg(&f).output().unwrap();
    let fonts = String::from_utf8_lossy(&out.stdout);
    assert_eq!(fonts.lines().filter(|l| l.contains(" yes ")).count(), 1, "{fonts}");
}

#[test]
fn a_missing_or_unreadable_fallback_file_is_skipped() {
    assert!(pdf::load_font_file(Path::new("/nonexistent/font.ttc")).is_none());
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.ttf");
    std::fs::write(&junk, b"not a font").unwrap();
    assert!(pdf::load_font_file(&junk).is_none());
    assert!(!pdf::fallback_candidates().is_empty());
}
