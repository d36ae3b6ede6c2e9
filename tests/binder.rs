//! The audit binder (issue 29), through the real binary: the demo's binder is a valid bag
//! for the Library of Congress `bagit` validator (HIPAA_RA_BAGIT_PYTHON, set by .ci/run)
//! and for `hipaa-ra verify`; one changed byte in any of its files makes both fail naming
//! the file; two binders of the same workspace and date are the same bytes; the index
//! names the audit protocol's inquiries with the citations of the reference; a signed bag's
//! tag manifest verifies with the independent minisign tool.

#[path = "support/tools.rs"]
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::{Sandbox, stderr, stdout};

const DATE: &str = "2026-11-20";

/// The Python that has `bagit` (HIPAA_RA_BAGIT_PYTHON, else python3), or None after
/// saying the check is skipped.
fn bagit_python() -> Option<String> {
    let python = std::env::var("HIPAA_RA_BAGIT_PYTHON").unwrap_or_else(|_| "python3".to_string());
    let probe = Command::new(&python).args(["-c", "import bagit"]).output();
    match probe {
        Ok(output) if output.status.success() => Some(python),
        _ => {
            tools::skip(&format!(
                "the Library of Congress bagit package is not installed for {python}; .ci/run installs it"
            ));
            None
        }
    }
}

/// Python for unzipping and zipping (the standard library's zipfile is enough).
fn python() -> String {
    std::env::var("HIPAA_RA_BAGIT_PYTHON").unwrap_or_else(|_| "python3".to_string())
}

fn run(command: &mut Command) -> Output {
    command.output().expect("runs")
}

/// Unzips `zip` into `into` with Python's zipfile (an independent reader), handing back
/// the bag's folder.
fn unzip(zip: &Path, into: &Path) -> PathBuf {
    let output = run(Command::new(python()).args([
        "-c",
        "import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2])",
        zip.to_str().unwrap(),
        into.to_str().unwrap(),
    ]));
    assert!(output.status.success(), "{}", stderr(&output));
    let mut folders: Vec<PathBuf> = std::fs::read_dir(into)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(folders.len(), 1, "one top-level folder: {folders:?}");
    folders.pop().unwrap()
}

/// Zips the folder `bag` (as its top-level folder) into `zip` with Python's zipfile.
fn zip_folder(bag: &Path, zip: &Path) {
    let script = "import os, sys, zipfile\n\
                  bag, out = sys.argv[1], sys.argv[2]\n\
                  base = os.path.dirname(bag)\n\
                  with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:\n\
                  \x20   for root, dirs, files in os.walk(bag):\n\
                  \x20       for name in sorted(files):\n\
                  \x20           path = os.path.join(root, name)\n\
                  \x20           z.write(path, os.path.relpath(path, base))\n";
    let output = run(Command::new(python()).args(["-c", script, bag.to_str().unwrap(), zip.to_str().unwrap()]));
    assert!(output.status.success(), "{}", stderr(&output));
}

/// `python -m bagit --validate DIR`: Ok(what it said) or Err(what it said).
fn bagit_validate(python: &str, bag: &Path) -> Result<String, String> {
    let output = run(Command::new(python).args(["-m", "bagit", "--validate", bag.to_str().unwrap()]));
    let said = format!("{}{}", stdout(&output), stderr(&output));
    if output.status.success() { Ok(said) } else { Err(said) }
}

/// Every file of the bag, relative to its folder, sorted.
fn files_of(bag: &Path) -> Vec<String> {
    fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, base, out);
            } else {
                out.push(path.strip_prefix(base).unwrap().to_str().unwrap().to_string());
            }
        }
    }
    let mut out = Vec::new();
    walk(bag, bag, &mut out);
    out.sort();
    out
}

fn binder(sandbox: &Sandbox, workspace: &str, name: &str, extra: &[&str]) -> PathBuf {
    let out = sandbox.path(name);
    let mut args = vec!["binder", workspace, "-o", out.to_str().unwrap(), "--date", DATE];
    args.extend_from_slice(extra);
    let said = sandbox.ok(&args);
    assert!(said.contains("binder"), "{said}");
    out
}

fn verify(sandbox: &Sandbox, zip: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", zip.to_str().unwrap()];
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

#[test]
fn the_demos_binder_is_a_valid_bag_for_the_library_of_congress_validator_and_for_verify() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let zip = binder(&sandbox, &demo, "binder.zip", &[]);
    let bag = unzip(&zip, &sandbox.path("unzipped"));
    assert_eq!(bag.file_name().unwrap().to_str().unwrap(), "audit-binder-2026");
    let files = files_of(&bag);
    for expected in [
        "bagit.txt",
        "bag-info.txt",
        "manifest-sha256.txt",
        "tagmanifest-sha256.txt",
        "data/index.html",
        "data/index.pdf",
        "data/report/risk-analysis-2026-DRAFT.pdf",
        "data/analysis/risk-register.csv",
        "data/analysis/remediation-plan.csv",
        "data/analysis/inventory.csv",
        "data/analysis/risk-analysis.xlsx",
        "data/analysis/poam.oscal.json",
        "data/workforce/people.csv",
        "data/evidence/evidence-index.csv",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected} missing from {files:?}"
        );
    }
    // The demo's stored evidence files, by their original names in folders by kind.
    assert!(
        files
            .iter()
            .any(|file| file.starts_with("data/evidence/") && !file.ends_with("evidence-index.csv")),
        "{files:?}"
    );
    assert_eq!(
        std::fs::read_to_string(bag.join("bagit.txt")).unwrap(),
        "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"
    );
    let info = std::fs::read_to_string(bag.join("bag-info.txt")).unwrap();
    let payload: Vec<&String> = files.iter().filter(|file| file.starts_with("data/")).collect();
    let octets: u64 = payload
        .iter()
        .map(|file| std::fs::metadata(bag.join(file)).unwrap().len())
        .sum();
    for line in [
        "Source-Organization: Riverside Family Medicine".to_string(),
        format!("Bagging-Date: {DATE}"),
        format!("Payload-Oxum: {octets}.{}", payload.len()),
        "Assessment-Status: DRAFT (risk analysis not signed)".to_string(),
    ] {
        assert!(info.lines().any(|got| got == line), "{line} not in\n{info}");
    }
    assert!(info.contains("External-Identifier: hipaa-ra:"), "{info}");
    assert!(info.contains("Assessment-Title: "), "{info}");

    let said = verify(&sandbox, &zip, &[]);
    assert!(said.status.success(), "{}{}", stdout(&said), stderr(&said));
    let line = stdout(&said);
    assert!(line.starts_with("valid: "), "{line}");
    assert!(
        line.contains("Riverside Family Medicine, 2026, DRAFT (risk analysis not signed)"),
        "{line}"
    );
    assert!(line.contains(&format!("{} files", payload.len())), "{line}");

    if let Some(python) = bagit_python() {
        match bagit_validate(&python, &bag) {
            Ok(said) => assert!(said.contains("is valid"), "{said}"),
            Err(said) => panic!("the demo's binder is not a valid bag for bagit: {said}"),
        }
    }
}

#[test]
fn two_binders_of_the_same_workspace_and_date_are_byte_identical_whatever_their_names() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let first = std::fs::read(binder(&sandbox, &demo, "first.zip", &[])).unwrap();
    let second = std::fs::read(binder(&sandbox, &demo, "second.zip", &[])).unwrap();
    assert!(first == second, "two binders of the same workspace and date differ");
    // A later date is another bag (its bag-info and entries' times say so).
    let later = sandbox.path("later.zip");
    sandbox.ok(&["binder", &demo, "-o", later.to_str().unwrap(), "--date", "2026-11-21"]);
    assert_ne!(first, std::fs::read(&later).unwrap());
}

/// Changes one byte of `file`: in a text file, the first letter or digit of the line
/// holding its middle becomes another of its kind (a manifest's checksum stays hex, so the
/// file stays well formed); in any other file, the middle byte is flipped.
fn change_one_byte(file: &Path) {
    let mut bytes = std::fs::read(file).unwrap();
    let middle = bytes.len() / 2;
    let text = file.extension().is_some_and(|extension| extension == "txt");
    let at = if text {
        let line_start = bytes[..middle]
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |at| at + 1);
        (line_start..bytes.len())
            .find(|&at| bytes[at].is_ascii_alphanumeric())
            .unwrap()
    } else {
        middle
    };
    bytes[at] = match bytes[at] {
        b'9' if text => b'0',
        b'f' if text => b'a',
        b'z' | b'Z' if text => bytes[at] - 1,
        byte if text => byte + 1,
        other => other ^ 0x01,
    };
    std::fs::write(file, bytes).unwrap();
}

#[test]
fn one_changed_byte_in_any_file_fails_the_validator_and_verify_naming_the_file() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let zip = binder(&sandbox, &demo, "binder.zip", &[]);
    let python = bagit_python();
    let listed = files_of(&unzip(&zip, &sandbox.path("listing")));
    for (number, file) in listed.iter().enumerate() {
        let bag = unzip(&zip, &sandbox.path(&format!("changed-{number}")));
        change_one_byte(&bag.join(file));
        let name = Path::new(file).file_name().unwrap().to_str().unwrap();
        if let Some(python) = &python {
            match bagit_validate(python, &bag) {
                Ok(said) => panic!("bagit accepted the bag with {file} changed: {said}"),
                // A changed line of the tag manifest is reported by the file it lists
                // ("bagit.txt sha256 validation failed"): that is how bagit names it.
                Err(said) => assert!(
                    said.contains(name)
                        || (name == "tagmanifest-sha256.txt" && said.contains("sha256 validation failed")),
                    "bagit did not name {file}: {said}"
                ),
            }
        }
        let rezipped = sandbox.path(&format!("changed-{number}.zip"));
        zip_folder(&bag, &rezipped);
        let said = verify(&sandbox, &rezipped, &[]);
        assert_eq!(
            said.status.code(),
            Some(1),
            "verify accepted {file} changed: {}",
            stdout(&said)
        );
        let line = stdout(&said);
        assert!(line.starts_with("invalid: ") && line.contains(name), "{file}: {line}");
    }
    // The bag rezipped unchanged is still valid: the failures are the changes.
    let bag = unzip(&zip, &sandbox.path("unchanged"));
    let rezipped = sandbox.path("unchanged.zip");
    zip_folder(&bag, &rezipped);
    assert!(verify(&sandbox, &rezipped, &[]).status.success());
}

#[test]
fn a_file_added_or_removed_is_named() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let zip = binder(&sandbox, &demo, "binder.zip", &[]);

    let bag = unzip(&zip, &sandbox.path("added"));
    std::fs::write(bag.join("data/analysis/extra.csv"), "a,b\n").unwrap();
    let rezipped = sandbox.path("added.zip");
    zip_folder(&bag, &rezipped);
    let said = stdout(&verify(&sandbox, &rezipped, &[]));
    assert!(
        said.starts_with("invalid: ") && said.contains("data/analysis/extra.csv"),
        "{said}"
    );

    let bag = unzip(&zip, &sandbox.path("removed"));
    std::fs::remove_file(bag.join("data/analysis/inventory.csv")).unwrap();
    let rezipped = sandbox.path("removed.zip");
    zip_folder(&bag, &rezipped);
    let said = stdout(&verify(&sandbox, &rezipped, &[]));
    assert!(
        said.starts_with("invalid: ") && said.contains("data/analysis/inventory.csv"),
        "{said}"
    );
}

#[test]
fn a_signed_binder_verifies_with_its_key_and_the_independent_minisign_tool() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let key = sandbox.run(&["key", "generate", "--unencrypted"]);
    assert!(key.status.success(), "{}", stderr(&key));
    let public = sandbox.path("home/config/hipaa-ra/hipaa-ra.pub");
    let zip = binder(&sandbox, &demo, "signed.zip", &["--sign"]);
    // Signed twice: the same bag, signed over the same tag manifest (minisign's signatures
    // take fresh randomness, so only the .minisig differs between the two).
    let again = binder(&sandbox, &demo, "signed-again.zip", &["--sign"]);
    let (first, second) = (
        unzip(&zip, &sandbox.path("first")),
        unzip(&again, &sandbox.path("second")),
    );
    assert_eq!(files_of(&first), files_of(&second));
    for file in files_of(&first) {
        if file != "tagmanifest-sha256.txt.minisig" {
            assert!(
                std::fs::read(first.join(&file)).unwrap() == std::fs::read(second.join(&file)).unwrap(),
                "{file}"
            );
        }
    }

    let said = verify(&sandbox, &zip, &["--pubkey", public.to_str().unwrap()]);
    assert!(said.status.success(), "{}{}", stdout(&said), stderr(&said));
    assert!(
        stdout(&said).contains("tag manifest signed by key"),
        "{}",
        stdout(&said)
    );
    // Without the key: valid, and it says the signature was not checked.
    let said = stdout(&verify(&sandbox, &zip, &[]));
    assert!(said.contains("signature not checked"), "{said}");

    let bag = unzip(&zip, &sandbox.path("signed"));
    assert!(bag.join("tagmanifest-sha256.txt.minisig").is_file());
    if let Some(python) = bagit_python() {
        assert!(bagit_validate(&python, &bag).is_ok());
    }
    if tools::available("minisign", "-v") {
        let output = run(Command::new("minisign").args([
            "-Vm",
            bag.join("tagmanifest-sha256.txt").to_str().unwrap(),
            "-p",
            public.to_str().unwrap(),
        ]));
        assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    }

    // An unsigned binder is refused when a key is given to check it.
    let unsigned = binder(&sandbox, &demo, "unsigned.zip", &[]);
    let said = verify(&sandbox, &unsigned, &["--pubkey", public.to_str().unwrap()]);
    assert_eq!(said.status.code(), Some(1));
    assert!(
        stdout(&said).contains("tagmanifest-sha256.txt.minisig: missing"),
        "{}",
        stdout(&said)
    );

    // A signature by another key fails, naming the signature.
    let other = sandbox.run(&["key", "generate", "--out", "other", "--unencrypted"]);
    assert!(other.status.success());
    let said = verify(
        &sandbox,
        &zip,
        &["--pubkey", sandbox.path("other/hipaa-ra.pub").to_str().unwrap()],
    );
    assert_eq!(said.status.code(), Some(1));
    assert!(
        stdout(&said).contains("tagmanifest-sha256.txt.minisig"),
        "{}",
        stdout(&said)
    );
}

#[test]
fn a_signed_years_binder_carries_the_kept_signed_report_byte_for_byte() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    // The demo's first year is final and signed.
    let kept = sandbox.path("kept.pdf");
    sandbox.ok(&["report", &demo, "--assessment", "1", "-o", kept.to_str().unwrap()]);
    let zip = binder(&sandbox, &demo, "signed-year.zip", &["--assessment", "1"]);
    let bag = unzip(&zip, &sandbox.path("year"));
    let year = bag
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .trim_start_matches("audit-binder-")
        .to_string();
    let report = bag.join(format!("data/report/risk-analysis-{year}.pdf"));
    assert!(std::fs::read(&report).unwrap() == std::fs::read(&kept).unwrap());
    assert_eq!(
        std::fs::read(bag.join(format!("data/report/risk-analysis-{year}.pdf.minisig"))).unwrap(),
        std::fs::read(sandbox.path("kept.pdf.minisig")).unwrap()
    );
    let line = stdout(&verify(&sandbox, &zip, &[]));
    assert!(line.contains(&format!(", {year}, FINAL (signed ")), "{line}");
    if tools::available("minisign", "-v") {
        let output = run(Command::new("minisign").args([
            "-Vm",
            report.to_str().unwrap(),
            "-p",
            bag.join("data/report/signer.pub").to_str().unwrap(),
        ]));
        assert!(output.status.success(), "{}{}", stdout(&output), stderr(&output));
    }
}

/// The reference's rows, `citation -> name`.
fn reference() -> Vec<(String, String)> {
    include_str!("fixtures/security-rule-citations.md")
        .lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            (cells.len() >= 4 && cells[1].starts_with("164.")).then(|| (cells[1].to_string(), cells[2].to_string()))
        })
        .collect()
}

#[test]
fn the_index_names_each_inquiry_with_the_references_citation_and_its_files() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let zip = binder(&sandbox, &demo, "binder.zip", &[]);
    let bag = unzip(&zip, &sandbox.path("index"));
    let html = std::fs::read_to_string(bag.join("data/index.html")).unwrap();
    assert!(!html.to_lowercase().contains("<script"), "no script");
    assert!(!html.contains("http:") && !html.contains("https:"), "nothing fetched");

    let reference = reference();
    let headings: Vec<&str> = html
        .lines()
        .filter_map(|line| line.split_once("\">")?.1.strip_suffix("</h3>"))
        .collect();
    assert!(headings.len() >= 13, "{headings:?}");
    for heading in &headings {
        let (citation, name) = heading.trim_start_matches('§').split_once(' ').unwrap();
        assert!(
            reference
                .iter()
                .any(|(cited, named)| cited == citation && named == name),
            "{heading}: not a citation and name of the reference"
        );
    }
    // The inquiries the acceptance names, each with its files or saying it has none.
    for inquiry in [
        "§164.308(a)(1)(ii)(A) Risk analysis",
        "§164.308(a)(1)(ii)(B) Risk management",
        "§164.308(a)(5)(i) Security awareness and training",
        "§164.308(a)(6)(i) Security incident procedures",
        "§164.308(a)(4)(i) Information access management",
        "§164.308(a)(7)(i) Contingency plan",
        "§164.308(b)(1) Business associate contracts and other arrangements",
    ] {
        assert!(headings.contains(&inquiry), "{inquiry} not in {headings:?}");
    }
    let analysis = html
        .split("id=\"risk-analysis\"")
        .nth(1)
        .unwrap()
        .split("<h3")
        .next()
        .unwrap();
    assert!(
        analysis.contains("data/report/risk-analysis-2026-DRAFT.pdf"),
        "{analysis}"
    );
    assert!(analysis.contains("data/analysis/risk-register.csv"), "{analysis}");
    let management = html
        .split("id=\"risk-management\"")
        .nth(1)
        .unwrap()
        .split("<h3")
        .next()
        .unwrap();
    assert!(
        management.contains("data/analysis/remediation-plan.csv"),
        "{management}"
    );
    // The program's inquiries name the program records' files.
    for (id, file) in [
        ("training", "data/program/training-sessions.csv"),
        ("training", "data/program/training-status.csv"),
        ("access-management", "data/program/access-reviews.csv"),
        ("incident-procedures", "data/program/incidents.csv"),
        ("incident-procedures", "data/program/breach-log-2026.csv"),
        (
            "policies-and-procedures",
            "data/program/policy-versions-and-reviews.csv",
        ),
        (
            "business-associates",
            "data/business-associates/business-associates.csv",
        ),
        ("contingency-testing", "data/program/contingency-tests.csv"),
        ("contingency-plan", "data/program/contingency-tests.csv"),
    ] {
        let entry = html
            .split(&format!("id=\"{id}\""))
            .nth(1)
            .unwrap()
            .split("<h3")
            .next()
            .unwrap();
        assert!(entry.contains(file), "{id} does not name {file}: {entry}");
    }
    // The demo records no sanctions: said honestly.
    let sanctions = html
        .split("id=\"sanction-policy\"")
        .nth(1)
        .unwrap()
        .split("<h3")
        .next()
        .unwrap();
    assert!(sanctions.contains("Nothing recorded yet"), "{sanctions}");
    // Every link opens a file of the bag.
    for link in html.split("href=\"").skip(1) {
        let target = link.split('"').next().unwrap().replace("%20", " ");
        assert!(bag.join("data").join(&target).is_file(), "{target}: no such file");
    }

    // The PDF says the same.
    let pdf = std::fs::read(bag.join("data/index.pdf")).unwrap();
    let document = lopdf::Document::load_mem(&pdf).unwrap();
    let pages: Vec<u32> = document.get_pages().keys().copied().collect();
    let text = document.extract_text(&pages).unwrap();
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for expected in [
        "Audit binder: Riverside Family Medicine",
        "§164.308(a)(1)(ii)(A) Risk analysis",
        "§164.308(a)(7)(i) Contingency plan",
        "data/analysis/risk-register.csv",
        "Inquiries with nothing to show",
        "Nothing recorded yet",
        "DRAFT",
    ] {
        assert!(text.contains(expected), "{expected} not in the index PDF: {text}");
    }
}

#[test]
fn the_binder_is_never_written_over_the_workspace_and_a_bad_zip_is_refused() {
    let sandbox = Sandbox::new();
    let demo = sandbox.demo();
    let before = std::fs::read(&demo).unwrap();
    let output = sandbox.run(&["binder", &demo, "-o", &demo, "--date", DATE]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(std::fs::read(&demo).unwrap() == before);

    let broken = sandbox.path("broken.zip");
    std::fs::write(&broken, b"PK\x03\x04 not really a zip").unwrap();
    let said = verify(&sandbox, &broken, &[]);
    assert_ne!(said.status.code(), Some(0));
}
