//! Tampering after signing is caught (issue 21): change-log rows appended after a final
//! sign-off the way an attacker would write them (the data changed with SQL, each change
//! given a log row with the right chain hash and state digest, so the replay passes) are
//! named by `hipaa-ra log verify` and by `hipaa-ra verify REPORT --workspace`, and so is a
//! stored signed report whose bytes no longer match their signature.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::Output;

use hipaa_ra::domain::SignOffRecord;
use hipaa_ra::store::{DataStatus, Store};
use rusqlite::Connection;
use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

use sandbox::clock::{self, today};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// What someone with the file and the format writes: the data changed with SQL and, for
/// each row it changed, a log row chained to the head with the state digest brought up to
/// date (mirroring store/changelog.rs and store/images.rs).
struct Forger {
    conn: Connection,
    at: String,
    actor: String,
}

impl Forger {
    fn open(path: &Path) -> Forger {
        let conn = Connection::open(path).unwrap();
        // Someone editing the file is not held to the schema's references.
        conn.pragma_update(None, "foreign_keys", false).unwrap();
        conn.create_scalar_function(
            "hra_sha256",
            1,
            FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC,
            |context| {
                Ok(match context.get_raw(0) {
                    ValueRef::Blob(bytes) | ValueRef::Text(bytes) => Some(hex(&Sha256::digest(bytes))),
                    _ => None,
                })
            },
        )
        .unwrap();
        Forger {
            conn,
            at: "2026-12-01T09:00:00.000Z".to_string(),
            actor: "Mallory".to_string(),
        }
    }

    fn number(&self, sql: &str) -> i64 {
        self.conn.query_row(sql, [], |row| row.get(0)).unwrap()
    }

    /// The key and image expressions of a table, as the store builds them.
    fn shape(&self, table: &str) -> (String, String) {
        let mut statement = self
            .conn
            .prepare("SELECT name, type, pk FROM pragma_table_info(?1) ORDER BY cid")
            .unwrap();
        let columns: Vec<(String, String, i64)> = statement
            .query_map([table], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap();
        let mut parts = Vec::new();
        for (column, kind, _) in &columns {
            if kind.eq_ignore_ascii_case("blob") {
                parts.push(format!(
                    "'{column}_sha256', hra_sha256(\"{column}\"), '{column}_size', length(\"{column}\")"
                ));
            } else {
                parts.push(format!("'{column}', \"{column}\""));
            }
        }
        let mut keyed: Vec<(i64, String)> = columns
            .iter()
            .filter(|(_, _, pk)| *pk > 0)
            .map(|(column, _, pk)| (*pk, format!("\"{column}\"")))
            .collect();
        keyed.sort();
        let key = match keyed.as_slice() {
            [(_, column)] => format!("CAST({column} AS TEXT)"),
            columns => format!(
                "json_array({})",
                columns
                    .iter()
                    .map(|(_, column)| column.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        (key, format!("json_object({})", parts.join(", ")))
    }

    fn images(&self, table: &str, filter: &str) -> BTreeMap<String, String> {
        let (key, image) = self.shape(table);
        let mut statement = self
            .conn
            .prepare(&format!("SELECT {key}, {image} FROM \"{table}\" WHERE {filter}"))
            .unwrap();
        statement
            .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    /// Runs `sql`, which changes only rows of `table` matching `filter`, and logs each
    /// changed row. Hands back the new log rows' ids.
    fn forge(&self, table: &str, filter: &str, sql: &str) -> Vec<i64> {
        let before = self.images(table, filter);
        self.conn.execute_batch(sql).unwrap();
        let after = self.images(table, filter);
        let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
        keys.sort();
        keys.dedup();
        let mut ids = Vec::new();
        for key in keys {
            let (was, is) = (before.get(key), after.get(key));
            if was == is {
                continue;
            }
            let operation = match (was, is) {
                (None, _) => "create",
                (_, None) => "delete",
                _ => "update",
            };
            ids.push(self.append(table, key, operation, was.map(String::as_str), is.map(String::as_str)));
        }
        assert!(!ids.is_empty(), "{sql} changed nothing");
        ids
    }

    fn append(&self, entity: &str, key: &str, operation: &str, before: Option<&str>, after: Option<&str>) -> i64 {
        let (head, prev_hash, state): (i64, String, String) = self
            .conn
            .query_row(
                "SELECT id, hash, state FROM change_log ORDER BY id DESC LIMIT 1",
                [],
                |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
            )
            .unwrap();
        let mut digest: [u8; 32] = (0..32)
            .map(|i| u8::from_str_radix(&state[i * 2..i * 2 + 2], 16).unwrap())
            .collect::<Vec<_>>()
            .try_into()
            .unwrap();
        if let Some(before) = before {
            add(&mut digest, &row_hash(entity, key, before), true);
        }
        if let Some(after) = after {
            add(&mut digest, &row_hash(entity, key, after), false);
        }
        let state = hex(&digest);
        let id = head + 1;
        let content = serde_json::json!([
            id, self.at, self.actor, entity, key, operation, before, after, prev_hash, state
        ]);
        let hash = hex(&Sha256::digest(content.to_string().as_bytes()));
        self.conn
            .execute(
                "INSERT INTO change_log (id, at, actor, entity, entity_id, operation, before, after, prev_hash, hash, state)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
                rusqlite::params![id, self.at, self.actor, entity, key, operation, before, after, prev_hash, hash, state],
            )
            .unwrap();
        id
    }
}

/// StateDigest::row: the table, key and image, each length-prefixed.
fn row_hash(table: &str, key: &str, image: &str) -> [u8; 32] {
    let mut hasher = Sha256::new();
    for part in [table, key, image] {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// Adds (or subtracts) a row hash to the digest, modulo 2^256.
fn add(digest: &mut [u8; 32], row: &[u8; 32], subtract: bool) {
    let mut carry = 0i16;
    for i in (0..32).rev() {
        let value = if subtract {
            i16::from(digest[i]) - i16::from(row[i]) - carry
        } else {
            i16::from(digest[i]) + i16::from(row[i]) + carry
        };
        carry = i16::from(if subtract { value < 0 } else { value > 255 });
        digest[i] = value.rem_euclid(256) as u8;
    }
}

/// The demo as `hipaa-ra demo` writes it (last year signed and final, this year under way), closed.
fn demo(dir: &Path) -> PathBuf {
    let path = dir.join("demo.hra");
    drop(hipaa_ra::demo_history::create(&path, today()).unwrap());
    path
}

/// The signed assessment of the demo and the log row of its sign-off.
fn signed_year(forger: &Forger) -> (i64, i64) {
    let assessment = forger.number("SELECT assessment_id FROM sign_offs ORDER BY id LIMIT 1");
    let row = forger.number("SELECT min(id) FROM change_log WHERE entity = 'sign_offs' AND operation = 'create'");
    (assessment, row)
}

fn log_verify(path: &Path) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_hipaa-ra"))
        .args(["log", "verify", path.to_str().unwrap()])
        .env("HIPAA_RA_TODAY", clock::TODAY)
        .output()
        .unwrap()
}

/// `log verify` exits 1 with one line naming the forged row and saying `expected`; the
/// replay passed, so it is the signed-year check that caught it.
fn assert_named(path: &Path, row: i64, expected: &str) {
    let output = log_verify(path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        output.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("a signed year was changed after its signature"),
        "the replay must pass: {stdout}"
    );
    assert!(stdout.contains(&format!("change log row {row}: ")), "{stdout}");
    assert!(stdout.contains(expected), "{stdout}");
}

fn assert_passes(path: &Path) {
    let output = log_verify(path);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn the_untampered_demo_passes_with_its_signed_year_and_the_work_after_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (_, signed_at) = signed_year(&forger);
    let head = forger.number("SELECT max(id) FROM change_log");
    assert!(head > signed_at, "the demo works on next year after signing");
    assert_passes(&path);
}

#[test]
fn an_update_of_a_signed_years_risk_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, signed_at) = signed_year(&forger);
    let risk = forger.number(&format!("SELECT min(id) FROM risks WHERE assessment_id = {assessment}"));
    let rows = forger.forge(
        "risks",
        &format!("id = {risk}"),
        &format!("UPDATE risks SET likelihood = CASE likelihood WHEN 1 THEN 2 ELSE 1 END WHERE id = {risk}"),
    );
    assert_named(
        &path,
        rows[0],
        &format!("it changes risks {risk} of assessment {assessment}, which was signed at row {signed_at} ("),
    );
    // The library says the same.
    let store = Store::open_for_reading(&path).unwrap();
    match store.verify_history().unwrap() {
        DataStatus::AfterSigning { record, .. } => assert_eq!(record, format!("change log row {}", rows[0])),
        other => panic!("expected the forged row to be named, got {other:?}"),
    }
    assert!(store.check_signed_years().unwrap().is_some());
}

#[test]
fn moving_a_risk_into_a_signed_year_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, _) = signed_year(&forger);
    let risk = forger.number(&format!(
        "SELECT min(id) FROM risks WHERE assessment_id <> {assessment}"
    ));
    let rows = forger.forge(
        "risks",
        &format!("id = {risk}"),
        &format!("UPDATE risks SET assessment_id = {assessment} WHERE id = {risk}"),
    );
    assert_named(&path, rows[0], &format!("risks {risk} of assessment {assessment}"));
}

#[test]
fn deleting_the_sign_off_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, signed_at) = signed_year(&forger);
    let sign_off = forger.number("SELECT min(id) FROM sign_offs");
    let rows = forger.forge(
        "sign_offs",
        &format!("id = {sign_off}"),
        &format!("DELETE FROM sign_offs WHERE id = {sign_off}"),
    );
    assert_named(
        &path,
        rows[0],
        &format!(
            "it deletes sign_offs {sign_off}, the signature of assessment {assessment}, which was signed at row {signed_at}"
        ),
    );
}

#[test]
fn a_second_sign_off_of_a_signed_year_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, _) = signed_year(&forger);
    let next = forger.number("SELECT max(id) + 1 FROM sign_offs");
    let rows = forger.forge(
        "sign_offs",
        &format!("id = {next}"),
        &format!(
            "INSERT INTO sign_offs (id, assessment_id, report_date, signed_at, signer, key_id, report_sha256, log_head)
             SELECT {next}, assessment_id, report_date, signed_at, 'Mallory', key_id, report_sha256, log_head
             FROM sign_offs WHERE assessment_id = {assessment}"
        ),
    );
    assert_named(&path, rows[0], &format!("a second sign-off of assessment {assessment}"));
}

#[test]
fn an_evidence_link_added_to_a_signed_years_risk_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, _) = signed_year(&forger);
    let evidence = forger.number("SELECT min(id) FROM evidence");
    let risk = forger.number(&format!(
        "SELECT min(id) FROM risks WHERE assessment_id = {assessment} AND id NOT IN
             (SELECT CAST(target_ref AS INTEGER) FROM evidence_links WHERE evidence_id = {evidence} AND target = 'risk')"
    ));
    let rows = forger.forge(
        "evidence_links",
        &format!("evidence_id = {evidence} AND target = 'risk' AND target_ref = '{risk}'"),
        &format!("INSERT INTO evidence_links (evidence_id, target, target_ref) VALUES ({evidence}, 'risk', '{risk}')"),
    );
    assert_named(
        &path,
        rows[0],
        &format!("it creates evidence_links [{evidence},\"risk\",\"{risk}\"] of assessment {assessment}"),
    );
}

#[test]
fn deleting_a_signed_years_action_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path());
    let forger = Forger::open(&path);
    let (assessment, _) = signed_year(&forger);
    let action = forger.number(&format!(
        "SELECT min(a.id) FROM actions a JOIN risks r ON r.id = a.risk_id WHERE r.assessment_id = {assessment}"
    ));
    let rows = forger.forge(
        "actions",
        &format!("id = {action}"),
        &format!("DELETE FROM actions WHERE id = {action}"),
    );
    assert_named(
        &path,
        rows[0],
        &format!("it deletes actions {action} of assessment {assessment}"),
    );
}

#[test]
fn verify_with_the_workspace_names_a_row_that_changed_the_signed_year() {
    let sandbox = Sandbox::new();
    let workspace = sandbox.demo();
    let workspace = workspace.as_str();
    sandbox.ok(&["key", "generate", "--unencrypted"]);
    sandbox.ok(&["report", workspace, "-o", "report.pdf", "--sign", "--draft"]);
    let verify = || sandbox.run(&["verify", "report.pdf", "--workspace", workspace]);
    let output = verify();
    assert_eq!(output.status.code(), Some(0), "{}", sandbox::stdout(&output));

    let forger = Forger::open(Path::new(workspace));
    let (assessment, _) = signed_year(&forger);
    let risk = forger.number(&format!("SELECT max(id) FROM risks WHERE assessment_id = {assessment}"));
    let rows = forger.forge(
        "risks",
        &format!("id = {risk}"),
        &format!("UPDATE risks SET impact = CASE impact WHEN 1 THEN 2 ELSE 1 END WHERE id = {risk}"),
    );
    drop(forger);
    let output = verify();
    let stdout = sandbox::stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("a signed year was changed after its signature"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "change log row {}: it changes risks {risk} of assessment {assessment}",
            rows[0]
        )),
        "{stdout}"
    );
}

/// A new workspace whose assessment is signed with a fresh key over `pdf` (its sign-off
/// records the PDF's SHA-256), the signed report stored as the sign-off's transaction
/// would store it, with `stored_pdf` as the stored PDF bytes. Hands back the forger.
fn signed_workspace(path: &Path, pdf: &[u8], stored_pdf: &[u8], same_transaction: bool) -> Forger {
    let json = br#"{"report":"signed"}"#;
    let mut store = Store::create(path, "Clinic", "Ana", today()).unwrap();
    let assessment = store.current_assessment_id().unwrap();
    let sign_off = store
        .record_sign_off(&SignOffRecord {
            id: 0,
            assessment_id: assessment,
            report_date: today(),
            signed_at: "2026-11-23T10:00:00Z".to_string(),
            signer: "Ana".to_string(),
            key_id: "ABCDEF0123456789".to_string(),
            report_sha256: hex(&Sha256::digest(pdf)),
            log_head: 0,
            current: true,
        })
        .unwrap();
    drop(store);
    let pair = minisign::KeyPair::generate_unencrypted_keypair().unwrap();
    let sign = |bytes: &[u8]| {
        minisign::sign(Some(&pair.pk), &pair.sk, Cursor::new(bytes), Some("test"), None)
            .unwrap()
            .to_string()
    };
    let mut forger = Forger::open(path);
    if same_transaction {
        let (at, actor): (String, String) = forger
            .conn
            .query_row("SELECT at, actor FROM change_log ORDER BY id DESC LIMIT 1", [], |row| {
                Ok((row.get(0)?, row.get(1)?))
            })
            .unwrap();
        (forger.at, forger.actor) = (at, actor);
    }
    forger
        .conn
        .execute(
            "INSERT INTO signed_reports (assessment_id, sign_off_id, public_key, paper, pdf, pdf_signature, json, json_signature)
             VALUES (?1, ?2, ?3, 'letter', ?4, ?5, ?6, ?7)",
            rusqlite::params![assessment, sign_off, pair.pk.to_base64(), stored_pdf, sign(pdf), json.as_slice(), sign(json)],
        )
        .unwrap();
    let images = forger.images("signed_reports", &format!("assessment_id = {assessment}"));
    let (key, image) = images.into_iter().next().unwrap();
    forger.append("signed_reports", &key, "create", None, Some(&image));
    forger
}

#[test]
fn a_signed_report_stored_with_its_sign_off_passes_and_any_change_to_it_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.hra");
    let pdf = b"%PDF-1.7 the signed report".to_vec();
    let mut forger = signed_workspace(&path, &pdf, &pdf, true);
    assert_passes(&path);

    // One byte of the stored PDF flipped, with the log row that makes the replay pass.
    forger.at = "2026-12-01T09:00:00.000Z".to_string();
    let rows = forger.forge(
        "signed_reports",
        "assessment_id = 1",
        "UPDATE signed_reports SET pdf = CAST(replace(CAST(pdf AS TEXT), '%PDF', '%PDG') AS BLOB)",
    );
    assert_named(
        &path,
        rows[0],
        "it changes signed_reports 1 (the signed report of assessment 1): a stored signed report is kept",
    );
}

#[test]
fn a_stored_signed_report_whose_bytes_do_not_match_its_signature_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.hra");
    let pdf = b"%PDF-1.7 the signed report".to_vec();
    let mut flipped = pdf.clone();
    flipped[5] ^= 0x01;
    signed_workspace(&path, &pdf, &flipped, true);
    let output = log_verify(&path);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "signed_reports 1 (the signed report of assessment 1): its stored PDF no longer matches its signature"
        ),
        "{stdout}"
    );
}

#[test]
fn a_signed_report_stored_after_the_sign_offs_transaction_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("signed.hra");
    let pdf = b"%PDF-1.7 the signed report".to_vec();
    signed_workspace(&path, &pdf, &pdf, false);
    let head = Forger::open(&path).number("SELECT max(id) FROM change_log");
    assert_named(&path, head, "outside the transaction of the sign-off of assessment 1");
}

#[test]
fn relinking_an_evidence_record_keeps_its_links_to_the_signed_year_and_deleting_it_is_refused() {
    use hipaa_ra::domain::{Evidence, EvidenceKind, EvidenceLink, LinkTarget};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("linked.hra");
    let mut store = Store::create(&path, "Clinic", "Ana", today()).unwrap();
    let last_year = store.current_assessment_id().unwrap();
    let risk = hipaa_ra::catalog::Catalog::embedded()
        .threat("ransomware")
        .unwrap()
        .scenario(&store.snapshot().unwrap(), Vec::new());
    let risk = store.add_risks(std::slice::from_ref(&risk)).unwrap()[0];
    let link = |risk: i64| EvidenceLink {
        target: LinkTarget::Risk,
        target_ref: risk.to_string(),
    };
    let evidence = store
        .add_evidence(
            &Evidence {
                title: "Backup restore test".into(),
                kind: EvidenceKind::Procedure,
                dated: None,
                links: vec![link(risk)],
                ..Default::default()
            },
            None,
        )
        .unwrap();
    store
        .record_sign_off(&SignOffRecord {
            id: 0,
            assessment_id: last_year,
            report_date: today(),
            signed_at: "2026-11-23T10:00:00Z".to_string(),
            signer: "Ana".to_string(),
            key_id: "ABCDEF0123456789".to_string(),
            report_sha256: "0".repeat(64),
            log_head: 0,
            current: true,
        })
        .unwrap();
    store.next_assessment(&Default::default(), today()).unwrap();
    let this_year = store.current_assessment_id().unwrap();
    let copied = store.risks(this_year).unwrap()[0].id;
    // What the Evidence screen gives back: only this year's risks, here none of them.
    store.set_evidence_links(evidence, &[]).unwrap();
    let links = store.evidence_record(evidence).unwrap().links;
    assert_eq!(links, vec![link(risk)], "last year's link stays, this year's copy goes");
    assert_ne!(copied, risk);
    let status = store.verify_history().unwrap();
    assert!(matches!(status, DataStatus::Consistent { .. }), "{status:?}");
    // A record the signed year cites is part of that year's record: deleting it is
    // refused naming the year, and nothing changes.
    let refused = store.delete_evidence(evidence).unwrap_err().to_string();
    assert!(refused.contains("final and signed"), "{refused}");
    assert_eq!(store.evidence_record(evidence).unwrap().links, vec![link(risk)]);
    let status = store.verify_history().unwrap();
    assert!(matches!(status, DataStatus::Consistent { .. }), "{status:?}");
}
