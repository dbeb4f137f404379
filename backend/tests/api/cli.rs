//! The `jiyuan-crm` binary as an operator uses it.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use crate::common::TestApp;

const BIN: &str = env!("CARGO_BIN_EXE_jiyuan-crm");

fn run(db_url: &str, data: &std::path::Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("JIYUAN_DATA_DIR", data)
        .env("RUST_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn user_commands(db_url: &str, data: &std::path::Path) {
    let create = [
        "user",
        "create",
        "--username",
        "clerk",
        "--display-name",
        "小王",
        "--role",
        "business_staff",
        "--role",
        "finance",
        "--password-stdin",
    ];
    let o = run(db_url, data, &create, "Clerk-Passw0rd-1\n");
    assert!(o.status.success(), "{}", text(&o));
    assert!(text(&o).contains("created user clerk"));
    let o = run(db_url, data, &create, "Clerk-Passw0rd-1\n");
    assert!(
        !o.status.success() && text(&o).contains("username"),
        "duplicate: {}",
        text(&o)
    );
    let o = run(
        db_url,
        data,
        &[
            "user",
            "create",
            "--username",
            "x2",
            "--display-name",
            "x",
            "--role",
            "king",
            "--password-stdin",
        ],
        "Clerk-Passw0rd-1",
    );
    assert!(
        !o.status.success() && text(&o).contains("unknown role"),
        "{}",
        text(&o)
    );
    let o = run(
        db_url,
        data,
        &[
            "user",
            "create",
            "--username",
            "x3",
            "--display-name",
            "x",
            "--role",
            "finance",
            "--password-stdin",
        ],
        "password",
    );
    assert!(
        !o.status.success() && text(&o).contains("password"),
        "{}",
        text(&o)
    );
    let o = run(
        db_url,
        data,
        &[
            "user",
            "create",
            "--username",
            "x4",
            "--display-name",
            "x",
            "--role",
            "finance",
            "--office",
            "NOPE",
            "--password-stdin",
        ],
        "Clerk-Passw0rd-1",
    );
    assert!(
        !o.status.success() && text(&o).contains("no office"),
        "{}",
        text(&o)
    );
    let o = run(
        db_url,
        data,
        &[
            "user",
            "set-password",
            "--username",
            "clerk",
            "--password-stdin",
        ],
        "Clerk-Passw0rd-2\n",
    );
    assert!(o.status.success(), "{}", text(&o));
    let o = run(
        db_url,
        data,
        &["user", "disable", "--username", "clerk"],
        "",
    );
    assert!(
        o.status.success() && text(&o).contains("disabled"),
        "{}",
        text(&o)
    );
    let o = run(
        db_url,
        data,
        &["user", "disable", "--username", "ghost"],
        "",
    );
    assert!(
        !o.status.success() && text(&o).contains("no user"),
        "{}",
        text(&o)
    );
    let o = run(db_url, data, &["audit", "verify"], "");
    assert!(
        o.status.success() && text(&o).contains("intact"),
        "{}",
        text(&o)
    );
}

#[test]
fn user_and_audit_commands_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/cli.db", tmp.path().display());
    user_commands(&url, tmp.path());
    // Tamper with a row behind the application's back: verify names it and fails.
    use diesel::connection::SimpleConnection;
    use diesel::Connection;
    let mut c =
        diesel::sqlite::SqliteConnection::establish(&format!("{}/cli.db", tmp.path().display()))
            .unwrap();
    c.batch_execute("UPDATE audit_events SET after_json = '{}' WHERE seq = 1")
        .unwrap();
    let o = run(&url, tmp.path(), &["audit", "verify"], "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(text(&o).contains("BROKEN at seq 1"), "{}", text(&o));
}

#[actix_web::test]
async fn user_and_audit_commands_on_postgres() {
    let Some(app) = TestApp::postgres().await else {
        return;
    };
    let url = app.state.config.database_url.clone();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().to_path_buf();
    actix_web::web::block(move || user_commands(&url, &path))
        .await
        .unwrap();
}

#[test]
fn unknown_input_is_a_clear_error() {
    let tmp = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}/x.db", tmp.path().display());
    let o = run(&url, tmp.path(), &["frobnicate"], "");
    assert!(
        !o.status.success() && text(&o).contains("unrecognized subcommand"),
        "{}",
        text(&o)
    );
    let o = run("mysql://localhost/x", tmp.path(), &["migrate"], "");
    assert!(
        !o.status.success() && text(&o).contains("DATABASE_URL must start with sqlite:// "),
        "{}",
        text(&o)
    );
    let o = run(&url, tmp.path(), &["user", "create", "--username", "a"], "");
    assert!(
        !o.status.success() && text(&o).contains("required"),
        "{}",
        text(&o)
    );
    let o = run(&url, tmp.path(), &["openapi"], "");
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        include_str!("../../../openapi/openapi.json")
    );
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(s, "GET {path} HTTP/1.0\r\nHost: localhost\r\n\r\n").ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    Some(out)
}

/// `serve` on an empty database: migrations, a first admin with a printed password that must
/// be changed, ready quickly, pool gauges in the metrics.
#[test]
fn serve_on_a_fresh_database_prints_how_to_log_in() {
    let tmp = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .env_clear()
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/serve.db", tmp.path().display()),
        )
        .env("JIYUAN_DATA_DIR", tmp.path())
        .env("JIYUAN_BIND", format!("127.0.0.1:{port}"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut ready = false;
    while started.elapsed() < Duration::from_secs(30) {
        if http_get(port, "/readyz")
            .is_some_and(|r| r.starts_with("HTTP/1.0 200") || r.starts_with("HTTP/1.1 200"))
        {
            ready = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let startup = started.elapsed();
    std::thread::sleep(Duration::from_millis(5200));
    let metrics = http_get(port, "/metrics").unwrap_or_default();
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(ready, "server never became ready: {}", text(&out));
    println!("start-up to ready on a new SQLite database (migrations included): {startup:?}");
    assert!(
        stdout.contains(&format!("http://127.0.0.1:{port}/docs/")),
        "{stdout}"
    );
    assert!(stdout.contains("Log in as: admin / "), "{stdout}");
    assert!(metrics.contains("jiyuan_db_pool_connections"), "{metrics}");
    let secret = tmp.path().join("jwt-secret");
    use std::os::unix::fs::PermissionsExt;
    assert_eq!(
        std::fs::metadata(&secret).unwrap().permissions().mode() & 0o777,
        0o600,
        "generated secret is private"
    );
}
