//! docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are
//! checked against the configuration the server really reads.

use jiyuan_crm::config::{Config, ENV_VARS};

const COMPOSE: &str = include_str!("../../../docker-compose.yml");
const DOCKERFILE: &str = include_str!("../../Dockerfile");

#[test]
fn compose_matches_the_server_config() {
    let doc: serde_yaml::Value = serde_yaml::from_str(COMPOSE).expect("docker-compose.yml parses");
    let services = &doc["services"];
    let db = &services["db"];
    assert!(
        db["image"].as_str().unwrap().starts_with("postgres:16"),
        "PostgreSQL 16"
    );
    assert!(
        db["healthcheck"]["test"].is_sequence(),
        "database health check"
    );
    assert!(
        db["volumes"].as_sequence().is_some_and(|v| !v.is_empty()),
        "database volume"
    );
    assert!(
        doc["volumes"].as_mapping().is_some_and(|v| !v.is_empty()),
        "named volumes declared"
    );

    let app = &services["app"];
    assert_eq!(
        app["build"]["dockerfile"].as_str(),
        Some("backend/Dockerfile")
    );
    assert_eq!(
        app["depends_on"]["db"]["condition"].as_str(),
        Some("service_healthy")
    );
    let env = app["environment"]
        .as_mapping()
        .expect("environment as a mapping");
    let known: Vec<&str> = ENV_VARS.iter().map(|(n, _)| *n).collect();
    for (k, _) in env {
        let k = k.as_str().unwrap();
        assert!(
            known.contains(&k),
            "compose sets {k}, which the server does not read"
        );
    }
    let url = env.get("DATABASE_URL").and_then(|v| v.as_str()).unwrap();
    assert!(
        url.starts_with("postgres://") && url.contains("@db:5432/"),
        "{url}"
    );
    let bind = env.get("JIYUAN_BIND").and_then(|v| v.as_str()).unwrap();
    let port = bind.rsplit(':').next().unwrap();
    assert!(
        bind.starts_with("0.0.0.0:"),
        "listen on all interfaces inside the container"
    );
    let ports: Vec<String> = app["ports"]
        .as_sequence()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert!(
        ports.iter().any(|p| p.ends_with(&format!(":{port}"))),
        "published port {ports:?} matches JIYUAN_BIND {bind}"
    );
    assert!(
        env.contains_key("JIYUAN_JWT_SECRET"),
        "a fixed secret in deployments"
    );
    // Values compose passes must be accepted by the server's own validation.
    let cfg = Config {
        bind: bind.to_string(),
        database_url: url.to_string(),
        ..Config::default()
    };
    cfg.validate().unwrap();
}

/// Compose substitutes `${X:-}` with an empty string when X is unset: the administrator's
/// password must be required instead, and an empty or weak one stops the server's start.
#[test]
fn the_first_administrator_never_gets_an_empty_or_weak_password() {
    let doc: serde_yaml::Value = serde_yaml::from_str(COMPOSE).unwrap();
    let value = doc["services"]["app"]["environment"]["JIYUAN_ADMIN_PASSWORD"]
        .as_str()
        .expect("compose passes JIYUAN_ADMIN_PASSWORD");
    assert!(
        value.starts_with("${JIYUAN_ADMIN_PASSWORD:?"),
        "compose must require the password, not default it: {value}"
    );
    for weak in ["", "   ", "123456", "password", "admin123", "short"] {
        let cfg = Config {
            admin_password: Some(weak.into()),
            ..Config::default()
        };
        let err = cfg.validate().expect_err(weak).to_string();
        assert!(err.contains("JIYUAN_ADMIN_PASSWORD"), "{weak:?}: {err}");
    }
    let cfg = Config {
        admin_password: Some("Jiyuan-First-Admin-2026".into()),
        ..Config::default()
    };
    cfg.validate().unwrap();
}

#[test]
fn dockerfile_builds_and_runs_the_server() {
    let from: Vec<&str> = DOCKERFILE
        .lines()
        .filter(|l| l.starts_with("FROM "))
        .collect();
    assert!(from.len() >= 2, "multi-stage build");
    assert!(DOCKERFILE.contains("cargo build --release"));
    assert!(
        DOCKERFILE.contains("npm ci") && DOCKERFILE.contains("npm run build"),
        "the web app is built into the image"
    );
    let compose: serde_yaml::Value = serde_yaml::from_str(COMPOSE).unwrap();
    let bind = compose["services"]["app"]["environment"]["JIYUAN_BIND"]
        .as_str()
        .unwrap();
    let port = bind.rsplit(':').next().unwrap();
    assert!(
        DOCKERFILE.contains(&format!("EXPOSE {port}")),
        "EXPOSE matches JIYUAN_BIND"
    );
    for line in DOCKERFILE.lines().filter(|l| l.starts_with("ENV ")) {
        for pair in line[4..].split_whitespace() {
            let name = pair.split('=').next().unwrap();
            assert!(
                ENV_VARS.iter().any(|(n, _)| *n == name),
                "Dockerfile sets {name}, which the server does not read"
            );
        }
    }
    assert!(DOCKERFILE.contains("ENTRYPOINT [\"/usr/local/bin/jiyuan-crm\"]"));
    assert!(DOCKERFILE.contains("HEALTHCHECK"), "container health check");
}
