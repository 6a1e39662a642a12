//! Printing through CUPS: the printer list, the `lp` job (the PDF itself, A4 at 100 %),
//! and every refusal naming its field. Stand-in `lp`/`lpstat` scripts record what they get.

use crate::common::refusal;
use crm_core::error::ErrorCode;
use crm_core::printing::{self, Cups, Duplex, PrintOptions};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

/// A folder with stand-in `lp` and `lpstat`. `lp` copies the file it is given to
/// `<dir>/out/job.pdf`, writes its arguments one per line to `<dir>/out/args`, and
/// answers as CUPS does; for printer `Broken` it fails as CUPS does.
pub fn stub_cups() -> (tempfile::TempDir, Cups) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    let lp = format!(
        r#"#!/bin/sh
out="{out}"
: > "$out/args"
dest=""
prev=""
for a in "$@"; do
  printf '%s\n' "$a" >> "$out/args"
  [ "$prev" = "-d" ] && dest="$a"
  prev="$a"
  last="$a"
done
if [ "$dest" = "Broken" ]; then echo "lp: The printer or class does not exist." >&2; exit 1; fi
cp "$last" "$out/job.pdf"
echo "request id is ${{dest:-Office_A4}}-7 (1 file(s))"
"#,
        out = out.display()
    );
    let lpstat = "#!/bin/sh\necho 'printer Front_Desk is idle.  enabled since Tue 01 Dec 2026 09:00:00 AM CST'\necho 'printer Office_A4 now printing Office_A4-6.  enabled since Tue 01 Dec 2026 09:00:00 AM CST'\necho 'printer Old_Laser disabled since Mon 30 Nov 2026 06:00:00 PM CST -'\necho '\tPaused'\necho 'system default destination: Office_A4'\n";
    for (name, body) in [("lp", lp.as_str()), ("lpstat", lpstat)] {
        let p = dir.path().join(name);
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let cups = Cups { bin_dir: Some(dir.path().to_path_buf()) };
    (dir, cups)
}

pub fn job_args(dir: &Path) -> Vec<String> {
    std::fs::read_to_string(dir.join("out/args")).unwrap().lines().map(str::to_string).collect()
}

#[test]
fn printers_come_from_lpstat_default_first() {
    let (_d, cups) = stub_cups();
    assert!(cups.available());
    let list = cups.printers().unwrap();
    let names: Vec<(&str, bool, bool)> = list.iter().map(|p| (p.name.as_str(), p.is_default, p.enabled)).collect();
    assert_eq!(names, vec![("Office_A4", true, true), ("Front_Desk", false, true), ("Old_Laser", false, false)]);
    assert!(printing::parse_lpstat("no system default destination\n").is_empty());
}

#[test]
fn lp_gets_a4_at_actual_size_and_the_choices() {
    let o = PrintOptions { printer: Some("Front_Desk".into()), copies: 2, duplex: Duplex::LongEdge, pages: Some(" 1-2, 4 ".into()) };
    let a = printing::lp_args(Path::new("/tmp/QT-1.pdf"), "报价单 QT-1", &o).unwrap();
    let joined = a.join(" ");
    assert_eq!(
        joined,
        "-d Front_Desk -n 2 -o media=A4 -o print-scaling=none -o fit-to-page=false -o sides=two-sided-long-edge -P 1-2,4 -t 报价单 QT-1 -- /tmp/QT-1.pdf"
    );
    let plain = printing::lp_args(Path::new("/tmp/x.pdf"), "x", &PrintOptions::default()).unwrap();
    assert!(!plain.contains(&"-d".to_string()), "the default printer: no -d");
    assert!(plain.contains(&"sides=one-sided".to_string()));
}

#[test]
fn bad_choices_are_refused_by_field() {
    let f = Path::new("/tmp/x.pdf");
    let with = |o: PrintOptions| refusal(printing::lp_args(f, "x", &o));
    assert_eq!(with(PrintOptions { copies: 0, ..Default::default() }), (ErrorCode::Validation, Some("copies".into())));
    assert_eq!(with(PrintOptions { copies: 100, ..Default::default() }), (ErrorCode::Validation, Some("copies".into())));
    for pages in ["3-1", "0", "a-b", "1,,2", "-2"] {
        assert_eq!(with(PrintOptions { pages: Some(pages.into()), ..Default::default() }), (ErrorCode::Validation, Some("pages".into())), "{pages}");
    }
    for printer in ["-o evil", "Front Desk", "a/b"] {
        assert_eq!(with(PrintOptions { printer: Some(printer.into()), ..Default::default() }), (ErrorCode::Validation, Some("printer".into())), "{printer}");
    }
    assert_eq!(printing::check_pages("1-3，5").unwrap().as_deref(), Some("1-3,5"));
    assert_eq!(printing::check_pages(" ").unwrap(), None);
}

#[test]
fn a_refused_job_and_a_missing_print_service_say_so() {
    let (_d, cups) = stub_cups();
    let pdf = tempfile::NamedTempFile::new().unwrap();
    let r = cups.print(pdf.path(), "x", &PrintOptions { printer: Some("Broken".into()), ..Default::default() });
    let (code, field) = refusal(r);
    assert_eq!((code, field.as_deref()), (ErrorCode::Validation, Some("printer")));
    let none = Cups { bin_dir: Some(PathBuf::from("/nonexistent/cups")) };
    assert!(!none.available());
    let e = none.print(pdf.path(), "x", &PrintOptions::default()).unwrap_err();
    assert!(e.to_api(crm_core::error::Locale::ZhCn).message.contains("另存为"), "offers Save As");
    assert!(none.printers().is_err());
}
