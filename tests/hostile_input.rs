//! Hostile input without cargo-fuzz: the fuzz targets' bodies (`fuzz/harness.rs`) run over
//! the committed seeds (`fuzz/seeds/`) and a few thousand mutations of them drawn from a
//! fixed seed, so CI checks the same properties as `fuzz/run` with nothing installed: no
//! panic, one-line errors, and what is accepted survives a write and a re-read.
//!
//! The JSON mutations are of two kinds: bytes (which mostly test the parser's refusals)
//! and values (a leaf replaced or a key removed, which gets past the parser and tests the
//! checks and the restore).

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::Path;

use serde_json::Value;

/// Set to a number to draw other mutations.
const SEED_VARIABLE: &str = "HIPAA_RA_FUZZ_SEED";

struct Rng(u64);

impl Rng {
    fn from_env(default: u64) -> Rng {
        let seed = std::env::var(SEED_VARIABLE)
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or(default);
        eprintln!("mutations from seed {seed} (set {SEED_VARIABLE} to change)");
        Rng(seed | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

fn seeds(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds").join(target);
    let mut seeds: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
        .map(|entry| {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&path).unwrap())
        })
        .collect();
    seeds.sort();
    assert!(!seeds.is_empty(), "no seeds in {}", dir.display());
    seeds
}

/// Text that has broken parsers before: quoting, line ends, byte-order marks, invalid
/// UTF-8, combining marks, joiners, right-to-left overrides, huge numbers, odd dates.
const TOKENS: &[&[u8]] = &[
    b"\"",
    b"\"\"",
    b",",
    b"\n",
    b"\r\n",
    b"\r",
    b"\xEF\xBB\xBF",
    b"\0",
    b"\xff\xfe",
    b"\xc3",
    b"name",
    b"kind",
    b"owner",
    b"laptop",
    b"CRMT",
    b"none",
    b"2/30/2025",
    b"2025-13-01",
    b"99999999999999999999999",
    b"-1",
    "e\u{301}\u{302}\u{303}".as_bytes(),
    "👩\u{200D}👩\u{200D}👧".as_bytes(),
    "\u{202E}ereh\u{202C}".as_bytes(),
    "שלום עליכם".as_bytes(),
    "\u{FEFF}".as_bytes(),
    b"{",
    b"}",
    b"[",
    b"]",
    b":",
    b"null",
    b"1e999",
];

/// A few random edits of `seed`.
fn mutate(rng: &mut Rng, seed: &[u8]) -> Vec<u8> {
    let mut data = seed.to_vec();
    for _ in 0..1 + rng.below(4) {
        let position = rng.below(data.len() + 1);
        match rng.below(6) {
            0 if !data.is_empty() => {
                let at = position.min(data.len() - 1);
                data[at] ^= 1 << rng.below(8);
            }
            1 if !data.is_empty() => {
                let at = position.min(data.len() - 1);
                data[at] = rng.next() as u8;
            }
            2 => {
                let end = (position + 1 + rng.below(16)).min(data.len());
                data.drain(position.min(end)..end);
            }
            3 => {
                let token = rng.pick(TOKENS);
                data.splice(position..position, token.iter().copied());
            }
            4 if !data.is_empty() => {
                let start = rng.below(data.len());
                let end = (start + 1 + rng.below(64)).min(data.len());
                let copy = data[start..end].to_vec();
                data.splice(position..position, copy);
            }
            _ => data.truncate(position),
        }
    }
    data
}

/// Values to put where a JSON value was.
fn hostile_value(rng: &mut Rng) -> Value {
    match rng.below(12) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 0),
        2 => Value::from(-1),
        3 => Value::from(u64::MAX),
        4 => Value::from(1e300),
        5 => Value::from(0),
        6 => Value::Array(Vec::new()),
        7 => Value::Object(serde_json::Map::new()),
        8 => Value::from("x".repeat(10_000)),
        9 => Value::from(""),
        10 => Value::from(rng.below(40)),
        _ => {
            let token: &&[u8] = rng.pick(TOKENS);
            Value::from(String::from_utf8_lossy(token).into_owned())
        }
    }
}

/// Replaces one random leaf (or removes one key, or empties one array) of a JSON value.
fn mutate_value(rng: &mut Rng, value: &mut Value) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            let key = map.keys().nth(rng.below(map.len())).cloned().unwrap();
            match rng.below(8) {
                0 => {
                    map.remove(&key);
                }
                1 => {
                    map.insert(key, hostile_value(rng));
                }
                _ => mutate_value(rng, map.get_mut(&key).unwrap()),
            }
        }
        Value::Array(items) if !items.is_empty() => match rng.below(10) {
            0 => items.clear(),
            1 => {
                let copy = items[rng.below(items.len())].clone();
                items.push(copy);
            }
            _ => {
                let index = rng.below(items.len());
                mutate_value(rng, &mut items[index]);
            }
        },
        leaf => *leaf = hostile_value(rng),
    }
}

#[test]
fn csv_import_survives_the_seeds_and_their_mutations() {
    let seeds = seeds("assets_csv");
    for (name, seed) in &seeds {
        eprintln!("seed {name}");
        harness::assets_csv(seed);
    }
    let mut rng = Rng::from_env(0xC5F_5EED);
    for _ in 0..4000 {
        let (_, seed) = rng.pick(&seeds);
        let data = mutate(&mut rng, seed);
        let outcome = std::panic::catch_unwind(|| harness::assets_csv(&data));
        assert!(
            outcome.is_ok(),
            "this input fails (also in fuzz/run's terms): {:?}",
            String::from_utf8_lossy(&data).chars().take(300).collect::<String>()
        );
    }
}

#[test]
fn json_import_and_restore_survive_the_seeds_and_their_mutations() {
    let seeds = seeds("workspace_json");
    for (name, seed) in &seeds {
        eprintln!("seed {name}");
        harness::workspace_json(seed);
    }
    let mut rng = Rng::from_env(0x0750_5EED);
    for round in 0..2000 {
        let (_, seed) = rng.pick(&seeds);
        let data = if round % 2 == 0 {
            mutate(&mut rng, seed)
        } else {
            let mut value: Value = serde_json::from_slice(seed).unwrap();
            mutate_value(&mut rng, &mut value);
            serde_json::to_vec_pretty(&value).unwrap()
        };
        let outcome = std::panic::catch_unwind(|| harness::workspace_json(&data));
        assert!(
            outcome.is_ok(),
            "this input fails (also in fuzz/run's terms; {} bytes): {:.300}",
            data.len(),
            String::from_utf8_lossy(&data)
        );
    }
}
