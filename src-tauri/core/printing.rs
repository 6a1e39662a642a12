//! Printing a rendered PDF on paper through CUPS (Linux, and any Unix with `lp`).
//!
//! The PDF goes to the printer as it is: `lp` with A4 media and no scaling
//! (`print-scaling=none`, `fit-to-page=false`), so the printed page equals the PDF. The
//! printer list comes from `lpstat`. Windows and macOS print through the system dialog of
//! the webview showing the PDF (in the desktop shell), not through this module.
//!
//! Pure process calls, no Tauri: the programs' folder is a parameter, so tests use stubs.

use crate::error::{AppError, AppResult};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A CUPS destination.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct Printer {
    pub name: String,
    pub is_default: bool,
    /// False when CUPS reports it disabled (jobs would wait).
    pub enabled: bool,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum Duplex {
    #[default]
    OneSided,
    LongEdge,
    ShortEdge,
}

/// What the print dialog chose.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintOptions {
    /// None: the default printer.
    pub printer: Option<String>,
    pub copies: u32,
    pub duplex: Duplex,
    /// Page ranges such as `1-3,5`; None or empty: all pages.
    pub pages: Option<String>,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions { printer: None, copies: 1, duplex: Duplex::OneSided, pages: None }
    }
}

/// The CUPS command-line programs.
#[derive(Clone, Debug, Default)]
pub struct Cups {
    /// Folder of `lp` and `lpstat`; None: found on PATH.
    pub bin_dir: Option<PathBuf>,
}

fn no_cups() -> AppError {
    AppError::validation(
        "printer",
        "这台电脑没有可用的打印服务(CUPS 的 lp 命令)。请先另存为 PDF,再用其他程序打印;或请 IT 安装 cups",
        "This computer has no print service (CUPS's lp command). Save the PDF and print it from another program, or ask IT to install cups",
    )
}

impl Cups {
    pub fn system() -> Self {
        Cups { bin_dir: None }
    }

    fn program(&self, name: &str) -> Option<PathBuf> {
        match &self.bin_dir {
            Some(d) => Some(d.join(name)).filter(|p| p.is_file()),
            None => std::env::var_os("PATH").and_then(|paths| std::env::split_paths(&paths).map(|d| d.join(name)).find(|p| p.is_file())),
        }
    }

    /// Whether printing through CUPS is possible here.
    pub fn available(&self) -> bool {
        self.program("lp").is_some()
    }

    fn run(&self, name: &str, args: &[&str]) -> AppResult<std::process::Output> {
        let prog = self.program(name).ok_or_else(no_cups)?;
        Command::new(prog).args(args).env("LC_ALL", "C").env("LANG", "C").output().map_err(|e| {
            tracing::warn!(program = name, error = %e, "cannot run");
            no_cups()
        })
    }

    /// The printers, the default first. Empty when CUPS has none configured.
    pub fn printers(&self) -> AppResult<Vec<Printer>> {
        let out = self.run("lpstat", &["-p", "-d"])?;
        Ok(parse_lpstat(&String::from_utf8_lossy(&out.stdout)))
    }

    /// Send `pdf` to a printer; returns CUPS's job id (`Office-42`).
    pub fn print(&self, pdf: &Path, title: &str, o: &PrintOptions) -> AppResult<String> {
        let args = lp_args(pdf, title, o)?;
        let refs: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = self.run("lp", &refs)?;
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        if !out.status.success() {
            let why = stderr.trim().trim_start_matches("lp:").trim().to_string();
            tracing::warn!(%why, "lp refused a job");
            let field =
                if why.contains("does not exist") || why.contains("not accepting") || why.contains("No default destination") { "printer" } else { "print" };
            return Err(AppError::validation(field, format!("打印机没有接受这份文件:{why}"), format!("The printer did not accept the document: {why}")));
        }
        // "request id is Office-42 (1 file(s))"
        let job = stdout.split_whitespace().skip_while(|w| *w != "is").nth(1).unwrap_or("").to_string();
        tracing::info!(job = %job, printer = ?o.printer, copies = o.copies, "sent to the printer");
        Ok(job)
    }
}

/// Parse `LC_ALL=C lpstat -p -d`.
pub fn parse_lpstat(out: &str) -> Vec<Printer> {
    let mut default: Option<String> = None;
    let mut list: Vec<Printer> = Vec::new();
    for line in out.lines() {
        if let Some(rest) = line.strip_prefix("system default destination:") {
            default = Some(rest.trim().to_string());
        } else if let Some(rest) = line.strip_prefix("printer ") {
            let mut words = rest.split_whitespace();
            let Some(name) = words.next() else { continue };
            let enabled = !rest.contains(" disabled");
            list.push(Printer { name: name.to_string(), is_default: false, enabled });
        }
    }
    if let Some(d) = default {
        for p in &mut list {
            p.is_default = p.name == d;
        }
    }
    list.sort_by_key(|p| !p.is_default);
    list
}

/// Validate a page-range text: `1-3,5,8-`, pages from 1.
pub fn check_pages(s: &str) -> AppResult<Option<String>> {
    let s: String = s.chars().filter(|c| !c.is_whitespace()).collect::<String>().replace('，', ",");
    if s.is_empty() {
        return Ok(None);
    }
    let bad = || AppError::validation("pages", "页码范围的写法如 1-3,5", "Write page ranges like 1-3,5");
    for part in s.split(',') {
        let (a, b) = match part.split_once('-') {
            Some((a, b)) => (a, Some(b)),
            None => (part, None),
        };
        let a: u32 = a.parse().map_err(|_| bad())?;
        if a == 0 {
            return Err(bad());
        }
        if let Some(b) = b.filter(|b| !b.is_empty()) {
            let b: u32 = b.parse().map_err(|_| bad())?;
            if b < a {
                return Err(bad());
            }
        }
    }
    Ok(Some(s))
}

/// The `lp` arguments of a job.
pub fn lp_args(pdf: &Path, title: &str, o: &PrintOptions) -> AppResult<Vec<String>> {
    if !(1..=99).contains(&o.copies) {
        return Err(AppError::validation("copies", "份数须在 1 到 99 之间", "Copies must be between 1 and 99"));
    }
    let mut a: Vec<String> = Vec::new();
    if let Some(p) = o.printer.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        if p.starts_with('-') || p.chars().any(|c| c.is_whitespace() || c == '/' || c == '#') {
            return Err(AppError::validation("printer", "打印机名称无效", "Invalid printer name"));
        }
        a.extend(["-d".into(), p.to_string()]);
    }
    a.extend(["-n".into(), o.copies.to_string()]);
    // The page is the PDF's A4 page, printed at 100 %.
    for opt in ["media=A4", "print-scaling=none", "fit-to-page=false"] {
        a.extend(["-o".into(), opt.into()]);
    }
    let sides = match o.duplex {
        Duplex::OneSided => "one-sided",
        Duplex::LongEdge => "two-sided-long-edge",
        Duplex::ShortEdge => "two-sided-short-edge",
    };
    a.extend(["-o".into(), format!("sides={sides}")]);
    if let Some(pages) = o.pages.as_deref().map(check_pages).transpose()?.flatten() {
        a.extend(["-P".into(), pages]);
    }
    let title: String = title.chars().filter(|c| !c.is_control()).take(120).collect();
    a.extend(["-t".into(), title, "--".into(), pdf.display().to_string()]);
    Ok(a)
}

/// How this desktop prints.
#[derive(Clone, Copy, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub enum PrintMethod {
    /// The operating system's print dialog over a window showing the PDF (Windows:
    /// WebView2's print UI; macOS: WKWebView's print operation).
    SystemDialog,
    /// CUPS: the app's print dialog (printer, copies, two-sided, pages), then `lp`.
    Cups,
    /// No way to print here: Save As instead.
    Unavailable,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintSupport {
    pub method: PrintMethod,
    /// CUPS printers, the default first.
    pub printers: Vec<Printer>,
    /// Why printing is unavailable, in the UI language.
    pub reason: Option<String>,
}

/// What a print did.
#[derive(Clone, Debug, Serialize, PartialEq, Eq, ts_rs::TS)]
#[serde(rename_all = "camelCase")]
pub struct PrintOutcome {
    pub method: PrintMethod,
    /// CUPS's job id.
    pub job: Option<String>,
    pub printer: Option<String>,
}
