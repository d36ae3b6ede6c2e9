//! Issue 26: one security official (§164.308(a)(2)) on the command line too. A workspace
//! export naming two is refused by `new --from` in one line naming the holder and the
//! citation, and no file is left behind.

#[path = "support/sandbox.rs"]
mod sandbox;
use sandbox::Sandbox;

#[test]
fn new_from_an_export_with_two_security_officials_is_refused_in_one_line() {
    let sandbox = Sandbox::new();
    let path = sandbox.demo();
    let json = sandbox.path("demo.json");
    sandbox.ok(&["export", &path, "-o", json.to_str().unwrap()]);
    let mut export: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let roles = export["roles"].as_array().unwrap().clone();
    let official = roles
        .iter()
        .find(|role| role["role"] == "security_official")
        .expect("the demo names a security official")
        .clone();
    let someone_else = export["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|person| person["id"] != official["person_id"])
        .unwrap()["id"]
        .clone();
    let mut second = official.clone();
    second["id"] = serde_json::json!(9_999);
    second["person_id"] = someone_else;
    export["roles"].as_array_mut().unwrap().push(second);
    let two = sandbox.path("two.json");
    std::fs::write(&two, serde_json::to_string_pretty(&export).unwrap()).unwrap();

    let refused = sandbox.path("two.hra");
    let message = sandbox.refused(&[
        "new",
        refused.to_str().unwrap(),
        "--from",
        two.to_str().unwrap(),
        "--no-open",
    ]);
    assert!(
        message.contains("Dana Whitfield is already the security official")
            && message.contains("§164.308(a)(2) Assigned security responsibility"),
        "{message}"
    );
    assert_eq!(message.trim().lines().count(), 1, "one line: {message}");
    assert!(!refused.exists(), "nothing left behind");
}
