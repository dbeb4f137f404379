//! The `jiyuan-crm` command: the server and its administration commands.

use std::io::Read;
use std::process::ExitCode;

use actix_web::{web, HttpServer};
use clap::{Parser, Subcommand};
use jiyuan_crm::audit::{self, Actor, Verdict};
use jiyuan_crm::auth::policy::Role;
use jiyuan_crm::bootstrap::{self, AdminBootstrap};
use jiyuan_crm::config::Config;
use jiyuan_crm::db::DbPool;
use jiyuan_crm::http::RequestMeta;
use jiyuan_crm::state::AppState;
use jiyuan_crm::{build_app, users};

#[derive(Parser)]
#[command(
    name = "jiyuan-crm",
    version,
    about = "Jiyuan CRM — 河北纪元光电 客户管理系统 (customer and credit management)"
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the server (the default): migrations, first admin, then HTTP on JIYUAN_BIND.
    Serve,
    /// Apply pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Audit trail tools.
    Audit {
        #[command(subcommand)]
        command: AuditCommand,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Write the generated docs (roles.md, policy-parameters.md) into a folder.
    Docs {
        #[arg(long, default_value = "docs")]
        out: std::path::PathBuf,
    },
    /// Print the AR aging register's SQL (whole company, by customer, as of a date) for this
    /// database, to time the bare query next to the endpoint (`cargo xtask bench ledger`).
    AgingSql {
        #[arg(long)]
        as_of: chrono::NaiveDate,
    },
    /// Print the credit check's figures statement for one customer on a date, values written
    /// in, to time it bare next to the endpoint (`cargo xtask bench credit`).
    CreditSql {
        #[arg(long)]
        customer: i64,
        #[arg(long)]
        today: chrono::NaiveDate,
    },
    /// Run the daily collection job for a day as a server instance would (a working day of the
    /// company calendar, once per day whichever instance claims it) and print what it did.
    CollectionRun {
        #[arg(long)]
        today: chrono::NaiveDate,
    },
    /// Start a review month's credit review campaign and gather it here (as the background job
    /// would, slice by slice), printing how many customers and how long it took.
    CreditReview {
        /// `YYYY-MM`, a review month of the policy.
        #[arg(long)]
        month: String,
        #[arg(long)]
        today: chrono::NaiveDate,
    },
    /// Fill the database with realistic demo data (deterministic from the seed).
    SeedDemo {
        /// How many customers.
        #[arg(long, default_value_t = 1000)]
        customers: usize,
        /// Shipped contract lines (each with its receivable, most of them paid) per customer.
        #[arg(long, default_value_t = 4)]
        receivables_per_customer: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

#[derive(Subcommand)]
enum UserCommand {
    /// Create a user; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
        #[arg(long)]
        display_name: String,
        /// Role (repeat for several): salesman, office_director, business_staff, business_manager,
        /// vice_president, general_manager, finance, planning, technical, production, warehouse, admin.
        #[arg(long = "role", required = true, value_parser = parse_role)]
        roles: Vec<Role>,
        /// Office code.
        #[arg(long)]
        office: Option<String>,
        /// Read the password from standard input (required: passwords never go on the command line).
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Set a user's password (read from standard input); the user's sessions end.
    SetPassword {
        #[arg(long)]
        username: String,
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// Disable a user; its sessions end at once.
    Disable {
        #[arg(long)]
        username: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute the hash chain and name the first row that does not match.
    Verify,
}

fn parse_role(s: &str) -> Result<Role, String> {
    Role::parse(s).ok_or_else(|| {
        format!(
            "unknown role {s:?}; one of: {}",
            Role::ALL
                .iter()
                .map(|r| r.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    })
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(config: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,actix_server=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if config.log_format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

fn read_password() -> anyhow::Result<String> {
    let mut s = String::new();
    std::io::stdin().read_to_string(&mut s)?;
    let p = s.trim_end_matches(['\r', '\n']).to_string();
    if p.is_empty() {
        anyhow::bail!("no password on standard input");
    }
    Ok(p)
}

fn api_err(e: jiyuan_crm::error::ApiError) -> anyhow::Error {
    use jiyuan_crm::error::ApiError;
    match &e {
        ApiError::Validation(errs) | ApiError::Duplicate(errs) => anyhow::anyhow!(
            "{}",
            errs.iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        _ => anyhow::anyhow!("{e}"),
    }
}

fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let command = cli.command.unwrap_or(Command::Serve);
    if let Command::Openapi = command {
        print!("{}", jiyuan_crm::openapi_json());
        return Ok(ExitCode::SUCCESS);
    }
    if let Command::Docs { out } = &command {
        for path in jiyuan_crm::docs::write_all(out)? {
            println!("wrote {path}");
        }
        return Ok(ExitCode::SUCCESS);
    }
    let config = Config::load()?;
    init_logging(&config);
    jiyuan_crm::time::set_clock(config.tz()?, config.today);
    if let Some(day) = config.today {
        tracing::warn!(%day, "JIYUAN_TODAY is set: the server pretends it is this day (tests and training copies only)");
    }
    let pool = DbPool::connect(&config.database_url, config.db_pool_size)?;
    let applied = bootstrap::migrate(&pool)?;
    if applied > 0 {
        tracing::info!(applied, "migrations applied");
    }
    let cli_actor = Actor {
        id: None,
        name: "cli".into(),
    };
    let meta = RequestMeta::system("cli");
    match command {
        Command::Openapi | Command::Docs { .. } => unreachable!("handled above"),
        Command::AgingSql { as_of } => {
            let mut conn = pool.get()?;
            let (_, policy) =
                jiyuan_crm::policies::service::in_force(&mut conn, as_of).map_err(api_err)?;
            println!(
                "{};",
                jiyuan_crm::receivables::aging::report_sql(
                    conn.kind(),
                    Some(as_of),
                    &policy.credit.aging_buckets_days,
                    jiyuan_crm::receivables::model::AgingGroup::Customer,
                    "1 = 1",
                )
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::CreditSql { customer, today } => {
            let mut conn = pool.get()?;
            let (_, policy) =
                jiyuan_crm::policies::service::in_force(&mut conn, today).map_err(api_err)?;
            let kind = conn.kind();
            let sql = jiyuan_crm::credit::repo::figures_sql(kind, &policy.credit)
                .replace("$4", "-1")
                .replace("$3", "-1")
                .replace("$2", &format!("'{today}'"))
                .replace("$1", &customer.to_string());
            println!("{sql};");
            Ok(ExitCode::SUCCESS)
        }
        Command::CreditReview { month, today } => {
            let mut conn = pool.get()?;
            let started = std::time::Instant::now();
            let input = jiyuan_crm::credit_reviews::model::NewCreditReview {
                review_month: Some(month),
            };
            let meta = jiyuan_crm::http::RequestMeta::system("cli");
            let review = conn
                .tx(|c| {
                    jiyuan_crm::credit_reviews::service::create_review(
                        c, None, &meta, &input, today,
                    )
                })
                .map_err(api_err)?;
            while !jiyuan_crm::credit_reviews::service::gather_slice(&mut conn, review.id)
                .map_err(api_err)?
            {}
            println!(
                "credit review {} (id {}): {} customers gathered in {} ms",
                review.review_month,
                review.id,
                review.total,
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::CollectionRun { today } => {
            let mut conn = pool.get()?;
            let started = std::time::Instant::now();
            let run = jiyuan_crm::collection::service::run_if_due(&mut conn, today, "cli")
                .map_err(api_err)?;
            println!(
                "{} in {} ms",
                serde_json::to_string(&run)?,
                started.elapsed().as_millis()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::SeedDemo {
            customers,
            receivables_per_customer,
            seed,
        } => {
            let started = std::time::Instant::now();
            let hash = jiyuan_crm::auth::password::hash(jiyuan_crm::demo::DEMO_PASSWORD);
            let mut conn = pool.get()?;
            let done = conn
                .tx(|c| jiyuan_crm::demo::seed(c, customers, receivables_per_customer, seed, &hash))
                .map_err(api_err)?;
            println!(
                "seeded {} customers ({} contracts, {} receivables, {} payments), {} new users in {} offices in {:.1}s; demo users (director1, sales1_1, staff, manager, vp, gm, finance, warehouse, …) log in with password {}",
                done.customers,
                done.contracts,
                done.receivables,
                done.payments,
                done.users,
                done.offices,
                started.elapsed().as_secs_f64(),
                jiyuan_crm::demo::DEMO_PASSWORD
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve => serve(config, pool),
        Command::Migrate => {
            println!("database is up to date ({applied} migration(s) applied now)");
            Ok(ExitCode::SUCCESS)
        }
        Command::User { command } => {
            let mut conn = pool.get()?;
            match command {
                UserCommand::Create {
                    username,
                    display_name,
                    roles,
                    office,
                    password_stdin: _,
                } => {
                    let password = read_password()?;
                    let username = username.trim().to_lowercase();
                    let mut errors = Vec::new();
                    errors.extend(users::service::valid_username("username", &username));
                    users::service::check_display_name("display_name", &display_name, &mut errors);
                    errors.extend(jiyuan_crm::auth::password::check_rules(
                        "password", &password, &username,
                    ));
                    if !errors.is_empty() {
                        return Err(api_err(jiyuan_crm::error::ApiError::Validation(errors)));
                    }
                    let office_id = match office {
                        Some(code) => Some(
                            jiyuan_crm::offices::repo::find_by_code(&mut conn, &code)
                                .map_err(api_err)?
                                .ok_or_else(|| anyhow::anyhow!("no office with code {code:?}"))?
                                .id,
                        ),
                        None => None,
                    };
                    let hash = jiyuan_crm::auth::password::hash(&password);
                    let id = conn
                        .tx(|c| {
                            users::service::create_person(
                                c,
                                &cli_actor,
                                &meta,
                                &username,
                                display_name.trim(),
                                &roles,
                                office_id,
                                &hash,
                                false,
                            )
                        })
                        .map_err(api_err)?;
                    println!("created user {username} (id {id})");
                }
                UserCommand::SetPassword {
                    username,
                    password_stdin: _,
                } => {
                    let password = read_password()?;
                    let user = users::repo::find_by_username(&mut conn, &username)
                        .map_err(api_err)?
                        .ok_or_else(|| anyhow::anyhow!("no user {username:?}"))?;
                    let errors = jiyuan_crm::auth::password::check_rules(
                        "password",
                        &password,
                        &user.username,
                    );
                    if !errors.is_empty() {
                        return Err(api_err(jiyuan_crm::error::ApiError::Validation(errors)));
                    }
                    let hash = jiyuan_crm::auth::password::hash(&password);
                    conn.tx(|c| {
                        let now = jiyuan_crm::time::now();
                        users::repo::set_password(c, user.id, &hash, false, now)?;
                        users::repo::end_sessions(c, user.id, now)?;
                        audit::record(
                            c,
                            &cli_actor,
                            &meta,
                            audit::Event::new("user.set_password", "user", user.id),
                        )
                    })
                    .map_err(api_err)?;
                    println!(
                        "password of {} changed; its sessions have ended",
                        user.username
                    );
                }
                UserCommand::Disable { username } => {
                    let user = users::repo::find_by_username(&mut conn, &username)
                        .map_err(api_err)?
                        .ok_or_else(|| anyhow::anyhow!("no user {username:?}"))?;
                    conn.tx(|c| users::service::set_active(c, &cli_actor, &meta, user.id, false))
                        .map_err(api_err)?;
                    println!("user {} disabled; its sessions have ended", user.username);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit {
            command: AuditCommand::Verify,
        } => {
            let mut conn = pool.get()?;
            match audit::verify(&mut conn).map_err(api_err)? {
                Verdict::Intact { rows } => {
                    println!("audit chain intact: {rows} rows verified");
                    Ok(ExitCode::SUCCESS)
                }
                Verdict::Broken { seq, id, reason } => {
                    println!("audit chain BROKEN at seq {seq} (row id {id}): {reason}");
                    Ok(ExitCode::from(2))
                }
            }
        }
    }
}

fn serve(config: Config, pool: DbPool) -> anyhow::Result<ExitCode> {
    let admin = bootstrap::ensure_admin(&pool, &config)?;
    let secret = config.resolve_jwt_secret()?;
    let bind = config.bind.clone();
    let web_ready = config.web_dir.join("index.html").is_file();
    let db_label = if config.database_url.starts_with("sqlite://") {
        config.database_url.clone()
    } else {
        "PostgreSQL (DATABASE_URL)".to_string()
    };
    let state = web::Data::new(AppState::new(pool, config, &secret));
    jiyuan_crm::install_approval_handlers();
    actix_web::rt::System::new().block_on(async move {
        let metrics = jiyuan_crm::metrics();
        jiyuan_crm::ops::spawn_housekeeping(state.clone(), &metrics);
        jiyuan_crm::mail::spawn(state.clone())?;
        jiyuan_crm::ratings::service::spawn_resumer(state.clone());
        jiyuan_crm::revisits::service::spawn(state.clone());
        jiyuan_crm::collection::service::spawn(state.clone());
        jiyuan_crm::credit_reviews::service::spawn(state.clone());
        jiyuan_crm::statements::service::spawn(state.clone());
        let app_state = state.clone();
        let server = HttpServer::new(move || build_app(app_state.clone(), metrics.clone()))
            .bind(&bind)
            .map_err(|e| anyhow::anyhow!("cannot listen on {bind}: {e}"))?
            .run();
        let base = format!("http://{bind}");
        println!();
        println!("  Jiyuan CRM {} — 河北纪元光电 客户管理系统", env!("CARGO_PKG_VERSION"));
        if web_ready {
            println!("  Web app:   {base}/");
        } else {
            println!("  Web app:   not built (run `cargo xtask run` to build and serve it)");
        }
        println!("  API docs:  {base}/docs/");
        println!("  Database:  {db_label}");
        match admin {
            AdminBootstrap::CreatedRandom(p) => {
                println!("  Log in as: admin / {p}   (shown once; you will choose a new password at first login)")
            }
            AdminBootstrap::CreatedFromEnv => {
                println!("  Log in as: admin / the JIYUAN_ADMIN_PASSWORD you set (change it at first login)")
            }
            AdminBootstrap::Existing => println!("  Log in with your account (the first administrator is `admin`)"),
        }
        println!();
        server.await?;
        Ok(ExitCode::SUCCESS)
    })
}
