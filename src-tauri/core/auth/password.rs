//! argon2id password hashes and a strength check.

use crate::error::{AppError, AppResult};
use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

fn hasher() -> Argon2<'static> {
    // OWASP's recommended argon2id setting: m=19 MiB, t=2, p=1.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 params");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password(password: &str) -> AppResult<String> {
    let salt = SaltString::generate(&mut OsRng);
    hasher().hash_password(password.as_bytes(), &salt).map(|h| h.to_string()).map_err(|e| AppError::internal(format!("hashing failed: {e}")))
}

/// Constant-time verification. An empty or malformed hash never matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if hash.is_empty() {
        return false;
    }
    match PasswordHash::new(hash) {
        Ok(parsed) => hasher().verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

/// At least 8 characters, mixing at least two of: letters, digits, other symbols;
/// and not the username.
pub fn check_strength(field: &str, password: &str, username: &str) -> AppResult<()> {
    let n = password.chars().count();
    if n < 8 {
        return Err(AppError::validation(field, "密码至少需要 8 个字符", "The password needs at least 8 characters"));
    }
    if n > 128 {
        return Err(AppError::validation(field, "密码不能超过 128 个字符", "The password may have at most 128 characters"));
    }
    let letters = password.chars().any(|c| c.is_alphabetic());
    let digits = password.chars().any(|c| c.is_ascii_digit());
    let others = password.chars().any(|c| !c.is_alphanumeric());
    if [letters, digits, others].iter().filter(|b| **b).count() < 2 {
        return Err(AppError::validation(field, "密码需包含字母、数字、符号中的至少两类", "The password must mix at least two of letters, digits and symbols"));
    }
    if !username.is_empty() && password.eq_ignore_ascii_case(username) {
        return Err(AppError::validation(field, "密码不能与登录账号相同", "The password must differ from the username"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_and_verify() {
        let h = hash_password("s3cret-pass").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("s3cret-pass", &h));
        assert!(!verify_password("s3cret-pasS", &h));
        assert!(!verify_password("", ""));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn strength() {
        assert!(check_strength("password", "short1", "u").is_err());
        assert!(check_strength("password", "abcdefgh", "u").is_err());
        assert!(check_strength("password", "12345678", "u").is_err());
        assert!(check_strength("password", "abcd1234", "u").is_ok());
        assert!(check_strength("password", "Admin123", "admin123").is_err());
    }
}
