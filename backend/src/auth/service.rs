//! Login, refresh, logout, password change and the per-request session check.

use chrono::Duration;

use super::model::{ChangePassword, Me, OfficeRef, TokenResponse, UpdateMe};
use super::{policy, repo, token_hash, AuthUser};
use crate::audit::{self, Actor, Event};

use crate::db::DbConn;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::http::RequestMeta;
use crate::state::AppState;
use crate::time::now;
use crate::users::{self, model::UserRow};

/// The user behind a valid access token, if that session is still alive.
pub fn load_session_user(conn: &mut DbConn, user_id: i64, generation: i64) -> ApiResult<AuthUser> {
    let user = users::repo::find(conn, user_id)?.ok_or(ApiError::Unauthenticated)?;
    if !user.active || user.kind != "person" || user.session_generation != generation {
        return Err(ApiError::Unauthenticated);
    }
    let roles = users::repo::roles_of(conn, user.id)?;
    Ok(auth_user(user, roles, None))
}

/// A user as the author of a request filed on its behalf by the system (the GM's step of a
/// policy version is still the business manager's request, not the VP's who forwarded it).
pub fn on_behalf_of(conn: &mut DbConn, user_id: i64) -> ApiResult<AuthUser> {
    let user = users::repo::find(conn, user_id)?.ok_or(ApiError::NotFound)?;
    let roles = users::repo::roles_of(conn, user.id)?;
    Ok(auth_user(user, roles, None))
}

fn auth_user(user: UserRow, roles: Vec<policy::Role>, api_token_id: Option<i64>) -> AuthUser {
    AuthUser {
        id: user.id,
        username: user.username,
        display_name: user.display_name,
        roles,
        office_id: user.office_id,
        must_change_password: user.must_change_password,
        api_token_id,
    }
}

/// The service account behind an API token. Use is recorded (`last_used_at`, and an audit row
/// at most once an hour per token so the trail shows when scripts were active).
pub fn authenticate_api_token(
    conn: &mut DbConn,
    token: &str,
    meta: &RequestMeta,
) -> ApiResult<AuthUser> {
    let hash = token_hash(token);
    let found = crate::api_tokens::repo::find_by_hash(conn, &hash)?;
    let token_row = found.ok_or(ApiError::Unauthenticated)?;
    let token_id = token_row.id;
    let t = now();
    if token_row.revoked_at.is_some() || token_row.expires_at.is_some_and(|e| e <= t) {
        return Err(ApiError::Unauthenticated);
    }
    let user =
        users::repo::find(conn, token_row.service_user_id)?.ok_or(ApiError::Unauthenticated)?;
    if !user.active {
        return Err(ApiError::Unauthenticated);
    }
    if token_row
        .last_used_at
        .is_none_or(|l| t - l > Duration::hours(1))
    {
        let actor = Actor {
            id: Some(user.id),
            name: user.username.clone(),
        };
        conn.tx(|conn| {
            crate::api_tokens::repo::set_last_used(conn, token_id, t)?;
            audit::record(
                conn,
                &actor,
                meta,
                Event::new("api_token.used", "api_token", token_id),
            )
        })?;
    }
    let roles = users::repo::roles_of(conn, user.id)?;
    Ok(auth_user(user, roles, Some(token_id)))
}

pub fn me(conn: &mut DbConn, user_id: i64) -> ApiResult<Me> {
    let user = users::repo::find(conn, user_id)?.ok_or(ApiError::NotFound)?;
    let roles = users::repo::roles_of(conn, user_id)?;
    let office = match user.office_id {
        Some(o) => crate::offices::repo::find(conn, o)?.map(|f| OfficeRef {
            id: f.id,
            code: f.code,
            name: f.name,
        }),
        None => None,
    };
    Ok(Me {
        id: user.id,
        permissions: policy::permission_names(&roles),
        username: user.username,
        display_name: user.display_name,
        roles,
        office,
        language: users::model::Language::parse(&user.language),
        email: user.email.clone(),
        must_change_password: user.must_change_password,
    })
}

/// A new refresh token in `family`; only its hash is stored.
fn issue_refresh(
    conn: &mut DbConn,
    user_id: i64,
    family: &str,
    generation: i64,
    ttl_secs: u64,
) -> ApiResult<String> {
    let token = super::random_token(32);
    let hash = token_hash(&token);
    let t = now();
    let expires = t + Duration::seconds(ttl_secs as i64);
    repo::insert_refresh(conn, user_id, family, &hash, generation, expires, t)?;
    Ok(token)
}

fn tokens(state: &AppState, user: Me, generation: i64, refresh_token: String) -> TokenResponse {
    let cfg = &state.config;
    TokenResponse {
        access_token: state
            .jwt
            .issue(user.id, generation, cfg.access_token_ttl_secs),
        refresh_token: Some(refresh_token),
        token_type: "Bearer".into(),
        expires_in: cfg.access_token_ttl_secs,
        refresh_expires_in: cfg.refresh_token_ttl_secs,
        user,
    }
}

/// Lock length after `failed` consecutive failures: none below the threshold, then the base
/// doubling per further failure, capped.
pub fn lockout_secs(failed: i64, threshold: u32, base: u64, max: u64) -> Option<u64> {
    let over = failed - threshold as i64;
    if over < 0 {
        return None;
    }
    let factor = 1u64.checked_shl(over.min(32) as u32).unwrap_or(u64::MAX);
    Some(base.saturating_mul(factor).min(max))
}

/// A wrong password for an account (at login or at a password change): the failure is counted
/// in SQL, so parallel guesses each add one, and the lock follows from the count the database
/// returns — a lock set by a parallel guess is never cleared or shortened.
async fn wrong_password(
    state: &AppState,
    user_id: i64,
    actor: Actor,
    meta: RequestMeta,
) -> ApiError {
    let cfg = state.config.clone();
    let outcome = state
        .tx(move |c| {
            let failed = users::repo::count_login_failure(c, user_id)?;
            let lock = lockout_secs(
                failed,
                cfg.lockout_threshold,
                cfg.lockout_base_secs,
                cfg.lockout_max_secs,
            );
            if let Some(secs) = lock {
                users::repo::lock_until(c, user_id, now() + Duration::seconds(secs as i64))?;
            }
            let action = if lock.is_some() {
                "auth.account_locked"
            } else {
                "auth.login_failed"
            };
            audit::record(c, &actor, &meta, Event::new(action, "session", user_id))?;
            Ok(lock)
        })
        .await;
    match outcome {
        Ok(Some(secs)) => ApiError::AccountLocked { retry_after: secs },
        Ok(None) => ApiError::InvalidCredentials,
        Err(e) => e,
    }
}

/// The answer for a locked account: how long the lock still runs.
fn locked_error(conn: &mut DbConn, user_id: i64) -> ApiError {
    let t = now();
    match users::repo::find(conn, user_id) {
        Ok(Some(u)) => ApiError::AccountLocked {
            retry_after: u
                .locked_until
                .map(|until| (until - t).num_seconds().max(1) as u64)
                .unwrap_or(1),
        },
        Ok(None) => ApiError::InvalidCredentials,
        Err(e) => e,
    }
}

pub async fn login(
    state: &AppState,
    meta: RequestMeta,
    username: String,
    password: String,
) -> ApiResult<TokenResponse> {
    let lookup = username.clone();
    let user = state
        .db(move |c| users::repo::find_by_username(c, &lookup))
        .await?;
    let t = now();
    if let Some(until) = user
        .as_ref()
        .and_then(|u| u.locked_until)
        .filter(|until| *until > t)
    {
        return Err(ApiError::AccountLocked {
            retry_after: (until - t).num_seconds().max(1) as u64,
        });
    }
    // Unknown users and service accounts are verified against a dummy hash: same cost.
    let stored = user
        .as_ref()
        .filter(|u| u.kind == "person")
        .and_then(|u| u.password_hash.clone());
    let ok = state.verify_password(password, stored).await?;
    let cfg = state.config.clone();
    let attempted: String = username.trim().chars().take(64).collect();
    let Some(user) = user else {
        state
            .tx(move |c| {
                let actor = Actor {
                    id: None,
                    name: attempted,
                };
                audit::record(
                    c,
                    &actor,
                    &meta,
                    Event {
                        entity_id: None,
                        ..Event::new("auth.login_failed", "session", "")
                    },
                )
            })
            .await?;
        return Err(ApiError::InvalidCredentials);
    };
    let actor = Actor {
        id: Some(user.id),
        name: user.username.clone(),
    };
    if !ok {
        return Err(wrong_password(state, user.id, actor, meta).await);
    }
    if !user.active {
        state
            .tx(move |c| {
                audit::record(
                    c,
                    &actor,
                    &meta,
                    Event::new("auth.login_refused_disabled", "session", user.id),
                )
            })
            .await?;
        return Err(ApiError::AccountDisabled);
    }
    let ttl = cfg.refresh_token_ttl_secs;
    let (me, refresh) = state
        .tx(move |c| {
            if !users::repo::record_login_success(c, user.id, now())? {
                // A parallel wrong guess locked the account while this password was checked.
                return Err(locked_error(c, user.id));
            }
            let family = uuid::Uuid::new_v4().to_string();
            let refresh = issue_refresh(c, user.id, &family, user.session_generation, ttl)?;
            audit::record(
                c,
                &actor,
                &meta,
                Event::new("auth.login", "session", user.id),
            )?;
            Ok((me(c, user.id)?, refresh))
        })
        .await?;
    Ok(tokens(state, me, user.session_generation, refresh))
}

pub async fn refresh(
    state: &AppState,
    meta: RequestMeta,
    token: String,
) -> ApiResult<TokenResponse> {
    let ttl = state.config.refresh_token_ttl_secs;
    // The inner Result lets a refusal commit (the family revocation) and still answer 401.
    let outcome: Result<(Me, i64, String), ApiError> = state
        .tx(move |c| {
            let Some(found) = repo::find_refresh(c, &token_hash(&token))? else {
                return Ok(Err(ApiError::InvalidRefreshToken));
            };
            let user = users::repo::find(c, found.user_id)?.ok_or(ApiError::InvalidRefreshToken)?;
            let actor = Actor {
                id: Some(user.id),
                name: user.username.clone(),
            };
            if found.revoked_at.is_some() {
                return Ok(Err(ApiError::InvalidRefreshToken));
            }
            let t = now();
            // Mark used only if still unused: of two concurrent refreshes exactly one wins.
            let claimed = found.used_at.is_none() && repo::claim_refresh(c, found.id, t)?;
            if !claimed {
                // A used token presented again: it was stolen or replayed. End the family.
                repo::revoke_family(c, &found.family, t)?;
                audit::record(
                    c,
                    &actor,
                    &meta,
                    Event::new("auth.refresh_reuse_detected", "session", user.id),
                )?;
                return Ok(Err(ApiError::InvalidRefreshToken));
            }
            let generation = found.session_generation;
            if found.expires_at <= t || !user.active || generation != user.session_generation {
                return Ok(Err(ApiError::InvalidRefreshToken));
            }
            let next = issue_refresh(c, user.id, &found.family, generation, ttl)?;
            Ok(Ok((me(c, user.id)?, generation, next)))
        })
        .await?;
    let (me, generation, next) = outcome?;
    Ok(tokens(state, me, generation, next))
}

pub async fn logout(state: &AppState, meta: RequestMeta, token: String) -> ApiResult<()> {
    state
        .tx(move |c| {
            if let Some(found) = repo::find_refresh(c, &token_hash(&token))? {
                let user_id = found.user_id;
                repo::revoke_family(c, &found.family, now())?;
                let name = users::repo::find(c, user_id)?
                    .map(|u| u.username)
                    .unwrap_or_default();
                audit::record(
                    c,
                    &Actor {
                        id: Some(user_id),
                        name,
                    },
                    &meta,
                    Event::new("auth.logout", "session", user_id),
                )?;
            }
            Ok(())
        })
        .await
}

pub async fn update_me(
    state: &AppState,
    auth: &AuthUser,
    meta: RequestMeta,
    input: UpdateMe,
) -> ApiResult<Me> {
    let id = auth.id;
    let actor = auth.actor();
    state
        .tx(move |c| {
            let before = users::repo::find(c, id)?.ok_or(ApiError::NotFound)?;
            let display_name = input
                .display_name
                .clone()
                .unwrap_or_else(|| before.display_name.clone());
            let mut errors = Vec::new();
            users::service::check_display_name("display_name", &display_name, &mut errors);
            users::service::check_display_name_free(
                c,
                "display_name",
                &display_name,
                Some(id),
                &mut errors,
            )?;
            let email = input.email.clone().unwrap_or_else(|| before.email.clone());
            users::service::check_email("email", &email, &mut errors);
            if !errors.is_empty() {
                return Err(ApiError::Validation(errors));
            }
            let language = input
                .language
                .map(|l| l.as_str().to_string())
                .unwrap_or_else(|| before.language.clone());
            users::repo::set_own_profile(
                c,
                id,
                display_name.trim(),
                &language,
                email.trim(),
                now(),
            )?;
            let after = users::repo::find(c, id)?.ok_or(ApiError::NotFound)?;
            audit::record(
                c,
                &actor,
                &meta,
                Event::new("user.update_self", "user", id)
                    .before(&before)
                    .after(&after),
            )?;
            me(c, id)
        })
        .await
}

pub async fn change_password(
    state: &AppState,
    auth: &AuthUser,
    meta: RequestMeta,
    input: ChangePassword,
) -> ApiResult<TokenResponse> {
    if auth.api_token_id.is_some() {
        return Err(ApiError::Forbidden);
    }
    let id = auth.id;
    let user = state
        .db(move |c| users::repo::find(c, id))
        .await?
        .ok_or(ApiError::Unauthenticated)?;
    let t = now();
    if let Some(until) = user.locked_until.filter(|until| *until > t) {
        return Err(ApiError::AccountLocked {
            retry_after: (until - t).num_seconds().max(1) as u64,
        });
    }
    let mut errors =
        super::password::check_rules("new_password", &input.new_password, &user.username);
    if errors.is_empty() && input.new_password == input.current_password {
        errors.push(FieldError::new(
            "new_password",
            "password.unchanged",
            "must differ from the current password",
        ));
    }
    if !state
        .verify_password(input.current_password, user.password_hash.clone())
        .await?
    {
        // A wrong current password counts toward the lockout like a wrong login: a stolen
        // session cannot be used to guess the password.
        if let err @ ApiError::AccountLocked { .. } =
            wrong_password(state, id, auth.actor(), meta.clone()).await
        {
            return Err(err);
        }
        errors.insert(
            0,
            FieldError::new(
                "current_password",
                "password.wrong_current",
                "is not your current password",
            ),
        );
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let hash = state.hash_password(input.new_password).await?;
    let actor = auth.actor();
    let ttl = state.config.refresh_token_ttl_secs;
    let (me, generation, refresh) = state
        .tx(move |c| {
            let t = now();
            users::repo::set_password(c, id, &hash, false, t)?;
            // Every other session ends; this one continues with the tokens answered here.
            let generation = users::repo::end_sessions(c, id, t)?;
            let refresh = issue_refresh(c, id, &uuid::Uuid::new_v4().to_string(), generation, ttl)?;
            audit::record(
                c,
                &actor,
                &meta,
                Event::new("user.password_changed", "user", id),
            )?;
            Ok((me(c, id)?, generation, refresh))
        })
        .await?;
    Ok(tokens(state, me, generation, refresh))
}

#[cfg(test)]
mod tests {
    use super::lockout_secs;

    #[test]
    fn lockout_doubles_and_caps() {
        assert_eq!(lockout_secs(4, 5, 60, 3600), None);
        assert_eq!(lockout_secs(5, 5, 60, 3600), Some(60));
        assert_eq!(lockout_secs(6, 5, 60, 3600), Some(120));
        assert_eq!(lockout_secs(10, 5, 60, 3600), Some(1920));
        assert_eq!(lockout_secs(11, 5, 60, 3600), Some(3600));
        assert_eq!(lockout_secs(500, 5, 60, 3600), Some(3600));
    }
}
