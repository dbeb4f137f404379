//! `cargo xtask bench auth`: figures for the platform's performance targets (README), measured on the
//! release binary over loopback — argon2 login latency, other endpoints' latency during a
//! 50-client login storm, start-up time to ready and idle memory. It prints figures; it does not
//! assert them (this machine is noisy; compare within one run).

use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const PASSWORD: &str = "Bench-Passw0rd-2026";

/// One HTTP/1.1 request with `Connection: close`: (status, body).
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&str>,
) -> Option<(u16, String)> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    s.set_read_timeout(Some(Duration::from_secs(30))).ok()?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let body = body.unwrap_or("");
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut out = String::new();
    s.read_to_string(&mut out).ok()?;
    let status = out.split_whitespace().nth(1)?.parse().ok()?;
    let body = out.split("\r\n\r\n").nth(1).unwrap_or("").to_string();
    Some((status, body))
}

fn json_str(body: &str, key: &str) -> Option<String> {
    let start = body.find(&format!("\"{key}\":\""))? + key.len() + 4;
    Some(body[start..].split('"').next()?.to_string())
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

struct Server {
    child: Child,
    port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(bin: &std::path::Path, dir: &std::path::Path) -> Result<(Server, Duration), String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| e.to_string())?
        .local_addr()
        .unwrap()
        .port();
    let started = Instant::now();
    let child = Command::new(bin)
        .arg("serve")
        .env(
            "DATABASE_URL",
            format!("sqlite://{}/bench.db", dir.display()),
        )
        .env("JIYUAN_DATA_DIR", dir)
        .env("JIYUAN_BIND", format!("127.0.0.1:{port}"))
        .env("JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
        .env("JIYUAN_ADMIN_PASSWORD", PASSWORD)
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let server = Server { child, port };
    while started.elapsed() < Duration::from_secs(30) {
        if http(port, "GET", "/readyz", None, None).is_some_and(|(s, _)| s == 200) {
            return Ok((server, started.elapsed()));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Err("server did not become ready".into())
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l.to_string())
        })
        .and_then(|l| {
            l.split_whitespace()
                .nth(1)
                .and_then(|kb| kb.parse::<f64>().ok())
        })
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn login(port: u16, user: &str) -> Option<(u16, String)> {
    http(
        port,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&format!(
            "{{\"username\":\"{user}\",\"password\":\"{PASSWORD}\"}}"
        )),
    )
}

pub fn auth(root: &std::path::Path) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let dir = std::env::temp_dir().join(format!("jiyuan-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;

    // First start creates and migrates the database; the second measures a normal start.
    let (server, first) = start(&bin, &dir)?;
    drop(server);
    let (server, startup) = start(&bin, &dir)?;
    std::thread::sleep(Duration::from_millis(500));
    let idle_rss = rss_mb(server.child.id());
    let port = server.port;
    println!(
        "start-up to ready: {} (first start with migrations: {})",
        ms(startup),
        ms(first)
    );
    println!("idle memory (RSS): {idle_rss:.1} MB");

    // The admin must change its password once; then it is a normal account.
    let (_, body) = login(port, "admin").ok_or("login failed")?;
    let token = json_str(&body, "access_token").ok_or("no token")?;
    let change =
        format!("{{\"current_password\":\"{PASSWORD}\",\"new_password\":\"{PASSWORD}-x\"}}");
    http(
        port,
        "POST",
        "/api/v1/me/password",
        Some(&token),
        Some(&change),
    )
    .ok_or("password change failed")?;
    let user = "benchuser";
    let create = format!(
        "{{\"username\":\"{user}\",\"display_name\":\"Bench\",\"roles\":[\"finance\"],\"password\":\"{PASSWORD}\"}}"
    );
    let (_, body) = login_as_admin(port)?;
    let admin = json_str(&body, "access_token").ok_or("no admin token")?;
    let (status, _) =
        http(port, "POST", "/api/v1/users", Some(&admin), Some(&create)).ok_or("create user")?;
    if status != 201 {
        return Err(format!("creating the bench user answered {status}"));
    }

    let mut single = Vec::new();
    for _ in 0..20 {
        let t = Instant::now();
        let (s, _) = login(port, user).ok_or("login")?;
        if s != 200 {
            return Err(format!("login answered {s}"));
        }
        single.push(t.elapsed());
    }
    single.sort();
    println!(
        "login (argon2id m=19MiB t=2, release): median {}, p95 {}",
        ms(percentile(&single, 0.5)),
        ms(percentile(&single, 0.95))
    );

    // Baseline latency of an authenticated read, then the same during a 50-client login storm.
    let measure = |n: usize| -> Vec<Duration> {
        let mut v = Vec::with_capacity(n);
        for _ in 0..n {
            let t = Instant::now();
            let _ = http(port, "GET", "/api/v1/me", Some(&admin), None);
            v.push(t.elapsed());
        }
        v.sort();
        v
    };
    let quiet = measure(300);
    let stop = Arc::new(AtomicBool::new(false));
    let logins = Arc::new(AtomicUsize::new(0));
    let storm: Vec<_> = (0..50)
        .map(|_| {
            let (stop, logins) = (stop.clone(), logins.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    if login(port, user).is_some_and(|(s, _)| s == 200) {
                        logins.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(500));
    let storm_start = Instant::now();
    let busy = measure(300);
    let storm_secs = storm_start.elapsed().as_secs_f64();
    let during = logins.load(Ordering::Relaxed);
    stop.store(true, Ordering::Relaxed);
    for t in storm {
        let _ = t.join();
    }
    println!(
        "GET /api/v1/me alone:                 p50 {}, p99 {}",
        ms(percentile(&quiet, 0.5)),
        ms(percentile(&quiet, 0.99))
    );
    println!(
        "GET /api/v1/me during 50 concurrent logins: p50 {}, p99 {} (target p99 <= 100 ms); {:.0} logins/s meanwhile",
        ms(percentile(&busy, 0.5)),
        ms(percentile(&busy, 0.99)),
        during as f64 / storm_secs
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
    Ok(())
}

fn login_as_admin(port: u16) -> Result<(u16, String), String> {
    http(
        port,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&format!(
            "{{\"username\":\"admin\",\"password\":\"{PASSWORD}-x\"}}"
        )),
    )
    .ok_or_else(|| "admin login failed".to_string())
}

/// A number from the environment (`BENCH_CUSTOMERS=1000`), or the default.
fn env_usize(key: &str, default: usize) -> usize {
    std::env::var(key)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The two databases a data-size bench fills: a SQLite file in a fresh temporary folder and a
/// fresh PostgreSQL database next to `pg_base`; both removed when dropped.
struct BenchDbs {
    dir: std::path::PathBuf,
    pg_base: String,
    pg_db: String,
}

impl BenchDbs {
    fn new(tag: &str, pg_base: &str) -> Result<BenchDbs, String> {
        let dir = std::env::temp_dir().join(format!("jiyuan-bench-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        if !pg_base.contains('/') {
            return Err("bad PostgreSQL URL".into());
        }
        Ok(BenchDbs {
            dir,
            pg_base: pg_base.to_string(),
            pg_db: format!("jiyuan_bench_{tag}_{}", std::process::id()),
        })
    }

    fn psql(&self, sql: &str) -> bool {
        Command::new("psql")
            .args([self.pg_base.as_str(), "-qc", sql])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    fn sqlite_file(&self) -> std::path::PathBuf {
        self.dir.join("bench.db")
    }

    /// (label, DATABASE_URL) of SQLite and — when its database can be created — PostgreSQL.
    fn targets(&self) -> Vec<(&'static str, String)> {
        let mut out = vec![(
            "SQLite",
            format!("sqlite://{}", self.sqlite_file().display()),
        )];
        if self.psql(&format!("CREATE DATABASE {}", self.pg_db)) {
            let i = self.pg_base.rfind('/').unwrap_or(0);
            out.push((
                "PostgreSQL",
                format!("{}/{}", &self.pg_base[..i], self.pg_db),
            ));
        } else {
            println!("PostgreSQL unreachable at {}: skipped", self.pg_base);
        }
        out
    }

    /// Fresh statistics after a bulk load (PostgreSQL; SQLite needs none for these queries).
    fn analyze(label: &str, url: &str) -> Result<(), String> {
        if label == "PostgreSQL" {
            Command::new("psql")
                .args([url, "-qc", "VACUUM ANALYZE"])
                .status()
                .map_err(|e| e.to_string())?;
        }
        Ok(())
    }
}

impl Drop for BenchDbs {
    fn drop(&mut self) {
        self.psql(&format!(
            "DROP DATABASE IF EXISTS {} WITH (FORCE)",
            self.pg_db
        ));
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// `cargo xtask bench customers`: the customer list and card over 100,000 generated customers,
/// on SQLite and on PostgreSQL (release build, one connection per request from this process).
pub fn customers(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let dbs = BenchDbs::new("c", pg_base)?;
    let dir = dbs.dir.clone();
    for (label, url) in &dbs.targets() {
        let seeded = Instant::now();
        let out = Command::new(&bin)
            .args([
                "seed-demo",
                "--customers",
                &n.to_string(),
                "--receivables-per-customer",
                "0",
                "--seed",
                "7",
            ])
            .env("DATABASE_URL", url)
            .env("JIYUAN_DATA_DIR", &dir)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into());
        }
        println!(
            "\n{label}: seeded {n} customers in {:.1}s",
            seeded.elapsed().as_secs_f64()
        );
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .map_err(|e| e.to_string())?
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&bin)
            .arg("serve")
            .env("DATABASE_URL", url)
            .env("JIYUAN_DATA_DIR", &dir)
            .env("JIYUAN_BIND", format!("127.0.0.1:{port}"))
            .env("JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| e.to_string())?;
        let server = Server { child, port };
        let start = Instant::now();
        while http(port, "GET", "/readyz", None, None).is_none_or(|(s, _)| s != 200) {
            if start.elapsed() > Duration::from_secs(30) {
                return Err("server not ready".into());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let token = |user: &str| -> Result<String, String> {
            let body = format!("{{\"username\":\"{user}\",\"password\":\"jiyuan-demo-2026\"}}");
            let (_, b) =
                http(port, "POST", "/api/v1/auth/login", None, Some(&body)).ok_or("login")?;
            json_str(&b, "access_token").ok_or_else(|| format!("no token for {user}: {b}"))
        };
        let staff = token("staff")?;
        let salesman = token("sales1_1")?;
        let cases: [(&str, &str, String); 5] = [
            (
                "all customers, page 1",
                &staff,
                "/api/v1/customers?page_size=20".to_string(),
            ),
            (
                "search 'hb' (pinyin) + status",
                &staff,
                "/api/v1/customers?q=hb&status=active&page_size=20".to_string(),
            ),
            (
                "search '光电' + grade-free filters, sorted by name",
                &staff,
                "/api/v1/customers?q=%E5%85%89%E7%94%B5&category=big&sort=name&page_size=20"
                    .to_string(),
            ),
            (
                "salesman's own scope + search",
                &salesman,
                "/api/v1/customers?q=s&page_size=20".to_string(),
            ),
            (
                "customer card",
                &staff,
                "/api/v1/customers/4242/card".to_string(),
            ),
        ];
        for (what, token, path) in &cases {
            let mut v = Vec::new();
            for _ in 0..200 {
                let t = Instant::now();
                let (s, _) = http(port, "GET", path, Some(token), None).ok_or("request failed")?;
                if s != 200 {
                    return Err(format!("{path} answered {s}"));
                }
                v.push(t.elapsed());
            }
            v.sort();
            println!(
                "  {what:<50} p50 {:>8}  p99 {:>8}",
                ms(percentile(&v, 0.5)),
                ms(percentile(&v, 0.99))
            );
        }
        // Throughput of the searched list with 8 concurrent clients for 5 seconds.
        let stop = Arc::new(AtomicBool::new(false));
        let done = Arc::new(AtomicUsize::new(0));
        let path = cases[1].2.clone();
        let workers: Vec<_> = (0..8)
            .map(|_| {
                let (stop, done, path, staff) =
                    (stop.clone(), done.clone(), path.clone(), staff.clone());
                std::thread::spawn(move || {
                    while !stop.load(Ordering::Relaxed) {
                        if http(port, "GET", &path, Some(&staff), None)
                            .is_some_and(|(s, _)| s == 200)
                        {
                            done.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                })
            })
            .collect();
        std::thread::sleep(Duration::from_secs(5));
        stop.store(true, Ordering::Relaxed);
        for w in workers {
            let _ = w.join();
        }
        println!(
            "  searched list, 8 clients, new connection per request: {:.0} req/s",
            done.load(Ordering::Relaxed) as f64 / 5.0
        );
        drop(server);
    }
    Ok(())
}

/// Median of a few timings.
fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// `cargo xtask bench ledger`: the AR aging register over generated receivables (100,000
/// customers × 10 = 1,000,000 by default) on SQLite and PostgreSQL — the endpoint next to the
/// same SQL run bare by the database's own client (both read every row of the answer).
pub fn ledger(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let k = env_usize("BENCH_RECEIVABLES_PER_CUSTOMER", 10);
    let dbs = BenchDbs::new("l", pg_base)?;
    let (dir, sqlite_file) = (dbs.dir.clone(), dbs.sqlite_file());
    let today = chrono_today();
    for (label, url) in &dbs.targets() {
        seed_demo(&bin, url, &dir, label, n, k)?;
        BenchDbs::analyze(label, url)?;
        let sql = Command::new(&bin)
            .args(["aging-sql", "--as-of", &today])
            .env("DATABASE_URL", url)
            .env("JIYUAN_DATA_DIR", &dir)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| e.to_string())?;
        let sql = String::from_utf8_lossy(&sql.stdout).to_string();
        let bare = |_: usize| -> Result<Duration, String> {
            let t = Instant::now();
            let status = if label == &"PostgreSQL" {
                Command::new("psql")
                    .args([url.as_str(), "-qAt", "-o", "/dev/null", "-c", &sql])
                    .status()
            } else {
                Command::new("sqlite3")
                    .arg(&sqlite_file)
                    .arg(&sql)
                    .stdout(Stdio::null())
                    .status()
            }
            .map_err(|e| format!("database client: {e}"))?;
            if !status.success() {
                return Err("the bare query failed".into());
            }
            Ok(t.elapsed())
        };
        let bare_times = (0..5).map(bare).collect::<Result<Vec<_>, _>>()?;
        let server = serve(&bin, url, &dir)?;
        let port = server.port;
        let body = "{\"username\":\"finance\",\"password\":\"jiyuan-demo-2026\"}";
        let (_, b) = http(port, "POST", "/api/v1/auth/login", None, Some(body)).ok_or("login")?;
        let token = json_str(&b, "access_token").ok_or_else(|| format!("no token: {b}"))?;
        let timed = |path: String| -> Result<(Duration, usize), String> {
            let t = Instant::now();
            let (s, body) = http(port, "GET", &path, Some(&token), None).ok_or("request failed")?;
            if s != 200 {
                return Err(format!("{path} answered {s}: {body}"));
            }
            Ok((t.elapsed(), body.len()))
        };
        for (what, path) in [
            (
                "by customer",
                format!("/api/v1/reports/ar-aging?as_of={today}"),
            ),
            (
                "by office",
                format!("/api/v1/reports/ar-aging?as_of={today}&group_by=office"),
            ),
            (
                "one customer's receivables",
                format!("/api/v1/reports/ar-aging/receivables?as_of={today}&customer_id=4242"),
            ),
        ] {
            let runs = (0..5)
                .map(|_| timed(path.clone()))
                .collect::<Result<Vec<_>, _>>()?;
            let size = runs[0].1;
            println!(
                "  AR aging {what:<28} endpoint p50 {:>9} ({} KB of JSON)",
                ms(median(runs.into_iter().map(|r| r.0).collect())),
                size / 1024
            );
        }
        println!(
            "  the same by-customer SQL, bare through the database's client:  p50 {:>9}",
            ms(median(bare_times))
        );
        drop(server);
    }
    Ok(())
}

/// `seed-demo` with `n` customers and `k` receivables each (seed 7), printing what and how long.
fn seed_demo(
    bin: &std::path::Path,
    url: &str,
    dir: &std::path::Path,
    label: &str,
    n: usize,
    k: usize,
) -> Result<(), String> {
    let seeded = Instant::now();
    let out = Command::new(bin)
        .args([
            "seed-demo",
            "--customers",
            &n.to_string(),
            "--receivables-per-customer",
            &k.to_string(),
            "--seed",
            "7",
        ])
        .env("DATABASE_URL", url)
        .env("JIYUAN_DATA_DIR", dir)
        .env("RUST_LOG", "warn")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into());
    }
    println!(
        "\n{label}: {} in {:.1}s",
        String::from_utf8_lossy(&out.stdout)
            .trim()
            .split(';')
            .next()
            .unwrap_or(""),
        seeded.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The release server on a free port over `url`, once it is ready.
fn serve(bin: &std::path::Path, url: &str, dir: &std::path::Path) -> Result<Server, String> {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| e.to_string())?
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(bin)
        .arg("serve")
        .env("DATABASE_URL", url)
        .env("JIYUAN_DATA_DIR", dir)
        .env("JIYUAN_BIND", format!("127.0.0.1:{port}"))
        .env("JIYUAN_AUTH_RATE_LIMIT_PER_MINUTE", "1000000")
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let server = Server { child, port };
    let start = Instant::now();
    while http(port, "GET", "/readyz", None, None).is_none_or(|(s, _)| s != 200) {
        if start.elapsed() > Duration::from_secs(30) {
            return Err("server not ready".into());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    Ok(server)
}

/// `cargo xtask bench ratings`: a full rating run (the background job, from start to draft)
/// over generated data — 100,000 customers × 20 receivables by default (2,000,000 contract
/// lines, about 1.5 million payments; `BENCH_RECEIVABLES_PER_CUSTOMER=28` gives 2 million
/// payments) — on SQLite and PostgreSQL.
pub fn ratings(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let k = env_usize("BENCH_RECEIVABLES_PER_CUSTOMER", 20);
    let dbs = BenchDbs::new("r", pg_base)?;
    let dir = dbs.dir.clone();
    for (label, url) in &dbs.targets() {
        seed_demo(&bin, url, &dir, label, n, k)?;
        BenchDbs::analyze(label, url)?;
        let server = serve(&bin, url, &dir)?;
        let port = server.port;
        let body = "{\"username\":\"manager\",\"password\":\"jiyuan-demo-2026\"}";
        let (_, b) = http(port, "POST", "/api/v1/auth/login", None, Some(body)).ok_or("login")?;
        let token = json_str(&b, "access_token").ok_or_else(|| format!("no token: {b}"))?;
        let t = Instant::now();
        let (s, b) = http(
            port,
            "POST",
            "/api/v1/rating-runs",
            Some(&token),
            Some("{}"),
        )
        .ok_or("start the run")?;
        if s != 202 {
            return Err(format!("the run answered {s}: {b}"));
        }
        let number_after = |body: &str, key: &str| -> String {
            body.split(&format!("\"{key}\":"))
                .nth(1)
                .and_then(|r| r.split(|c: char| !c.is_ascii_digit()).next())
                .unwrap_or("?")
                .to_string()
        };
        let id = number_after(&b, "id");
        let answer = loop {
            std::thread::sleep(Duration::from_millis(200));
            let (_, b) = http(
                port,
                "GET",
                &format!("/api/v1/rating-runs/{id}"),
                Some(&token),
                None,
            )
            .ok_or("poll the run")?;
            if json_str(&b, "status").as_deref() != Some("computing") {
                break b;
            }
        };
        println!(
            "  full rating run: {:.1} s — {}, {} customers; grades {}",
            t.elapsed().as_secs_f64(),
            json_str(&answer, "status").unwrap_or_default(),
            number_after(&answer, "done"),
            answer
                .split("\"grades\":")
                .nth(1)
                .and_then(|r| r.split('}').next())
                .map(|g| format!("{g}}}"))
                .unwrap_or_default()
        );
        drop(server);
    }
    Ok(())
}

/// Today's date as YYYY-MM-DD (from `date`, to keep xtask free of a date crate).
fn chrono_today() -> String {
    Command::new("date")
        .arg("+%Y-%m-%d")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|_| "2026-01-01".into())
}

/// A PostgreSQL bench database seeded with `n` demo customers × `k` receivables: the databases
/// (dropped with it), the URL and the data directory.
fn seeded_postgres(
    bin: &std::path::Path,
    prefix: &str,
    pg_base: &str,
    n: usize,
    k: usize,
) -> Result<(BenchDbs, String, std::path::PathBuf), String> {
    let dbs = BenchDbs::new(prefix, pg_base)?;
    let dir = dbs.dir.clone();
    let Some((label, url)) = dbs
        .targets()
        .into_iter()
        .find(|(label, _)| *label == "PostgreSQL")
    else {
        return Err("no PostgreSQL target".into());
    };
    seed_demo(bin, &url, &dir, label, n, k)?;
    Ok((dbs, url, dir))
}

/// Run SQL through psql; `what` says what failed.
fn psql(url: &str, sql: &str, what: &str) -> Result<(), String> {
    let ok = Command::new("psql")
        .args([url, "-qc", sql])
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(format!("could not {what}"))
    }
}

/// `cargo xtask bench credit`: the credit check's figures statement — what every contract review
/// and shipping note runs inside its transaction — over 100,000 customers × 10 receivables
/// (1,000,000 receivables, `BENCH_CUSTOMERS` / `BENCH_RECEIVABLES_PER_CUSTOMER` change it) on
/// PostgreSQL: bare through psql (per-statement `\timing`, one session) beside the exposure
/// endpoint that runs it (one request per customer, whole HTTP round trip).
pub fn credit(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let k = env_usize("BENCH_RECEIVABLES_PER_CUSTOMER", 10);
    let samples = env_usize("BENCH_SAMPLES", 500);
    let (_dbs, url, dir) = seeded_postgres(&bin, "c", pg_base, n, k)?;
    let today = chrono_today();
    BenchDbs::analyze("PostgreSQL", &url)?;
    // Customers spread over the whole range, the same for both measurements.
    let ids: Vec<usize> = (0..samples).map(|i| 1 + (i * 7919) % n).collect();
    let mut script = String::from("\\timing on\n");
    for id in &ids {
        let out = Command::new(&bin)
            .args([
                "credit-sql",
                "--customer",
                &id.to_string(),
                "--today",
                &today,
            ])
            .env("DATABASE_URL", &url)
            .env("JIYUAN_DATA_DIR", &dir)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into());
        }
        script.push_str(String::from_utf8_lossy(&out.stdout).trim());
        script.push('\n');
    }
    let file = dir.join("credit.sql");
    std::fs::write(&file, script).map_err(|e| e.to_string())?;
    let out = Command::new("psql")
        .args([url.as_str(), "-qAt", "-f"])
        .arg(&file)
        .output()
        .map_err(|e| format!("psql: {e}"))?;
    let mut bare: Vec<Duration> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.strip_prefix("Time: "))
        .filter_map(|t| t.split_whitespace().next()?.parse::<f64>().ok())
        .map(|ms| Duration::from_secs_f64(ms / 1000.0))
        .collect();
    if bare.len() != ids.len() {
        return Err(format!(
            "psql timed {} of {} statements: {}",
            bare.len(),
            ids.len(),
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    bare.sort();
    let server = serve(&bin, &url, &dir)?;
    let port = server.port;
    let body = "{\"username\":\"finance\",\"password\":\"jiyuan-demo-2026\"}";
    let (_, b) = http(port, "POST", "/api/v1/auth/login", None, Some(body)).ok_or("login")?;
    let token = json_str(&b, "access_token").ok_or_else(|| format!("no token: {b}"))?;
    let mut endpoint = Vec::new();
    for id in &ids {
        let path = format!("/api/v1/customers/{id}/exposure");
        let t = Instant::now();
        let (s, body) = http(port, "GET", &path, Some(&token), None).ok_or("request failed")?;
        if s != 200 {
            return Err(format!("{path} answered {s}: {body}"));
        }
        endpoint.push(t.elapsed());
    }
    endpoint.sort();
    let f = |d: Duration| format!("{:.2} ms", d.as_secs_f64() * 1000.0);
    println!(
        "  credit figures statement, bare (psql \\timing), {} customers: p50 {:>9}  p99 {:>9}",
        ids.len(),
        f(percentile(&bare, 0.5)),
        f(percentile(&bare, 0.99))
    );
    println!(
        "  GET /customers/{{id}}/exposure (HTTP round trip, auth, statement):   p50 {:>9}  p99 {:>9}",
        f(percentile(&endpoint, 0.5)),
        f(percentile(&endpoint, 0.99))
    );
    // The blocked worklist over 10,000 blocked notes (demo notes turned blocked): a page.
    let blocked = env_usize("BENCH_BLOCKED", 10_000);
    let block = format!(
        "UPDATE shipping_notes SET status = 'issued', credit_state = 'blocked' \
          WHERE id IN (SELECT id FROM shipping_notes ORDER BY id LIMIT {blocked}); ANALYZE shipping_notes;"
    );
    psql(&url, &block, "block the notes")?;
    for page in [1, blocked / 20] {
        let path = format!("/api/v1/credit-blocks?page={page}&page_size=20");
        let mut times = Vec::new();
        for _ in 0..50 {
            let t = Instant::now();
            let (s, body) = http(port, "GET", &path, Some(&token), None).ok_or("request failed")?;
            if s != 200 {
                return Err(format!("{path} answered {s}: {body}"));
            }
            times.push(t.elapsed());
        }
        times.sort();
        println!(
            "  GET /credit-blocks page {page:>4} of 20 ({blocked} blocked notes):          p50 {:>9}  p99 {:>9}",
            f(percentile(&times, 0.5)),
            f(percentile(&times, 0.99))
        );
    }
    drop(server);
    Ok(())
}

/// `cargo xtask bench collection`: the daily collection job over 100,000 customers × 10
/// receivables, every one of them made open (1,000,000 open receivables; `BENCH_CUSTOMERS` /
/// `BENCH_RECEIVABLES_PER_CUSTOMER` change it) on PostgreSQL: the first run ever (every level
/// reached so far, the initial load) and then the next working day's run, which reads only the
/// receivables that crossed a level since (QUALITY.md: ≤ 10 s), and that day's run again by a
/// second instance (nothing to do).
pub fn collection(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let k = env_usize("BENCH_RECEIVABLES_PER_CUSTOMER", 10);
    let (_dbs, url, dir) = seeded_postgres(&bin, "k", pg_base, n, k)?;
    let open = "UPDATE receivables SET allocated_fen = 0, credited_fen = 0, last_event_on = NULL; \
                UPDATE payments SET allocated_fen = 0; DELETE FROM allocations; \
                DELETE FROM credit_notes; ANALYZE receivables;";
    psql(&url, open, "open the receivables")?;
    BenchDbs::analyze("PostgreSQL", &url)?;
    // Two consecutive weekdays before today (Tuesday to Friday and the day before; no holidays
    // are seeded).
    let date = |expr: &str, fmt: &str| -> String {
        Command::new("date")
            .args(["-d", expr, fmt])
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    };
    let mut back = 1;
    while !matches!(
        date(&format!("{back} days ago"), "+%u").as_str(),
        "2" | "3" | "4" | "5"
    ) {
        back += 1;
    }
    let day = date(&format!("{back} days ago"), "+%Y-%m-%d");
    let first = date(&format!("{} days ago", back + 1), "+%Y-%m-%d");
    let run = |on: &str, what: &str| -> Result<(), String> {
        let t = Instant::now();
        let out = Command::new(&bin)
            .args(["collection-run", "--today", on])
            .env("DATABASE_URL", &url)
            .env("JIYUAN_DATA_DIR", &dir)
            .env("RUST_LOG", "warn")
            .output()
            .map_err(|e| e.to_string())?;
        if !out.status.success() {
            return Err(String::from_utf8_lossy(&out.stderr).into());
        }
        println!(
            "  {what:<44} {:>8.2} s  {}",
            t.elapsed().as_secs_f64(),
            String::from_utf8_lossy(&out.stdout).trim()
        );
        Ok(())
    };
    println!(
        "  {} open receivables of {} customers, PostgreSQL:",
        n * k,
        n
    );
    run(
        &first,
        &format!("first run ever ({first}, the initial load)"),
    )?;
    run(&day, &format!("the next working day ({day})"))?;
    run(&day, "the same day by a second instance")?;
    Ok(())
}

/// `cargo xtask bench reviews`: a credit review campaign over 100,000 customers with credit
/// (`BENCH_CUSTOMERS`), each with 10 receivables (`BENCH_RECEIVABLES_PER_CUSTOMER`), on
/// PostgreSQL: the campaign created and gathered as the background job does it (QUALITY.md /
/// issue 14: ≤ 30 s).
pub fn reviews(root: &std::path::Path, pg_base: &str) -> Result<(), String> {
    let bin = root.join("target/release/jiyuan-crm");
    let n = env_usize("BENCH_CUSTOMERS", 100_000);
    let k = env_usize("BENCH_RECEIVABLES_PER_CUSTOMER", 10);
    let (_dbs, url, dir) = seeded_postgres(&bin, "v", pg_base, n, k)?;
    // Every customer with credit (the demo gives some none).
    let credit = "INSERT INTO credit_profiles (customer_id, grade, limit_fen, credit_period_days, request_id, approved_at) \
                  SELECT id, 'A', 100000000, 45, 0, now() FROM customers \
                  WHERE id NOT IN (SELECT customer_id FROM credit_profiles); \
                  UPDATE credit_profiles SET valid_until = NULL; ANALYZE credit_profiles;";
    psql(&url, credit, "give the customers credit")?;
    BenchDbs::analyze("PostgreSQL", &url)?;
    let today = chrono_today();
    // The latest review month (June or December) not after today.
    let (y, m): (i32, u32) = (
        today[..4].parse().map_err(|_| "date".to_string())?,
        today[5..7].parse().map_err(|_| "date".to_string())?,
    );
    let month = match m {
        12 => format!("{y}-12"),
        6..=11 => format!("{y}-06"),
        _ => format!("{}-12", y - 1),
    };
    let t = Instant::now();
    let out = Command::new(&bin)
        .args(["credit-review", "--month", &month, "--today", &today])
        .env("DATABASE_URL", &url)
        .env("JIYUAN_DATA_DIR", &dir)
        .env("RUST_LOG", "warn")
        .output()
        .map_err(|e| e.to_string())?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).into());
    }
    println!(
        "  {n} customers × {k} receivables, PostgreSQL: {} ({:.2} s with the process start)",
        String::from_utf8_lossy(&out.stdout).trim(),
        t.elapsed().as_secs_f64()
    );
    Ok(())
}
