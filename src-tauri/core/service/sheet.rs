//! Reading the spreadsheets people bring: xlsx / xls / ods through calamine, CSV through
//! the `csv` crate with the encoding detected (a BOM, then strict UTF-8, then GB18030,
//! because Excel in China saves "CSV(逗号分隔)" as GBK without a BOM).
//!
//! Cells keep what the file said: text stays text, a number keeps the shortest decimal
//! text that reads back to the same binary value (so 1234.56 stays "1234.56", never
//! 1234.5599999), dates become dates. Interpreting a cell (money, phone, a choice) is
//! the importer's job, which knows the column.

use crate::error::{AppError, AppResult};
use chrono::{NaiveDate, NaiveDateTime};

/// Most rows one file may hold (stated in the UI).
pub const MAX_ROWS: usize = 50_000;
/// Largest file accepted (bytes).
pub const MAX_BYTES: usize = 64 * 1024 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// A numeric cell: its shortest round-trip decimal text ("13800138000", "1234.56").
    Number(String),
    /// A cell the spreadsheet marked as a date (or date-time).
    Date(NaiveDateTime),
}

impl Cell {
    pub fn is_empty(&self) -> bool {
        match self {
            Cell::Empty => true,
            Cell::Text(t) => clean_text(t).is_empty(),
            _ => false,
        }
    }
    /// The cell as the user would read it.
    pub fn display(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Number(n) => n.clone(),
            Cell::Date(d) => {
                if d.time() == chrono::NaiveTime::MIN {
                    d.format("%Y-%m-%d").to_string()
                } else {
                    d.format("%Y-%m-%d %H:%M:%S").to_string()
                }
            }
        }
    }
}

/// Trim spaces (including the full-width U+3000) and turn full-width digits and
/// letters into ASCII.
pub fn clean_text(s: &str) -> String {
    s.trim_matches(|c: char| c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}')
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' if c.is_alphanumeric() => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// One data row: its row number in the file (1-based, as Excel shows it) and its cells.
#[derive(Clone, Debug, PartialEq)]
pub struct SheetRow {
    pub line: usize,
    pub cells: Vec<Cell>,
}

impl SheetRow {
    pub fn get(&self, col: usize) -> &Cell {
        self.cells.get(col).unwrap_or(&Cell::Empty)
    }
}

/// The first sheet of a file: the header row and the data rows below it (blank rows dropped).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sheet {
    pub headers: Vec<String>,
    pub rows: Vec<SheetRow>,
}

fn err(field: &str, zh: impl Into<String>, en: impl Into<String>) -> AppError {
    AppError::validation(field, zh, en)
}

/// Read a file by its name's extension. The header row is the first non-blank row.
pub fn read(file_name: &str, bytes: &[u8]) -> AppResult<Sheet> {
    if bytes.len() > MAX_BYTES {
        return Err(err("file", format!("文件过大(超过 {} MB)", MAX_BYTES >> 20), format!("The file is too large (over {} MB)", MAX_BYTES >> 20)));
    }
    let ext = crate::files::extension(file_name).unwrap_or_default();
    let grid = match ext.as_str() {
        "csv" | "txt" => read_csv(bytes)?,
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(bytes)?,
        _ => {
            return Err(err("file", "只支持 xlsx、xls 和 csv 文件", "Only xlsx, xls and csv files can be imported"));
        }
    };
    let mut it = grid.into_iter().enumerate().filter(|(_, r)| r.iter().any(|c| !c.is_empty()));
    let Some((_, header)) = it.next() else {
        return Err(err("file", "导入数据为空", "The file holds no data"));
    };
    let headers: Vec<String> = header.iter().map(|c| clean_text(&c.display())).collect();
    let mut rows = Vec::new();
    for (i, cells) in it {
        if rows.len() >= MAX_ROWS {
            return Err(err(
                "file",
                format!("一次最多导入 {MAX_ROWS} 行,请拆分文件后分批导入"),
                format!("At most {MAX_ROWS} rows can be imported at once; split the file"),
            ));
        }
        rows.push(SheetRow { line: i + 1, cells });
    }
    Ok(Sheet { headers, rows })
}

fn read_workbook(bytes: &[u8]) -> AppResult<Vec<Vec<Cell>>> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|e| err("file", format!("无法读取该表格文件:{e}"), format!("The spreadsheet cannot be read: {e}")))?;
    let range = wb
        .worksheet_range_at(0)
        .ok_or_else(|| err("file", "文件中没有工作表", "The file has no worksheet"))?
        .map_err(|e| err("file", format!("无法读取第一个工作表:{e}"), format!("The first worksheet cannot be read: {e}")))?;
    // Rows above the used range's start are empty in the file: keep Excel's row numbers.
    let (top, left) = range.start().map(|(r, c)| (r as usize, c as usize)).unwrap_or((0, 0));
    let mut out: Vec<Vec<Cell>> = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![Cell::Empty; left];
        for d in row {
            cells.push(match d {
                Data::Empty => Cell::Empty,
                Data::String(s) => Cell::Text(s.clone()),
                Data::Int(i) => Cell::Number(i.to_string()),
                Data::Float(f) => Cell::Number(number_text(*f)),
                Data::Bool(b) => Cell::Text(if *b { "是".into() } else { "否".into() }),
                Data::DateTime(dt) => match dt.as_datetime() {
                    Some(t) if dt.is_datetime() => Cell::Date(t),
                    _ => Cell::Number(number_text(dt.as_f64())),
                },
                Data::DateTimeIso(s) => parse_datetime(s).map(Cell::Date).unwrap_or_else(|| Cell::Text(s.clone())),
                Data::DurationIso(s) => Cell::Text(s.clone()),
                Data::Error(e) => Cell::Text(format!("#{e:?}")),
            });
        }
        out.push(cells);
    }
    Ok(out)
}

/// The shortest decimal text that reads back to `f` (Rust's `Display` never uses an
/// exponent): 13800138000.0 → "13800138000", 0.1 → "0.1".
pub fn number_text(f: f64) -> String {
    if f.is_finite() && f == f.trunc() && f.abs() < 1e17 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// Decode CSV bytes: a BOM decides; else strict UTF-8; else GB18030 (a superset of GBK).
pub fn decode_text(bytes: &[u8]) -> AppResult<String> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(err("file", "文件编码无法识别", "The file's text encoding is not recognised"));
        }
        return Ok(text.into_owned());
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(err("file", "文件编码无法识别(支持 UTF-8 与 GBK/GB18030)", "The file's text encoding is not recognised (UTF-8 and GBK/GB18030 are)"));
    }
    Ok(text.into_owned())
}

fn read_csv(bytes: &[u8]) -> AppResult<Vec<Vec<Cell>>> {
    let text = decode_text(bytes)?;
    // Excel in some locales writes ';' separated files: pick the separator the header uses most.
    let first = text.lines().next().unwrap_or("");
    let delim = [b',', b';', b'\t'].into_iter().max_by_key(|d| first.matches(*d as char).count()).unwrap_or(b',');
    let mut rdr = csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(delim).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (i, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| err("file", format!("第 {} 行无法解析:{e}", i + 1), format!("Line {} cannot be parsed: {e}", i + 1)))?;
        out.push(rec.iter().map(|s| if s.is_empty() { Cell::Empty } else { Cell::Text(s.to_string()) }).collect());
        if out.len() > MAX_ROWS + 1 {
            break;
        }
    }
    Ok(out)
}

/// A date written as text in a common form: 2024-03-05, 2024/3/5, 2024.3.5, 2024年3月5日,
/// 20240305, optionally followed by a time.
pub fn parse_datetime(s: &str) -> Option<NaiveDateTime> {
    let s = clean_text(s).replace(['年', '月', '/', '.'], "-").replace(['日', 'T'], " ");
    let s = s.trim();
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S%.f"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    for f in ["%Y-%m-%d", "%Y%m%d"] {
        if let Ok(d) = NaiveDate::parse_from_str(s, f) {
            return d.and_hms_opt(0, 0, 0);
        }
    }
    None
}

/// An Excel serial day number (1900 system) as a date-time.
pub fn from_serial(serial: f64) -> Option<NaiveDateTime> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?.and_hms_opt(0, 0, 0)?;
    let ms = (serial * 86_400_000.0).round() as i64;
    base.checked_add_signed(chrono::Duration::milliseconds(ms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_csv_is_decoded() {
        let (bytes, _, _) = encoding_rs::GBK.encode("客户名称,手机\n上海某某科技,13800138000\n");
        let s = read("a.csv", &bytes).unwrap();
        assert_eq!(s.headers, vec!["客户名称", "手机"]);
        assert_eq!(s.rows[0].cells[0], Cell::Text("上海某某科技".into()));
        assert_eq!(s.rows[0].line, 2);
    }

    #[test]
    fn utf8_bom_and_full_width() {
        let mut b = vec![0xef, 0xbb, 0xbf];
        b.extend_from_slice("名称\n\u{3000}ＡＢＣ１２３\u{3000}\n".as_bytes());
        let s = read("a.csv", &b).unwrap();
        assert_eq!(s.headers, vec!["名称"]);
        assert_eq!(clean_text(&s.rows[0].cells[0].display()), "ABC123");
    }

    #[test]
    fn dates_and_numbers() {
        assert_eq!(parse_datetime("2024年3月5日").unwrap().date(), NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
        assert_eq!(parse_datetime("2024/3/5 14:30").unwrap().format("%H:%M").to_string(), "14:30");
        assert_eq!(from_serial(45356.0).unwrap().date(), NaiveDate::from_ymd_opt(2024, 3, 5).unwrap());
        assert_eq!(number_text(13800138000.0), "13800138000");
        assert_eq!(number_text(1234.56), "1234.56");
        assert_eq!(number_text(0.1 + 0.2), "0.30000000000000004");
    }
}
