//! Time of `Redactor::analyze` without Python: on a log document of 1 MiB (both cores), on half
//! of it (one thread), and on its lines one by one, as wall time and as the thread's CPU time.
//!
//! With `--quick` it analyses a document of 128 KiB once as a whole and once line by line, for
//! instruction counts under `valgrind --tool=callgrind`, which other work on the machine does
//! not disturb. `--quick --warm-only` stops after the first analyses. The difference between
//! the two counts is the cost of the lines. `--quick --whole` analyses the document as a whole
//! once more instead. `--repeat N` analyses the lines or the whole document N times, which
//! evens out the small differences between runs in the cost of the first analyses.
//!
//! `--lines FILE` takes the document from FILE instead, for example the short texts of
//! `bench/quality.py`, one per line.
//!
//! `cargo bench --bench redact_scan` builds the document from the four line templates of
//! `bench/redaction_peers.py`, with its own random values. The comparison with other tools is
//! that script's job; this one shows where our own time goes while the core is tuned.

use std::time::Instant;

use custombooks_guard::redact::Redactor;

const DOCUMENT_BYTES: usize = 1 << 20;

const QUICK_DOCUMENT_BYTES: usize = 128 << 10;

/// CPU time of the calling thread in seconds, so that other work on a shared machine does not
/// count.
#[allow(unsafe_code)]
fn thread_cpu_seconds() -> f64 {
    let mut time = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `time` is a valid, writable timespec for the duration of the call.
    let status = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &raw mut time) };
    assert_eq!(status, 0, "the thread CPU clock is available");
    #[allow(clippy::cast_precision_loss)]
    let seconds = time.tv_sec as f64 + time.tv_nsec as f64 / 1e9;
    seconds
}

/// Builds a log of about `size` bytes from four line templates, with values from a small
/// linear congruential generator.
fn log_document(size: usize) -> String {
    let mut state: u64 = 0x5eed;
    let mut next = |bound: u64| {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (state >> 33) % bound
    };
    let mut document = String::with_capacity(size + 256);
    while document.len() < size {
        let (second, count, duration) = (next(60), 1 + next(999), 100 + next(99_900));
        let line = match next(4) {
            0 => format!(
                "2026-11-30T14:42:{second:02}Z INFO sync realmId=9479046054854601 \
                 entities={count} duration_ms={duration}"
            ),
            1 => format!(
                "2026-11-30T14:42:{second:02}Z WARN customer Maria Lopez \
                 (maria.lopez@example.com, +44 20 7946 0958) updated card 4111 1111 1111 1111"
            ),
            2 => format!(
                "2026-11-30T14:42:{second:02}Z INFO invoice INV-{duration} total $1,{count}.75 \
                 due 2026-12-31 for Account 4000 Sales"
            ),
            _ => format!(
                "2026-11-30T14:42:{second:02}Z DEBUG GET \
                 /v3/company/9479046054854601/query?minorversion=75 200 {duration} ms from \
                 63.252.72.138"
            ),
        };
        document.push_str(&line);
        document.push('\n');
    }
    document
}

/// Runs `work` `runs` times and prints the best wall and thread CPU time, as MB/s of `bytes`.
fn report(label: &str, runs: usize, bytes: usize, mut work: impl FnMut() -> usize) {
    let (mut wall, mut cpu, mut findings) = (f64::INFINITY, f64::INFINITY, 0);
    for _ in 0..runs {
        let (started, cpu_started) = (Instant::now(), thread_cpu_seconds());
        findings = work();
        cpu = cpu.min(thread_cpu_seconds() - cpu_started);
        wall = wall.min(started.elapsed().as_secs_f64());
    }
    #[allow(clippy::cast_precision_loss)]
    let megabytes = bytes as f64 / 1e6;
    println!(
        "{label}: {:.2} ms wall ({:.1} MB/s), {:.2} ms CPU of this thread ({:.1} MB/s), \
         {findings} findings",
        wall * 1e3,
        megabytes / wall,
        cpu * 1e3,
        megabytes / cpu,
    );
}

fn main() {
    let quick = std::env::args().any(|argument| argument == "--quick");
    let (size, runs) = if quick {
        (QUICK_DOCUMENT_BYTES, 1)
    } else {
        (DOCUMENT_BYTES, 15)
    };
    let document = match std::env::args()
        .skip_while(|argument| argument != "--lines")
        .nth(1)
    {
        Some(path) => std::fs::read_to_string(path).expect("the file given after --lines reads"),
        None => log_document(size),
    };
    let half = &document[..document[..document.len() / 2].rfind('\n').unwrap_or(0)];
    let lines: Vec<&str> = document.lines().collect();

    let redactor = Redactor::new();
    // The first analyses build the states of the lazy DFA.
    let _ = redactor.analyze(&document);
    for line in &lines {
        let _ = redactor.analyze(line);
    }
    if quick {
        let repeat: usize = std::env::args()
            .skip_while(|argument| argument != "--repeat")
            .nth(1)
            .map_or(1, |count| count.parse().expect("--repeat takes a count"));
        if std::env::args().any(|argument| argument == "--whole") {
            for _ in 1..repeat {
                let _ = redactor.analyze(&document);
            }
            println!("{} findings", redactor.analyze(&document).len());
        } else if !std::env::args().any(|argument| argument == "--warm-only") {
            for _ in 1..repeat {
                for line in &lines {
                    let _ = redactor.analyze(line);
                }
            }
            let found: usize = lines.iter().map(|line| redactor.analyze(line).len()).sum();
            println!("{} lines, {found} findings", lines.len());
        }
        return;
    }

    report("document, both cores", runs, document.len(), || {
        redactor.analyze(&document).len()
    });
    report("half document, one thread", runs, half.len(), || {
        redactor.analyze(half).len()
    });
    report(
        &format!("{} lines one by one", lines.len()),
        runs.min(5),
        document.len(),
        || lines.iter().map(|line| redactor.analyze(line).len()).sum(),
    );
}
