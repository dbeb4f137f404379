//! `cargo xtask fuzz-api`: schemathesis against the served OpenAPI document.
//!
//! A virtualenv under the target folder gets the pinned schemathesis of `xtask/fuzz/requirements.txt`;
//! the debug server starts on a fresh temporary SQLite database (demo data from `seed-demo`, a fixed
//! day, long-lived access tokens, no auth rate limit or lockout in the way) with one account holding
//! every role, so that operations are tested past the authorization check; schemathesis then runs
//! the examples, coverage and fuzzing phases with a fixed seed and time budget and three checks: no
//! server error, no undocumented status code, every response body valid against its schema. Any
//! failure fails the step with schemathesis' report.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::bench::http;

/// schemathesis' time budget for the three phases (the fuzzing phase repeats until it is spent).
const MAX_TIME_SECS: u64 = 150;
const SEED: &str = "20270104";
const PASSWORD: &str = "Fuzz-Account-2027!";
const ROLES: [&str; 12] = [
    "salesman",
    "office_director",
    "business_staff",
    "business_manager",
    "vice_president",
    "general_manager",
    "finance",
    "planning",
    "technical",
    "production",
    "warehouse",
    "admin",
];

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A temporary folder removed at the end (kept when `FUZZ_KEEP=1`, to read the server log).
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var("FUZZ_KEEP").is_ok_and(|v| v == "1") {
            println!("fuzz-api: kept {}", self.0.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// `Ok(None)` when python3 or its venv module is missing (the caller reports the skip).
fn venv(root: &Path, target: &Path) -> Result<Option<PathBuf>, String> {
    let requirements = root.join("xtask/fuzz/requirements.txt");
    let venv = target.join("fuzz-venv");
    let stamp = venv.join("requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| e.to_string())?;
    let bin = venv.join("bin/schemathesis");
    if bin.is_file() && std::fs::read_to_string(&stamp).is_ok_and(|s| s == wanted) {
        return Ok(Some(bin));
    }
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let usable = Command::new(&python)
        .args(["-c", "import venv, ensurepip"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !usable {
        return Ok(None);
    }
    let _ = std::fs::remove_dir_all(&venv);
    crate::step(
        "fuzz-api: virtualenv",
        Command::new(&python).args(["-m", "venv"]).arg(&venv),
    )?;
    crate::step(
        "fuzz-api: pip install -r xtask/fuzz/requirements.txt",
        Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", "-r"])
            .arg(&requirements),
    )?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok(Some(bin))
}

fn free_port() -> Result<u16, String> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| e.to_string())?
        .local_addr()
        .map_err(|e| e.to_string())?
        .port())
}

/// The server's environment: a fresh database in `dir`, nothing that would stop the fuzzer
/// halfway (rate limit, lockout of its own account after wrong current passwords, token expiry).
fn server_env<'a>(cmd: &'a mut Command, dir: &Path, port: u16) -> &'a mut Command {
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env(
            "DATABASE_URL",
            format!("sqlite://{}", dir.join("fuzz.db").display()),
        )
        .env("JIYUAN_DATA_DIR", dir.join("data"))
        .env("JIYUAN_WEB_DIR", dir.join("no-web-app"))
        .env("JIYUAN_BIND", format!("127.0.0.1:{port}"))
        .env(
            "JIYUAN_JWT_SECRET",
            "fuzz-api-secret-of-at-least-32-characters",
        )
        .env("JIYUAN_TODAY", "2027-01-04")
        .env("JIYUAN_ACCESS_TOKEN_TTL_SECS", "86400")
        .env("JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
        .env("JIYUAN_LOCKOUT_THRESHOLD", "1000000")
        .env("JIYUAN_ADMIN_PASSWORD", "Fuzz-Administrator-2027!")
        .env("RUST_LOG", "warn")
}

fn cli(bin: &Path, dir: &Path, args: &[&str], stdin: Option<&str>) -> Result<String, String> {
    let mut cmd = Command::new(bin);
    server_env(&mut cmd, dir, 0)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", bin.display()))?;
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .map_err(|e| e.to_string())?;
    }
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(format!(
            "jiyuan-crm {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn json_field<'a>(body: &'a str, key: &str) -> Option<&'a str> {
    let start = body.find(&format!("\"{key}\":"))? + key.len() + 3;
    let rest = body[start..].trim_start();
    Some(match rest.strip_prefix('"') {
        Some(s) => s.split('"').next()?,
        None => rest.split([',', '}']).next()?.trim(),
    })
}

/// What schemathesis' summary says: (operations tested, cases generated, failures line).
fn summary(out: &str) -> (String, String, String) {
    let after = |prefix: &str| {
        out.lines()
            .find_map(|l| l.trim().strip_prefix(prefix).map(|r| r.trim().to_string()))
            .unwrap_or_else(|| "?".into())
    };
    let cases = out
        .lines()
        .find(|l| l.contains(" generated, "))
        .map(|l| l.trim().to_string())
        .unwrap_or_else(|| "?".into());
    let last = out
        .lines()
        .rev()
        .find(|l| l.starts_with('='))
        .map(|l| l.trim_matches(|c| c == '=' || c == ' ').to_string())
        .unwrap_or_else(|| "?".into());
    (after("Tested:"), cases, last)
}

pub fn run(root: &Path, target: &Path, bin: &Path) -> Result<(), String> {
    let started = Instant::now();
    let Some(schemathesis) = venv(root, target)? else {
        return crate::warn_skip(
            "python3 with the venv module (apt-get install python3-venv): the API fuzzing",
        );
    };
    if !bin.is_file() {
        return Err(format!("no server binary at {}", bin.display()));
    }
    let dir = TempDir(std::env::temp_dir().join(format!("jiyuan-fuzz-api-{}", std::process::id())));
    let _ = std::fs::remove_dir_all(&dir.0);
    std::fs::create_dir_all(dir.0.join("data")).map_err(|e| e.to_string())?;

    println!("\n==> fuzz-api: seed a database in {}", dir.0.display());
    cli(
        bin,
        &dir.0,
        &[
            "seed-demo",
            "--customers",
            "30",
            "--receivables-per-customer",
            "2",
            "--seed",
            "7",
        ],
        None,
    )?;
    let mut args = vec![
        "user",
        "create",
        "--username",
        "fuzzer",
        "--display-name",
        "Fuzzer",
        "--office",
        "HB-SJZ",
        "--password-stdin",
    ];
    for role in ROLES {
        args.extend(["--role", role]);
    }
    let created = cli(bin, &dir.0, &args, Some(PASSWORD))?;
    let user_id = created
        .rsplit("(id ")
        .next()
        .and_then(|s| s.split(')').next())
        .and_then(|s| s.trim().parse::<i64>().ok())
        .ok_or_else(|| format!("no user id in {created:?}"))?;

    let port = free_port()?;
    let log = std::fs::File::create(dir.0.join("server.log")).map_err(|e| e.to_string())?;
    let mut cmd = Command::new(bin);
    server_env(&mut cmd, &dir.0, port)
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(log);
    let _server = Server(cmd.spawn().map_err(|e| e.to_string())?);
    let ready = Instant::now();
    while http(port, "GET", "/readyz", None, None).is_none_or(|(s, _)| s != 200) {
        if ready.elapsed() > Duration::from_secs(60) {
            return Err("fuzz-api: the server did not become ready".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let (status, body) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&format!(
            "{{\"username\":\"fuzzer\",\"password\":\"{PASSWORD}\"}}"
        )),
    )
    .ok_or("fuzz-api: login failed")?;
    let token = json_field(&body, "access_token")
        .filter(|_| status == 200)
        .ok_or_else(|| format!("fuzz-api: login answered {status}: {body}"))?
        .to_string();

    // A few records seed-demo does not make, so that operations on them find one to work on.
    let seeds: [(&str, &str); 4] = [
        (
            "/api/v1/development-plans",
            r#"{"period":"2027","items":[{"name":"石家庄新客户","reason":"fuzz","target_date":"2027-06-30"}]}"#,
        ),
        ("/api/v1/policies", r#"{"note":"fuzz"}"#),
        (
            "/api/v1/customers/1/dossier",
            r#"{"kind":"interaction","content":{"date":"2027-01-04","kind":"phone","content":"电话沟通"}}"#,
        ),
        (
            "/api/v1/customers/1/attachments?filename=scan.pdf",
            "%PDF-1.4 scan",
        ),
    ];
    for (path, body) in seeds {
        match http(port, "POST", path, Some(&token), Some(body)) {
            Some((200..=299, _)) => {}
            other => return Err(format!("fuzz-api: seeding POST {path} answered {other:?}")),
        }
    }

    let max_time = std::env::var("FUZZ_MAX_TIME").unwrap_or_else(|_| MAX_TIME_SECS.to_string());
    println!(
        "\n==> fuzz-api: schemathesis (examples, coverage, fuzzing; {max_time} s, seed {SEED})"
    );
    let mut child = Command::new(&schemathesis)
        .arg("run")
        .arg(format!("http://127.0.0.1:{port}/api/v1/openapi.json"))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--phases", "examples,coverage,fuzzing"])
        .args([
            "--checks",
            "not_a_server_error,status_code_conformance,response_schema_conformance",
        ])
        .args(["--seed", SEED, "--max-time", &max_time, "--workers", "2"])
        .args(["--continue-on-failure", "--generation-database", "none"])
        .args(["--no-color", "--report", "junit", "--report-dir"])
        .arg(dir.0.join("report"))
        .current_dir(&dir.0)
        .env("SCHEMATHESIS_HOOKS", "hooks")
        .env("PYTHONPATH", root.join("xtask/fuzz"))
        .env("JIYUAN_FUZZ_USER_ID", user_id.to_string())
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{}: {e}", schemathesis.display()))?;
    let mut out = String::new();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        let line = line.map_err(|e| e.to_string())?;
        println!("{line}");
        out.push_str(&line);
        out.push('\n');
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let (operations, cases, result) = summary(&out);
    println!(
        "\nfuzz-api: {operations} operations, {cases}; {result} ({:.0} s in all)",
        started.elapsed().as_secs_f64()
    );
    if !status.success() {
        let log = std::fs::read_to_string(dir.0.join("server.log")).unwrap_or_default();
        let panics: Vec<&str> = log
            .lines()
            .filter(|l| l.contains("panicked at") || l.contains("internal error"))
            .take(20)
            .collect();
        if !panics.is_empty() {
            println!("\nfrom the server log:\n{}", panics.join("\n"));
        }
        return Err(format!("fuzz-api failed ({status}): {result}"));
    }
    Ok(())
}
