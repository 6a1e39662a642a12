//! Quotation PDF generation for 10-, 50- and 200-line documents: milliseconds and KB
//! (target: 50 lines in under 50 ms and under 100 KB).
//!
//!     cargo bench --bench pdf
//!
//! Under `cargo test` (no --bench flag) it runs a small smoke version.

use crm_core::money::Dec;
use crm_core::pdf::{self, Company, DocKind, Lang, PrintDoc, PrintLine};
use std::time::Instant;

const NAMES: &[&str] = &[
    "CRM 企业版(年费)",
    "管理员培训",
    "企业级无线 AP",
    "数据迁移服务",
    "移动端销售助手",
    "呼叫中心坐席许可",
    "电子签章模块",
    "服务器硬件维保",
    "定制报表开发",
    "现场实施顾问(人天)",
];
const SPECS: &[&str] = &["50 用户/年,含私有化部署", "2 天集中培训,最多 15 人", "Wi-Fi 6,双频,吸顶安装", "不超过 100 万条记录", "iOS / Android", "按坐席计费"];

fn doc(n: usize) -> PrintDoc {
    let lines: Vec<PrintLine> = (0..n)
        .map(|i| {
            let q = Dec::from((i % 20 + 1) as i64);
            let p: Dec = format!("{}.{:02}", 500 + i * 37, i % 100).parse().unwrap();
            let disc: Dec = if i % 3 == 0 { "95".parse().unwrap() } else { "100".parse().unwrap() };
            let amount = crm_core::service::quotation::line_amount(q, p, disc).unwrap();
            PrintLine {
                product: NAMES[i % NAMES.len()].into(),
                specification: SPECS[i % SPECS.len()].into(),
                quantity: q,
                unit: "套".into(),
                unit_price: p,
                discount: Some(disc),
                amount,
            }
        })
        .collect();
    let total = lines.iter().fold(Dec::ZERO, |a, l| a + l.amount);
    PrintDoc {
        kind: DocKind::Quotation,
        lang: Lang::Zh,
        company: Company {
            name: "星辰科技有限公司".into(),
            address: "杭州市滨江区网商路 699 号".into(),
            phone: "0571-88886666".into(),
            tax_id: "91330108MA2B1C3D4E".into(),
            bank_name: "招商银行杭州分行".into(),
            bank_account: "5719 0000 1234 567".into(),
            logo: None,
        },
        number: "QT202611290001".into(),
        subject: "集团 CRM 升级项目".into(),
        customer_name: "宁波海曙贸易有限公司".into(),
        customer_address: "宁波市海曙区中山西路 88 号".into(),
        contact_name: "王建国".into(),
        contact_phone: "13912345678".into(),
        salesperson: "李销售 13800000006".into(),
        facts: vec![("报价日期".into(), "2026-11-29".into()), ("有效期至".into(), "2026-12-29".into())],
        lines,
        total,
        total_upper: total.to_chinese_upper().unwrap(),
        terms: "付款方式:合同签订后 7 个工作日内支付 60%,验收合格后支付 40%。\n交货期:收到预付款后 15 个工作日内交付。".into(),
        rows: vec![],
    }
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let runs = if bench { 30 } else { 2 };
    let t = Instant::now();
    pdf::warm_up();
    println!("bundled font parsed once at start-up in {:.0} ms", t.elapsed().as_secs_f64() * 1000.0);
    for n in [10usize, 50, 200] {
        let d = doc(n);
        let mut times = Vec::with_capacity(runs);
        let mut size = 0;
        for _ in 0..runs {
            let t = Instant::now();
            let bytes = pdf::render(&d).unwrap();
            times.push(t.elapsed().as_secs_f64() * 1000.0);
            size = bytes.len();
            if let Ok(dir) = std::env::var("PDF_SAMPLE_DIR") {
                std::fs::write(std::path::Path::new(&dir).join(format!("quotation-{n}.pdf")), &bytes).unwrap();
            }
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "quotation PDF with {n:>3} lines: median {:.1} ms, max {:.1} ms, {:.1} KB ({} runs)",
            times[times.len() / 2],
            times[times.len() - 1],
            size as f64 / 1024.0,
            runs
        );
    }
}
