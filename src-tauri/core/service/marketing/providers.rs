//! The SMS providers: Alibaba Cloud (阿里云短信, `SendBatchSms` of Dysmsapi 2017-05-25,
//! signature V3 `ACS3-HMAC-SHA256`) and Tencent Cloud (腾讯云短信, `SendSms` of SMS
//! 2021-01-11, signature `TC3-HMAC-SHA256`).
//!
//! * The signing is ours ([`sign`]) and checked against the providers' documented examples.
//! * The endpoint is configurable (a proxy, a private gateway, or the local stub of the
//!   tests); plain `http://` is accepted only for 127.0.0.1 / localhost.
//! * The secret never sits in the database: the settings hold the key id, the OS keyring
//!   the secret ([`crate::db::secret::set_sms_secret`]).
//! * Each `send` is one HTTP request. A 5xx, a time-out, a refused connection or the
//!   provider's throttling answer is transient (the runner retries with backoff); a
//!   rejected signature, key or template is not.
//! * Neither provider can say afterwards whether a request whose answer was lost went
//!   through, so `lookup` answers "unknown" and the runner never sends such a message again.

use super::gateway::{GatewayError, PlaceholderStyle, SmsGateway, SmsOutcome, SmsRequest};
use sea_orm::entity::prelude::async_trait;
use std::time::Duration;

/// Request signing, pure functions of their inputs (so they can be checked against the
/// providers' published examples).
pub mod sign {
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};

    type HmacSha256 = Hmac<Sha256>;

    pub fn sha256_hex(data: &[u8]) -> String {
        hex::encode(Sha256::digest(data))
    }

    pub fn hmac_sha256(key: &[u8], data: &[u8]) -> Vec<u8> {
        let mut m = HmacSha256::new_from_slice(key).expect("HMAC takes a key of any length");
        m.update(data);
        m.finalize().into_bytes().to_vec()
    }

    /// RFC 3986 percent-encoding as both providers want it: `A–Z a–z 0–9 - _ . ~` stay,
    /// everything else (space as `%20`, `*` as `%2A`) is `%XY` of its UTF-8 bytes.
    pub fn percent_encode(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for b in s.bytes() {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                out.push(b as char);
            } else {
                out.push_str(&format!("%{b:02X}"));
            }
        }
        out
    }

    /// `k=v&…` sorted by name (then value), both percent-encoded.
    pub fn canonical_query(params: &[(String, String)]) -> String {
        let mut p: Vec<(String, String)> = params.iter().map(|(k, v)| (percent_encode(k), percent_encode(v))).collect();
        p.sort();
        p.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("&")
    }

    /// Alibaba Cloud signature V3: the canonical request, the string to sign and the
    /// `Authorization` header of a request. `headers` are the headers to sign (host,
    /// every `x-acs-*`, content-type when sent), names in any case.
    pub struct Acs3<'a> {
        pub method: &'a str,
        pub path: &'a str,
        pub query: &'a [(String, String)],
        pub headers: &'a [(String, String)],
        pub body: &'a [u8],
    }

    impl Acs3<'_> {
        fn sorted_headers(&self) -> Vec<(String, String)> {
            let mut h: Vec<(String, String)> = self.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_string())).collect();
            h.sort();
            h
        }
        pub fn signed_headers(&self) -> String {
            self.sorted_headers().into_iter().map(|(k, _)| k).collect::<Vec<_>>().join(";")
        }
        pub fn canonical_request(&self) -> String {
            let headers: String = self.sorted_headers().into_iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
            format!("{}\n{}\n{}\n{}\n{}\n{}", self.method, self.path, canonical_query(self.query), headers, self.signed_headers(), sha256_hex(self.body))
        }
        pub fn string_to_sign(&self) -> String {
            format!("ACS3-HMAC-SHA256\n{}", sha256_hex(self.canonical_request().as_bytes()))
        }
        pub fn signature(&self, secret: &str) -> String {
            hex::encode(hmac_sha256(secret.as_bytes(), self.string_to_sign().as_bytes()))
        }
        pub fn authorization(&self, key_id: &str, secret: &str) -> String {
            format!("ACS3-HMAC-SHA256 Credential={key_id},SignedHeaders={},Signature={}", self.signed_headers(), self.signature(secret))
        }
    }

    /// Tencent Cloud TC3-HMAC-SHA256 of a POST to `/` with an empty query string.
    pub struct Tc3<'a> {
        pub service: &'a str,
        /// Headers to sign (content-type and host at least), names in any case.
        pub headers: &'a [(String, String)],
        pub payload: &'a [u8],
        /// Unix seconds; the credential scope uses its UTC date.
        pub timestamp: i64,
    }

    impl Tc3<'_> {
        fn sorted_headers(&self) -> Vec<(String, String)> {
            let mut h: Vec<(String, String)> = self.headers.iter().map(|(k, v)| (k.to_ascii_lowercase(), v.trim().to_ascii_lowercase())).collect();
            h.sort();
            h
        }
        pub fn signed_headers(&self) -> String {
            self.sorted_headers().into_iter().map(|(k, _)| k).collect::<Vec<_>>().join(";")
        }
        pub fn date(&self) -> String {
            chrono::DateTime::from_timestamp(self.timestamp, 0).unwrap_or_default().format("%Y-%m-%d").to_string()
        }
        pub fn canonical_request(&self) -> String {
            let headers: String = self.sorted_headers().into_iter().map(|(k, v)| format!("{k}:{v}\n")).collect();
            format!("POST\n/\n\n{}\n{}\n{}", headers, self.signed_headers(), sha256_hex(self.payload))
        }
        pub fn string_to_sign(&self) -> String {
            format!("TC3-HMAC-SHA256\n{}\n{}/{}/tc3_request\n{}", self.timestamp, self.date(), self.service, sha256_hex(self.canonical_request().as_bytes()))
        }
        pub fn signature(&self, secret_key: &str) -> String {
            let k_date = hmac_sha256(format!("TC3{secret_key}").as_bytes(), self.date().as_bytes());
            let k_service = hmac_sha256(&k_date, self.service.as_bytes());
            let k_signing = hmac_sha256(&k_service, b"tc3_request");
            hex::encode(hmac_sha256(&k_signing, self.string_to_sign().as_bytes()))
        }
        pub fn authorization(&self, secret_id: &str, secret_key: &str) -> String {
            format!(
                "TC3-HMAC-SHA256 Credential={secret_id}/{}/{}/tc3_request, SignedHeaders={}, Signature={}",
                self.date(),
                self.service,
                self.signed_headers(),
                self.signature(secret_key)
            )
        }
    }
}

/// What a provider gateway needs: where, who, and how fast.
#[derive(Clone, Debug)]
pub struct ProviderConfig {
    /// `https://host[:port]` (or `http://127.0.0.1:port` for a local stub).
    pub endpoint: String,
    pub key_id: String,
    pub secret: String,
    /// Tencent: the region (ap-guangzhou …). Aliyun: unused.
    pub region: String,
    /// Tencent: the SMS application id (SmsSdkAppId).
    pub app_id: String,
    /// Requests per second at most (0: unlimited).
    pub per_second: u32,
    /// Time allowed for one request.
    pub timeout: Duration,
}

pub const ALIYUN_ENDPOINT: &str = "https://dysmsapi.aliyuncs.com";
pub const TENCENT_ENDPOINT: &str = "https://sms.tencentcloudapi.com";

/// Check an endpoint: an absolute http(s) URL with a host, https unless the host is this
/// computer. Returns it without a trailing slash.
pub fn check_endpoint(s: &str) -> Result<String, (String, String)> {
    let s = s.trim().trim_end_matches('/');
    let url = url::Url::parse(s).map_err(|_| (format!("服务地址 {s} 不是有效的网址"), format!("The endpoint {s} is not a valid URL")))?;
    let host = url.host_str().unwrap_or_default().to_string();
    if host.is_empty() || !url.username().is_empty() || url.password().is_some() {
        return Err((format!("服务地址 {s} 缺少主机名"), format!("The endpoint {s} has no host")));
    }
    let local = host == "127.0.0.1" || host == "localhost" || host == "[::1]";
    match url.scheme() {
        "https" => {}
        "http" if local => {}
        _ => return Err(("服务地址须以 https:// 开头(本机调试除外)".into(), "The endpoint must start with https:// (except on this computer)".into())),
    }
    Ok(s.to_string())
}

fn install_crypto() {
    // Any provider already installed (by the app or another library) is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

fn client(timeout: Duration) -> Result<reqwest::Client, GatewayError> {
    install_crypto();
    reqwest::Client::builder()
        .timeout(timeout)
        .connect_timeout(timeout.min(Duration::from_secs(10)))
        .user_agent(concat!("CRM-Desk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| GatewayError { code: "http.client".into(), message: e.to_string(), transient: false })
}

fn host_of(endpoint: &str) -> String {
    match url::Url::parse(endpoint) {
        Ok(u) => match u.port() {
            Some(p) => format!("{}:{p}", u.host_str().unwrap_or_default()),
            None => u.host_str().unwrap_or_default().to_string(),
        },
        Err(_) => String::new(),
    }
}

fn transport_error(e: reqwest::Error) -> GatewayError {
    GatewayError { code: if e.is_timeout() { "http.timeout".into() } else { "http.transport".into() }, message: e.to_string(), transient: true }
}

/// An HTTP status the provider's JSON did not explain.
fn status_error(status: reqwest::StatusCode, body: &str) -> GatewayError {
    GatewayError {
        code: format!("http.{}", status.as_u16()),
        message: body.chars().take(300).collect(),
        transient: status.is_server_error() || status.as_u16() == 429,
    }
}

fn nonce() -> String {
    use rand::Rng;
    let mut r = rand::thread_rng();
    (0..32).map(|_| format!("{:x}", r.gen_range(0..16u8))).collect()
}

// ------------------------------------------------------------------ Aliyun

/// Alibaba Cloud SMS through `SendBatchSms`: up to 100 numbers a request, each with its
/// own variables (named `${x}`). The provider answers for the request as a whole.
pub struct AliyunGateway {
    cfg: ProviderConfig,
    client: reqwest::Client,
}

impl AliyunGateway {
    pub fn new(cfg: ProviderConfig) -> Result<Self, GatewayError> {
        Ok(AliyunGateway { client: client(cfg.timeout)?, cfg })
    }
}

/// Aliyun codes that mean "later" rather than "no".
fn aliyun_transient(code: &str) -> bool {
    matches!(
        code,
        "isv.BUSINESS_LIMIT_CONTROL" | "Throttling" | "Throttling.User" | "Throttling.Api" | "ServiceUnavailable" | "InternalError" | "isp.SYSTEM_ERROR"
    ) || code.starts_with("Throttling")
}

#[async_trait::async_trait]
impl SmsGateway for AliyunGateway {
    fn kind(&self) -> &'static str {
        "aliyun"
    }
    fn max_batch(&self) -> usize {
        100
    }
    fn placeholder_style(&self) -> PlaceholderStyle {
        PlaceholderStyle::Named
    }
    fn per_second(&self) -> u32 {
        self.cfg.per_second
    }
    async fn send(&self, batch: &[SmsRequest]) -> Result<Vec<SmsOutcome>, GatewayError> {
        if batch.is_empty() {
            return Ok(vec![]);
        }
        let Some(code) = batch[0].template_code.clone().filter(|c| !c.trim().is_empty()) else {
            return Ok(no_template_code(batch));
        };
        let phones: Vec<&str> = batch.iter().map(|r| r.phone.as_str()).collect();
        let signs: Vec<&str> = batch.iter().map(|r| r.sign_name.as_str()).collect();
        let params: Vec<serde_json::Map<String, serde_json::Value>> =
            batch.iter().map(|r| r.params.iter().map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone()))).collect()).collect();
        let query: Vec<(String, String)> = vec![
            ("PhoneNumberJson".into(), json(&phones)),
            ("SignNameJson".into(), json(&signs)),
            ("TemplateCode".into(), code.trim().to_string()),
            ("TemplateParamJson".into(), json(&params)),
        ];
        let host = host_of(&self.cfg.endpoint);
        let date = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
        let headers: Vec<(String, String)> = vec![
            ("host".into(), host),
            ("x-acs-action".into(), "SendBatchSms".into()),
            ("x-acs-content-sha256".into(), sign::sha256_hex(b"")),
            ("x-acs-date".into(), date),
            ("x-acs-signature-nonce".into(), nonce()),
            ("x-acs-version".into(), "2017-05-25".into()),
        ];
        let req = sign::Acs3 { method: "POST", path: "/", query: &query, headers: &headers, body: b"" };
        let auth = req.authorization(&self.cfg.key_id, &self.cfg.secret);
        let url = format!("{}/?{}", self.cfg.endpoint, sign::canonical_query(&query));
        let mut http = self.client.post(url).header("Authorization", auth).header("Accept", "application/json");
        for (k, v) in headers.iter().filter(|(k, _)| k != "host") {
            http = http.header(k.as_str(), v.as_str());
        }
        let resp = http.send().await.map_err(transport_error)?;
        let status = resp.status();
        let body = resp.text().await.map_err(transport_error)?;
        let v: serde_json::Value = match serde_json::from_str(&body) {
            Ok(v) => v,
            Err(_) => return Err(status_error(status, &body)),
        };
        let code = v.get("Code").and_then(|c| c.as_str()).unwrap_or_default().to_string();
        let message = v.get("Message").and_then(|c| c.as_str()).unwrap_or_default().to_string();
        if code == "OK" && status.is_success() {
            let biz = v.get("BizId").and_then(|c| c.as_str()).map(str::to_string);
            return Ok(batch.iter().map(|_| SmsOutcome::Submitted { provider_msg_id: biz.clone() }).collect());
        }
        if code.is_empty() {
            return Err(status_error(status, &body));
        }
        if aliyun_transient(&code) || status.is_server_error() {
            return Err(GatewayError { code, message, transient: true });
        }
        Ok(batch.iter().map(|_| SmsOutcome::Rejected { code: code.clone(), message: message.clone(), retryable: false }).collect())
    }
}

fn json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

fn no_template_code(batch: &[SmsRequest]) -> Vec<SmsOutcome> {
    batch
        .iter()
        .map(|_| SmsOutcome::Rejected {
            code: "template.no_code".into(),
            message: "模板没有填写服务商模板编号 (No provider template code)".into(),
            retryable: false,
        })
        .collect()
}

// ------------------------------------------------------------------ Tencent

/// Tencent Cloud SMS through `SendSms`: up to 200 numbers a request sharing one set of
/// variables (positional `{1}`), each number answered on its own.
pub struct TencentGateway {
    cfg: ProviderConfig,
    client: reqwest::Client,
}

impl TencentGateway {
    pub fn new(cfg: ProviderConfig) -> Result<Self, GatewayError> {
        Ok(TencentGateway { client: client(cfg.timeout)?, cfg })
    }
}

/// Tencent codes that mean "later" rather than "no" (a whole request).
fn tencent_transient(code: &str) -> bool {
    code == "RequestLimitExceeded"
        || code.starts_with("RequestLimitExceeded.")
        || code == "InternalError"
        || code.starts_with("InternalError.")
        || code == "ResourceUnavailable"
        || code == "FailedOperation.ServiceUnavailable"
}

/// Tencent codes of one number that may go through a little later.
fn tencent_number_transient(code: &str) -> bool {
    matches!(
        code,
        "LimitExceeded.PhoneNumberThirtySecondLimit" | "LimitExceeded.PhoneNumberOneHourLimit" | "InternalError.Timeout" | "InternalError.SendAndRecvFail"
    )
}

#[async_trait::async_trait]
impl SmsGateway for TencentGateway {
    fn kind(&self) -> &'static str {
        "tencent"
    }
    fn max_batch(&self) -> usize {
        200
    }
    fn placeholder_style(&self) -> PlaceholderStyle {
        PlaceholderStyle::Positional
    }
    fn per_second(&self) -> u32 {
        self.cfg.per_second
    }
    fn shared_params(&self) -> bool {
        true
    }
    async fn send(&self, batch: &[SmsRequest]) -> Result<Vec<SmsOutcome>, GatewayError> {
        if batch.is_empty() {
            return Ok(vec![]);
        }
        let Some(code) = batch[0].template_code.clone().filter(|c| !c.trim().is_empty()) else {
            return Ok(no_template_code(batch));
        };
        let phones: Vec<String> = batch.iter().map(|r| format!("+86{}", r.phone)).collect();
        let values: Vec<&str> = batch[0].params.iter().map(|(_, v)| v.as_str()).collect();
        let payload = serde_json::json!({
            "PhoneNumberSet": phones,
            "SmsSdkAppId": self.cfg.app_id,
            "SignName": batch[0].sign_name,
            "TemplateId": code.trim(),
            "TemplateParamSet": values,
            "SessionContext": batch[0].out_id,
        })
        .to_string();
        let host = host_of(&self.cfg.endpoint);
        let timestamp = chrono::Utc::now().timestamp();
        let content_type = "application/json; charset=utf-8";
        let signed: Vec<(String, String)> = vec![("content-type".into(), content_type.into()), ("host".into(), host)];
        let tc3 = sign::Tc3 { service: "sms", headers: &signed, payload: payload.as_bytes(), timestamp };
        let auth = tc3.authorization(&self.cfg.key_id, &self.cfg.secret);
        let resp = self
            .client
            .post(format!("{}/", self.cfg.endpoint))
            .header("Authorization", auth)
            .header("Content-Type", content_type)
            .header("X-TC-Action", "SendSms")
            .header("X-TC-Version", "2021-01-11")
            .header("X-TC-Timestamp", timestamp.to_string())
            .header("X-TC-Region", self.cfg.region.as_str())
            .body(payload)
            .send()
            .await
            .map_err(transport_error)?;
        let status = resp.status();
        let body = resp.text().await.map_err(transport_error)?;
        let v: serde_json::Value = match serde_json::from_str(&body) {
            Ok(v) => v,
            Err(_) => return Err(status_error(status, &body)),
        };
        let Some(r) = v.get("Response") else { return Err(status_error(status, &body)) };
        if let Some(e) = r.get("Error") {
            let code = e.get("Code").and_then(|c| c.as_str()).unwrap_or("UnknownError").to_string();
            let message = e.get("Message").and_then(|c| c.as_str()).unwrap_or_default().to_string();
            if tencent_transient(&code) || status.is_server_error() {
                return Err(GatewayError { code, message, transient: true });
            }
            return Ok(batch.iter().map(|_| SmsOutcome::Rejected { code: code.clone(), message: message.clone(), retryable: false }).collect());
        }
        if !status.is_success() {
            return Err(status_error(status, &body));
        }
        let set = r.get("SendStatusSet").and_then(|s| s.as_array()).cloned().unwrap_or_default();
        Ok(batch
            .iter()
            .zip(phones.iter())
            .map(|(_, p)| {
                let s = set.iter().find(|s| s.get("PhoneNumber").and_then(|x| x.as_str()) == Some(p.as_str()));
                match s {
                    None => SmsOutcome::Rejected { code: "no_answer".into(), message: "服务商未返回该号码的结果".into(), retryable: false },
                    Some(s) => {
                        let code = s.get("Code").and_then(|c| c.as_str()).unwrap_or_default();
                        if code.eq_ignore_ascii_case("ok") {
                            SmsOutcome::Submitted { provider_msg_id: s.get("SerialNo").and_then(|c| c.as_str()).map(str::to_string) }
                        } else {
                            SmsOutcome::Rejected {
                                code: code.to_string(),
                                message: s.get("Message").and_then(|c| c.as_str()).unwrap_or_default().to_string(),
                                retryable: tencent_number_transient(code),
                            }
                        }
                    }
                }
            })
            .collect())
    }
}

// ------------------------------------------------------------------ choosing one

/// The gateway the settings name: the outbox (a file at `outbox`), or a provider with the
/// secret this desktop keeps in its OS keyring.
pub fn from_settings(s: &super::SmsGatewaySettings, outbox: std::path::PathBuf) -> crate::error::AppResult<Box<dyn SmsGateway>> {
    use crate::error::AppError;
    if !s.is_provider() {
        return Ok(Box::new(super::gateway::OutboxGateway::new(outbox)));
    }
    let secret = crate::db::secret::get_sms_secret(&s.kind, &s.key_id)?.filter(|x| !x.is_empty()).ok_or_else(|| {
        AppError::validation(
            "smsGateway.secret",
            "这台电脑还没有保存短信通道的密钥:请在 营销设置 → 短信通道 中保存",
            "This computer has no secret for the SMS gateway yet: save it in Marketing settings → SMS gateway",
        )
    })?;
    let cfg = ProviderConfig {
        endpoint: s.effective_endpoint(),
        key_id: s.key_id.clone(),
        secret,
        region: s.region.clone(),
        app_id: s.app_id.clone(),
        per_second: s.per_second,
        timeout: Duration::from_secs(15),
    };
    let gw: Box<dyn SmsGateway> = match s.kind.as_str() {
        super::GATEWAY_ALIYUN => Box::new(AliyunGateway::new(cfg).map_err(gateway_error)?),
        _ => Box::new(TencentGateway::new(cfg).map_err(gateway_error)?),
    };
    Ok(gw)
}

fn gateway_error(e: GatewayError) -> crate::error::AppError {
    crate::error::AppError::validation("smsGateway", format!("短信通道无法初始化:{}", e.message), format!("The SMS gateway cannot start: {}", e.message))
}
