//! The project's two commands (and a few helpers), so they work the same on every machine:
//!
//! * `cargo xtask run`     — build the web app and the server, start it on the embedded SQLite database.
//! * `cargo xtask test`    — every check and test: fmt, clippy, backend on SQLite and PostgreSQL,
//!   OpenAPI drift, web-app typecheck/lint/unit tests/build, browser tests in Chromium.
//! * `cargo xtask openapi` — regenerate `openapi/openapi.json` and the web app's API types.
//! * `cargo xtask docs`    — regenerate `docs/roles.md` and `docs/policy-parameters.md` from the code.
//! * `cargo xtask fuzz-api` — schemathesis against the served OpenAPI document (also a step of `test`).

mod bench;
mod fuzz;

use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("test") => test(),
        Some("openapi") => openapi(),
        Some("docs") => docs(),
        Some("fuzz-api") => fuzz_api(),
        Some("bench") => bench(&args[1..]),
        _ => {
            eprintln!("usage: cargo xtask <run|test|openapi|docs|fuzz-api|bench auth>\n  run         build and start the product on SQLite\n  test        run every check and test\n  openapi     regenerate openapi/openapi.json and the web app's API types\n  docs        regenerate docs/roles.md and docs/policy-parameters.md from the code\n  fuzz-api    schemathesis against the served OpenAPI document (debug build)\n  bench auth  login latency, login storm, start-up and memory figures (release build)");
            return ExitCode::from(2);
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn step(name: &str, cmd: &mut Command) -> Result<Duration, String> {
    println!("\n==> {name}");
    let start = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("{name}: cannot start: {e}"))?;
    if !status.success() {
        return Err(format!("{name} failed ({status})"));
    }
    Ok(start.elapsed())
}

fn cargo() -> Command {
    let mut c = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
    c.current_dir(root());
    c
}

fn npm(dir: &Path) -> Command {
    let mut c = Command::new("npm");
    c.current_dir(dir);
    c
}

/// `npm ci` when node_modules is missing or older than the lock file.
fn npm_install(dir: &Path) -> Result<(), String> {
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let fresh = match (std::fs::metadata(&lock), std::fs::metadata(&marker)) {
        (Ok(l), Ok(m)) => m.modified().ok() >= l.modified().ok(),
        _ => false,
    };
    if !fresh {
        step(
            &format!("npm ci in {}", dir.display()),
            npm(dir).args(["ci", "--no-audit", "--no-fund"]),
        )?;
    }
    Ok(())
}

fn frontend_dir() -> Option<PathBuf> {
    let d = root().join("frontend");
    d.join("package.json").is_file().then_some(d)
}

fn run(extra: &[String]) -> Result<(), String> {
    if let Some(web) = frontend_dir() {
        npm_install(&web)?;
        step("build the web app", npm(&web).args(["run", "build"]))?;
    }
    step(
        "build the server",
        cargo().args(["build", "-p", "jiyuan-crm"]),
    )?;
    let bin = root().join("target/debug/jiyuan-crm");
    println!("\n==> start (Ctrl-C to stop)");
    let status = Command::new(bin)
        .arg("serve")
        .args(extra)
        .current_dir(root())
        .status()
        .map_err(|e| e.to_string())?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("server exited with {status}"))
    }
}

fn bench(args: &[String]) -> Result<(), String> {
    match args.first().map(String::as_str) {
        Some("auth") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::auth(&root())
        }
        Some("customers") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::customers(&root(), &pg_url())
        }
        Some("ledger") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::ledger(&root(), &pg_url())
        }
        Some("ratings") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::ratings(&root(), &pg_url())
        }
        Some("credit") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::credit(&root(), &pg_url())
        }
        Some("collection") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::collection(&root(), &pg_url())
        }
        Some("reviews") => {
            step(
                "release build",
                cargo().args(["build", "--release", "-p", "jiyuan-crm"]),
            )?;
            bench::reviews(&root(), &pg_url())
        }
        _ => Err(
            "usage: cargo xtask bench auth|customers|ledger|ratings|credit|collection|reviews"
                .into(),
        ),
    }
}

fn openapi() -> Result<(), String> {
    let out = cargo()
        .args(["run", "--quiet", "-p", "jiyuan-crm", "--", "openapi"])
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into());
    }
    std::fs::write(root().join("openapi/openapi.json"), &out.stdout).map_err(|e| e.to_string())?;
    println!("wrote openapi/openapi.json");
    if let Some(web) = frontend_dir() {
        npm_install(&web)?;
        step(
            "regenerate the web app's API types",
            npm(&web).args(["run", "gen:api"]),
        )?;
    }
    Ok(())
}

/// The generated pages of `docs/` (a backend test fails when the checked-in ones differ).
fn docs() -> Result<(), String> {
    let out = root().join("docs");
    step(
        "generate docs/",
        cargo()
            .args(["run", "--quiet", "-p", "jiyuan-crm", "--", "docs", "--out"])
            .arg(&out),
    )?;
    Ok(())
}

/// Where cargo builds (`CARGO_TARGET_DIR` or `target/`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|d| if d.is_absolute() { d } else { root().join(d) })
        .unwrap_or_else(|| root().join("target"))
}

/// The debug server binary (`JIYUAN_BIN` names another one).
fn server_bin() -> PathBuf {
    std::env::var_os("JIYUAN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| target_dir().join("debug/jiyuan-crm"))
}

fn fuzz_api() -> Result<(), String> {
    if std::env::var_os("JIYUAN_BIN").is_none() {
        step(
            "build the server",
            cargo().args(["build", "-p", "jiyuan-crm"]),
        )?;
    }
    fuzz::run(&root(), &target_dir(), &server_bin())
}

fn pg_url() -> String {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .or_else(|| {
            std::env::var("DATABASE_URL")
                .ok()
                .filter(|u| u.starts_with("postgres"))
        })
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/test".into())
}

/// Host and port of a postgres:// URL, for a reachability check.
fn pg_reachable(url: &str) -> bool {
    let rest = url.split("://").nth(1).unwrap_or("");
    let hostport = rest
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split('/')
        .next()
        .unwrap_or("");
    let hostport = if hostport.contains(':') {
        hostport.to_string()
    } else {
        format!("{hostport}:5432")
    };
    hostport
        .to_socket_addrs()
        .ok()
        .and_then(|mut a| a.next())
        .is_some_and(|addr| TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok())
}

fn warn_skip(what: &str) -> Result<(), String> {
    if ci() {
        return Err(format!("{what} is required with CI=true"));
    }
    println!("\n*********************************************************************");
    println!("*** SKIPPED: {what}");
    println!("*********************************************************************\n");
    Ok(())
}

fn timed(
    timings: &mut Vec<(String, Duration)>,
    name: &str,
    cmd: &mut Command,
) -> Result<(), String> {
    let d = step(name, cmd)?;
    timings.push((name.to_string(), d));
    Ok(())
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    let mut timings: Vec<(String, Duration)> = Vec::new();

    timed(
        &mut timings,
        "rustfmt --check",
        cargo().args(["fmt", "--all", "--check"]),
    )?;
    timed(
        &mut timings,
        "clippy -D warnings",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]),
    )?;

    let pg = pg_url();
    let have_pg = pg_reachable(&pg);
    if !have_pg {
        warn_skip(&format!(
            "PostgreSQL at {pg} is unreachable: the PostgreSQL half of the backend tests"
        ))?;
    }
    let nextest = Command::new("cargo-nextest")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let mut backend = cargo();
    if nextest {
        backend.args([
            "nextest",
            "run",
            "--workspace",
            "--no-fail-fast",
            "--failure-output",
            "final",
        ]);
    } else {
        backend.args(["test", "--workspace", "--no-fail-fast"]);
    }
    backend.env("TEST_DATABASE_URL", &pg);
    timed(
        &mut timings,
        "backend tests (SQLite and PostgreSQL; includes the OpenAPI drift check)",
        &mut backend,
    )?;
    // The test apps pretend it is a Wednesday (2026-12-02) by default; the suite runs again on a
    // weekend, on a public holiday of the company calendar and on the last day of the year, so
    // no test depends on the day the machine runs it.
    for (name, today, holidays) in [
        ("a Saturday", "2026-12-05", ""),
        ("a public holiday", "2027-01-01", "2027-01-01"),
        ("the year's last day", "2026-12-31", ""),
    ] {
        let mut again = cargo();
        again.args(backend.get_args().collect::<Vec<_>>());
        again
            .env("TEST_DATABASE_URL", &pg)
            .env("JIYUAN_TEST_TODAY", today)
            .env("JIYUAN_TEST_HOLIDAYS", holidays);
        timed(
            &mut timings,
            &format!("backend tests again on {name} ({today})"),
            &mut again,
        )?;
    }

    // The backend tests built the server binary (the integration tests run it).
    if !server_bin().is_file() {
        timed(
            &mut timings,
            "server binary for the API fuzzing",
            cargo().args(["build", "-p", "jiyuan-crm"]),
        )?;
    }
    let fuzz_started = Instant::now();
    fuzz::run(&root(), &target_dir(), &server_bin())?;
    timings.push((
        "API fuzzing (schemathesis: examples, coverage, fuzzing)".into(),
        fuzz_started.elapsed(),
    ));

    if let Some(web) = frontend_dir() {
        npm_install(&web)?;
        timed(
            &mut timings,
            "web app: API types match openapi/openapi.json",
            npm(&web).args(["run", "check:api"]),
        )?;
        timed(
            &mut timings,
            "web app: typecheck",
            npm(&web).args(["run", "typecheck"]),
        )?;
        timed(
            &mut timings,
            "web app: lint",
            npm(&web).args(["run", "lint"]),
        )?;
        timed(
            &mut timings,
            "web app: unit tests",
            npm(&web).args(["run", "test"]),
        )?;
        timed(
            &mut timings,
            "web app: production build (initial JS size checked)",
            npm(&web).args(["run", "build"]),
        )?;

        let e2e = root().join("tests/e2e");
        if e2e.join("package.json").is_file() {
            let chromium =
                std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
            if Path::new(&chromium).is_file() {
                npm_install(&e2e)?;
                // The browser tests start the real server binary the backend tests just built;
                // building it alone would rebuild dependencies with other features unified.
                if !root().join("target/debug/jiyuan-crm").is_file() {
                    timed(
                        &mut timings,
                        "server binary for the browser tests",
                        cargo().args(["build", "-p", "jiyuan-crm"]),
                    )?;
                }
                timed(
                    &mut timings,
                    "browser tests (Chromium)",
                    npm(&e2e)
                        .args(["test"])
                        .env("JIYUAN_BIN", root().join("target/debug/jiyuan-crm")),
                )?;
            } else {
                warn_skip(&format!(
                    "Chromium not found at {chromium}: the browser tests"
                ))?;
            }
        }
    }

    println!("\n==> summary");
    for (name, d) in &timings {
        println!("  {:>7.1}s  {name}", d.as_secs_f64());
    }
    println!("  {:>7.1}s  total", started.elapsed().as_secs_f64());
    Ok(())
}
