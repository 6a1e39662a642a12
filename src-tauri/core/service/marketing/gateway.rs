//! SMS gateways: one trait, so a campaign does not care who carries its messages.
//!
//! * [`OutboxGateway`] (the default): records every message it is given in a local file
//!   (one JSON line each) and reports it submitted, so a company without an SMS account
//!   can still run and audit a campaign. It can say afterwards what became of a message
//!   ([`SmsGateway::lookup`]), which is what lets an interrupted campaign resume without
//!   sending anyone twice.
//! * [`ScriptedGateway`] (tests and demos): answers by rules on the number (fail, rate
//!   limit, transport error) and counts what it was asked.
//!
//! A gateway states its batch size, its placeholder style (named `${x}` for Aliyun,
//! positional `{1}` for Tencent) and its rate (requests per second). The campaign runner
//! throttles to that rate and retries with backoff only what the gateway calls transient.

use sea_orm::entity::prelude::async_trait;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::sync::Mutex;

/// How a gateway numbers template variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceholderStyle {
    /// `${name}` with a name → value map (Aliyun).
    Named,
    /// `{1}`, `{2}` … in order of first appearance (Tencent).
    Positional,
}

/// One message to one recipient, already rendered.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub struct SmsRequest {
    /// 11-digit mainland mobile number.
    pub phone: String,
    pub sign_name: String,
    /// The provider's template code (None for the outbox).
    pub template_code: Option<String>,
    /// Variables in order of first appearance.
    pub params: Vec<(String, String)>,
    /// The full text, signature included (for the log and the outbox).
    pub rendered: String,
    /// Our id for it (the detail row), echoed back by providers that support it.
    pub out_id: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
pub enum SmsOutcome {
    Submitted { provider_msg_id: Option<String> },
    Rejected { code: String, message: String, retryable: bool },
}

/// A failure of the whole request (network, 5xx, throttled): retried with backoff when
/// transient.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GatewayError {
    pub code: String,
    pub message: String,
    pub transient: bool,
}

#[async_trait::async_trait]
pub trait SmsGateway: Send + Sync {
    fn kind(&self) -> &'static str;
    /// Recipients per request.
    fn max_batch(&self) -> usize;
    fn placeholder_style(&self) -> PlaceholderStyle;
    /// Requests per second at most (0: unlimited).
    fn per_second(&self) -> u32;
    /// True when one request carries one set of variable values for all its numbers
    /// (Tencent): the runner then groups recipients whose values are equal.
    fn shared_params(&self) -> bool {
        false
    }
    /// One outcome per request, in the same order.
    async fn send(&self, batch: &[SmsRequest]) -> Result<Vec<SmsOutcome>, GatewayError>;
    /// What became of messages handed over before an interruption, if the gateway knows.
    async fn lookup(&self, out_ids: &[String]) -> Vec<Option<SmsOutcome>> {
        vec![None; out_ids.len()]
    }
}

/// A line of the outbox file.
#[derive(Clone, Debug, Serialize, Deserialize)]
struct OutboxLine {
    at: String,
    out_id: String,
    phone: String,
    sign: String,
    template_code: Option<String>,
    params: Vec<(String, String)>,
    text: String,
}

/// Records what would be sent in a JSON-lines file (`sms-outbox.jsonl` in the data folder).
pub struct OutboxGateway {
    path: PathBuf,
    lock: Mutex<()>,
}

impl OutboxGateway {
    pub fn new(path: PathBuf) -> Self {
        OutboxGateway { path, lock: Mutex::new(()) }
    }
    pub fn path(&self) -> &std::path::Path {
        &self.path
    }
    /// Every line written so far (for audits and tests).
    pub fn lines(&self) -> Vec<(String, String, String)> {
        let Ok(f) = std::fs::File::open(&self.path) else { return vec![] };
        std::io::BufReader::new(f)
            .lines()
            .map_while(Result::ok)
            .filter_map(|l| serde_json::from_str::<OutboxLine>(&l).ok())
            .map(|l| (l.out_id, l.phone, l.text))
            .collect()
    }
}

#[async_trait::async_trait]
impl SmsGateway for OutboxGateway {
    fn kind(&self) -> &'static str {
        "outbox"
    }
    fn max_batch(&self) -> usize {
        1000
    }
    fn placeholder_style(&self) -> PlaceholderStyle {
        PlaceholderStyle::Named
    }
    fn per_second(&self) -> u32 {
        0
    }
    async fn send(&self, batch: &[SmsRequest]) -> Result<Vec<SmsOutcome>, GatewayError> {
        let io = |e: std::io::Error| GatewayError { code: "outbox.io".into(), message: e.to_string(), transient: false };
        let _g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut f = std::fs::OpenOptions::new().create(true).append(true).open(&self.path).map_err(io)?;
        let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let mut buf = String::new();
        for r in batch {
            let line = OutboxLine {
                at: at.clone(),
                out_id: r.out_id.clone(),
                phone: r.phone.clone(),
                sign: r.sign_name.clone(),
                template_code: r.template_code.clone(),
                params: r.params.clone(),
                text: r.rendered.clone(),
            };
            buf.push_str(&serde_json::to_string(&line).map_err(|e| GatewayError { code: "outbox.json".into(), message: e.to_string(), transient: false })?);
            buf.push('\n');
        }
        f.write_all(buf.as_bytes()).map_err(io)?;
        f.sync_data().map_err(io)?;
        Ok(batch.iter().map(|r| SmsOutcome::Submitted { provider_msg_id: Some(format!("outbox-{}", r.out_id)) }).collect())
    }
    async fn lookup(&self, out_ids: &[String]) -> Vec<Option<SmsOutcome>> {
        let _g = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let seen: std::collections::HashSet<String> = self.lines().into_iter().map(|l| l.0).collect();
        out_ids
            .iter()
            .map(
                |id| {
                    if seen.contains(id) {
                        Some(SmsOutcome::Submitted { provider_msg_id: Some(format!("outbox-{id}")) })
                    } else {
                        Some(rejected_never_sent())
                    }
                },
            )
            .collect()
    }
}

/// The outbox knows it never wrote a message: it was not sent, and can be sent again.
fn rejected_never_sent() -> SmsOutcome {
    SmsOutcome::Rejected { code: "not_sent".into(), message: "never handed to the gateway".into(), retryable: true }
}

/// A gateway for tests and demos: numbers ending in `0000` are refused as invalid, numbers
/// ending in `9999` hit the rate limit (transient) the first time they are sent, and the
/// first `fail_requests` requests fail as a whole (transient). Counts every message sent.
#[derive(Default)]
pub struct ScriptedGateway {
    pub batch: usize,
    pub fail_requests: Mutex<u32>,
    pub sent: Mutex<HashMap<String, u32>>,
    pub requests: Mutex<u32>,
    limited: Mutex<std::collections::HashSet<String>>,
}

impl ScriptedGateway {
    pub fn new(batch: usize, fail_requests: u32) -> Self {
        ScriptedGateway { batch, fail_requests: Mutex::new(fail_requests), ..Default::default() }
    }
    /// How many times each number was submitted.
    pub fn counts(&self) -> HashMap<String, u32> {
        self.sent.lock().unwrap().clone()
    }
}

#[async_trait::async_trait]
impl SmsGateway for ScriptedGateway {
    fn kind(&self) -> &'static str {
        "scripted"
    }
    fn max_batch(&self) -> usize {
        self.batch.max(1)
    }
    fn placeholder_style(&self) -> PlaceholderStyle {
        PlaceholderStyle::Positional
    }
    fn per_second(&self) -> u32 {
        0
    }
    async fn send(&self, batch: &[SmsRequest]) -> Result<Vec<SmsOutcome>, GatewayError> {
        *self.requests.lock().unwrap() += 1;
        {
            let mut f = self.fail_requests.lock().unwrap();
            if *f > 0 {
                *f -= 1;
                return Err(GatewayError { code: "http.500".into(), message: "server error".into(), transient: true });
            }
        }
        let mut out = vec![];
        for r in batch {
            if r.phone.ends_with("0000") {
                out.push(SmsOutcome::Rejected { code: "isv.MOBILE_NUMBER_ILLEGAL".into(), message: "invalid number".into(), retryable: false });
                continue;
            }
            if r.phone.ends_with("9999") && self.limited.lock().unwrap().insert(r.phone.clone()) {
                out.push(SmsOutcome::Rejected { code: "isv.BUSINESS_LIMIT_CONTROL".into(), message: "rate limited".into(), retryable: true });
                continue;
            }
            *self.sent.lock().unwrap().entry(r.phone.clone()).or_default() += 1;
            out.push(SmsOutcome::Submitted { provider_msg_id: Some(format!("m-{}", r.out_id)) });
        }
        Ok(out)
    }
}
