//! Criterion benchmark: the tantivy pipeline against an SQLite FTS5
//! baseline over the same entries and the same queries, for relevance
//! (printed once) and latency (measured by criterion).
//!
//! The baseline is built as a careful engineer would with FTS5 alone:
//! `unicode61 remove_diacritics 2`, prefix indexes, bm25 with the same
//! field weights, words joined by OR, the last word as a prefix. It has no
//! stemming, compounds, synonyms or typo tolerance — which is exactly what
//! the comparison is meant to show in numbers.
//!
//! `BENCH_DOCS=10000 cargo bench --bench search` adds synthetic entries.

use std::path::Path;

use auskunft::bench::write_synthetic_kb;
use auskunft::eval::{Case, read_cases};
use auskunft::kb::analysis::{fold, is_stop_word, words};
use auskunft::kb::{Entry, KnowledgeBase};
use auskunft::{Desk, DeskConfig};
use criterion::{Criterion, criterion_group, criterion_main};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions};

struct Fts5 {
    pool: SqlitePool,
    rt: tokio::runtime::Runtime,
}

impl Fts5 {
    fn build(kb: &KnowledgeBase) -> Fts5 {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        let pool = rt.block_on(async {
            let opts = SqliteConnectOptions::new().in_memory(true);
            let pool = SqlitePoolOptions::new()
                .max_connections(1)
                .connect_with(opts)
                .await
                .expect("sqlite");
            sqlx::query(
                "CREATE VIRTUAL TABLE e USING fts5(id UNINDEXED, title, synonyms, summary, body, \
                 tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3 4')",
            )
            .execute(&pool)
            .await
            .expect("fts5 table");
            let mut tx = pool.begin().await.expect("tx");
            for e in kb.entries.values() {
                insert(&mut tx, e).await;
            }
            tx.commit().await.expect("commit");
            pool
        });
        Fts5 { pool, rt }
    }

    fn search(&self, query: &str, limit: i64) -> Vec<String> {
        let terms: Vec<String> = words(query)
            .map(|w| w.text.to_lowercase())
            .filter(|w| !is_stop_word(&fold(w)))
            .collect();
        if terms.is_empty() {
            return Vec::new();
        }
        let last = terms.len() - 1;
        let expr = terms
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let quoted = format!("\"{}\"", t.replace('"', ""));
                if i == last && !query.ends_with(' ') {
                    format!("{quoted}*")
                } else {
                    quoted
                }
            })
            .collect::<Vec<_>>()
            .join(" OR ");
        self.rt.block_on(async {
            sqlx::query_scalar::<_, String>(
                "SELECT id FROM e WHERE e MATCH ?1 ORDER BY bm25(e, 0.0, 4.0, 3.0, 1.6, 1.0) LIMIT ?2",
            )
            .bind(expr)
            .bind(limit)
            .fetch_all(&self.pool)
            .await
            .unwrap_or_default()
        })
    }
}

async fn insert(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>, e: &Entry) {
    sqlx::query("INSERT INTO e (id, title, synonyms, summary, body) VALUES (?1, ?2, ?3, ?4, ?5)")
        .bind(&e.id)
        .bind(&e.title)
        .bind(e.synonyms.join(" · "))
        .bind(&e.summary)
        .bind(e.body_text())
        .execute(&mut **tx)
        .await
        .expect("insert");
}

fn relevance(cases: &[Case], search: impl Fn(&str) -> Vec<String>) -> (f64, f64) {
    let (mut r1, mut r3) = (0, 0);
    for c in cases {
        let ids = search(&c.query);
        if ids.first().is_some_and(|id| c.accepted.contains(id)) {
            r1 += 1;
        }
        if ids.iter().take(3).any(|id| c.accepted.contains(id)) {
            r3 += 1;
        }
    }
    let n = cases.len().max(1) as f64;
    (r1 as f64 / n, r3 as f64 / n)
}

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let docs: usize = std::env::var("BENCH_DOCS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let work = tempfile::tempdir().expect("tmp");
    let kb_dir = work.path().join("kb");
    copy(&root.join("knowledge-base"), &kb_dir);
    if docs > 0 {
        write_synthetic_kb(&kb_dir, docs, 42).expect("synthetic");
    }
    let desk = Desk::open(DeskConfig {
        kb_dir: kb_dir.clone(),
        data_dir: work.path().join("data"),
    })
    .expect("desk");
    let fts = Fts5::build(desk.kb());
    let cases = read_cases(&root.join("tests/data/queries-dev.tsv")).expect("cases");

    let (t1, t3) = relevance(&cases, |q| {
        desk.search(q, 10).into_iter().map(|h| h.id).collect()
    });
    let (f1, f3) = relevance(&cases, |q| fts.search(q, 10));
    eprintln!(
        "relevance on {} dev queries over {} entries: tantivy pipeline recall@1={t1:.3} recall@3={t3:.3} | \
         SQLite FTS5 recall@1={f1:.3} recall@3={f3:.3}",
        cases.len(),
        desk.kb().entries.len()
    );

    let queries: Vec<&str> = cases.iter().map(|c| c.query.as_str()).collect();
    let mut group = c.benchmark_group(format!("search_{}_entries", desk.kb().entries.len()));
    group.bench_function("tantivy_pipeline_all_dev_queries", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(desk.search(q, 10));
            }
        })
    });
    group.bench_function("sqlite_fts5_all_dev_queries", |b| {
        b.iter(|| {
            for q in &queries {
                std::hint::black_box(fts.search(q, 10));
            }
        })
    });
    group.finish();
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for item in std::fs::read_dir(from).expect("read").flatten() {
        let p = item.path();
        if p.is_dir() {
            copy(&p, &to.join(item.file_name()));
        } else {
            std::fs::copy(&p, to.join(item.file_name())).expect("copy");
        }
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
