//! A load test on loopback: N concurrent clients, each with its own session, request a page
//! over keep-alive HTTP/1.1 for a number of seconds; prints requests/s and latency percentiles.
//!
//! ```sh
//! cargo run --release -p sightline -- --db demo.db demo --no-serve
//! cargo run --release -p sightline-web --example load -- demo.db / 50 10
//! cargo run --release -p sightline-web --example load -- demo.db /indicators/cp_visited_in_timescale_pct 50 10
//! ```
//! The database may be a SQLite file or a `postgres://` URL.
//! It serves the database itself on a free port, logs in as a `viewer` (or the role given as
//! a fifth argument; the account is created here with a random password) and measures.
//!
//! A sixth argument `flood=N` adds N clients that sign in with random names and wrong
//! passwords as fast as they are answered, each from its own loopback address (127.0.x.y,
//! a new one every 25 attempts, so the per-address limit never stops them all), to measure the
//! pages under a sign-in flood:
//!
//! ```sh
//! cargo run --release -p sightline-web --example load -- demo.db / 16 20 viewer flood=16
//! ```

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
    let app = Sightline::at(&sightline_app::Location::parse(db)).await?;
    let password = sightline_app::random_token();
    let user = format!("load-{role}");
    app.save_user(&Actor::system(), &user, &password, role)
        .await?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let server_app = app.clone();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            sightline_web::router(server_app)
                .into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await;
    });
    let flood: usize = args
        .get(6)
        .and_then(|s| s.strip_prefix("flood="))
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    let deadline = Instant::now() + Duration::from_secs(secs);
    let attempts = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let refused = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut flooders = Vec::new();
    for f in 0..flood {
        let (attempts, refused) = (attempts.clone(), refused.clone());
        flooders.push(tokio::spawn(async move {
            let mut n = 0usize;
            while Instant::now() < deadline {
                // A fresh loopback address for every 25 attempts.
                let k = f * 100_000 + n / 25;
                let ip = std::net::Ipv4Addr::new(127, 1 + (k / 62_500) as u8, (k / 250 % 250) as u8, (k % 250 + 1) as u8);
                let Ok(socket) = tokio::net::TcpSocket::new_v4() else { return };
                if socket.bind((ip, 0).into()).is_err() {
                    return;
                }
                let Ok(stream) = socket.connect(addr).await else { return };
                let mut stream = BufReader::new(stream);
                for _ in 0..25 {
                    if Instant::now() >= deadline {
                        return;
                    }
                    let token = "f".repeat(64);
                    let body = format!("username=nobody{n}&password=wrong-password-{n}&csrf={token}");
                    let req = format!(
                        "POST /login HTTP/1.1\r\nHost: {addr}\r\nCookie: sightline_login={token}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\n\r\n{body}",
                        body.len()
                    );
                    n += 1;
                    if stream.get_mut().write_all(req.as_bytes()).await.is_err() {
                        break;
                    }
                    let Some(status) = response(&mut stream).await else {
                        break;
                    };
                    attempts.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if status.contains(" 429 ") {
                        refused.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    }
                }
            }
        }));
    }
    let mut tasks = Vec::new();
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
                match response(&mut stream).await {
                    Some(status) if status.contains(" 200 ") => {}
                    other => {
                        eprintln!("unexpected response: {other:?}");
                        return lat;
                    }
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
    for f in flooders {
        let _ = f.await;
    }
    if flood > 0 {
        let (a, r) = (
            attempts.load(std::sync::atomic::Ordering::Relaxed),
            refused.load(std::sync::atomic::Ordering::Relaxed),
        );
        println!(
            "sign-in flood: {flood} clients, {a} attempts ({:.0}/s), {r} answered 429 (busy or limited)",
            a as f64 / secs as f64
        );
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

/// Reads one HTTP/1.1 response (status line, headers, a body of Content-Length bytes) and
/// returns its status line; `None` when the connection ends first.
async fn response(stream: &mut BufReader<tokio::net::TcpStream>) -> Option<String> {
    let mut len = 0usize;
    let mut status = String::new();
    loop {
        let mut line = String::new();
        if stream.read_line(&mut line).await.unwrap_or(0) == 0 {
            return None;
        }
        if status.is_empty() {
            status = line.clone();
        }
        if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
        if line == "\r\n" {
            break;
        }
    }
    let mut body = vec![0; len];
    stream.read_exact(&mut body).await.ok()?;
    Some(status)
}
