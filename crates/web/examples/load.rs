//! A load test on loopback: N concurrent clients, each with its own session, request a page
//! over keep-alive HTTP/1.1 for a number of seconds; prints requests/s and latency percentiles.
//!
//! ```sh
//! cargo run --release -p sightline -- --db demo.db demo --no-serve
//! cargo run --release -p sightline-web --example load -- demo.db / 50 10
//! cargo run --release -p sightline-web --example load -- demo.db /indicators/cp_visited_in_timescale_pct 50 10
//! ```
//! It serves the database itself on a free port, logs in as a `viewer` (or the role given as
//! a fifth argument; the account is created here with a random password) and measures.

use std::time::{Duration, Instant};

use sightline_app::{Actor, Sightline};
use sightline_core::access::Role;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let db = args.get(1).map_or("sightline-demo.db", String::as_str);
    let path = args.get(2).cloned().unwrap_or_else(|| "/".to_string());
    let clients: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(50);
    let secs: u64 = args.get(4).and_then(|s| s.parse().ok()).unwrap_or(10);
    let role: Role = args
        .get(5)
        .and_then(|s| s.parse().ok())
        .unwrap_or(Role::Viewer);
    let app = Sightline::open(std::path::Path::new(db)).await?;
    let password = sightline_app::random_token();
    let user = format!("load-{role}");
    app.save_user(&Actor::system(), &user, &password, role)
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server_app = app.clone();
    tokio::spawn(async move {
        let _ = axum::serve(listener, sightline_web::router(server_app)).await;
    });
    let mut tasks = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(secs);
    for _ in 0..clients {
        let (token, _) = app.login(&user, &password).await?;
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            let mut lat = Vec::new();
            let Ok(stream) = tokio::net::TcpStream::connect(addr).await else {
                return lat;
            };
            let mut stream = BufReader::new(stream);
            let req = format!(
                "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}={token}\r\n\r\n",
                sightline_web::SESSION_COOKIE
            );
            while Instant::now() < deadline {
                let t = Instant::now();
                if stream.get_mut().write_all(req.as_bytes()).await.is_err() {
                    break;
                }
                let mut len = 0usize;
                let mut status = String::new();
                loop {
                    let mut line = String::new();
                    if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
                        return lat;
                    }
                    if status.is_empty() {
                        status = line.clone();
                    }
                    let l = line.to_ascii_lowercase();
                    if let Some(v) = l.strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                    if line == "\r\n" {
                        break;
                    }
                }
                let mut body = vec![0; len];
                if stream.read_exact(&mut body).await.is_err() || !status.contains(" 200 ") {
                    eprintln!("unexpected response: {status}");
                    return lat;
                }
                lat.push(t.elapsed());
            }
            lat
        }));
    }
    let mut all = Vec::new();
    for t in tasks {
        all.extend(t.await?);
    }
    all.sort();
    let pct = |p: f64| {
        all.get(((all.len() as f64 * p) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    println!(
        "{path} as {role}: {clients} clients, {secs} s: {} requests, {:.0}/s; p50 {:?}, p90 {:?}, p99 {:?}, max {:?}",
        all.len(),
        all.len() as f64 / secs as f64,
        pct(0.50),
        pct(0.90),
        pct(0.99),
        all.last().copied().unwrap_or_default()
    );
    Ok(())
}
