//! `mtlint server` spoken to as an editor does: JSON-RPC over its standard
//! input and output (initialize, didOpen, didChange, codeAction, hover,
//! shutdown, exit), in UTF-16 and in UTF-8 positions.

mod common;

use common::lsp::Client;
use common::{json, mtlint, seed_article};
use serde_json::{Value, json};

fn file_uri(path: &std::path::Path) -> String {
    let path = path.canonicalize().unwrap();
    let mut uri = String::from("file://");
    for byte in path.to_str().unwrap().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            uri.push(byte as char);
        } else {
            uri.push_str(&format!("%{byte:02X}"));
        }
    }
    uri
}

/// An LSP position of a byte offset, counted independently of the server.
fn position(text: &str, offset: usize, utf8: bool) -> Value {
    let line_start = text[..offset].rfind('\n').map_or(0, |at| at + 1);
    let line = text[..offset].matches('\n').count();
    let before = &text[line_start..offset];
    let character = if utf8 {
        before.len()
    } else {
        before.encode_utf16().count()
    };
    json!({"line": line, "character": character})
}

fn offset(text: &str, at: &Value, utf8: bool) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(at["line"].as_u64().unwrap() as usize)
        .map(str::len)
        .sum();
    let mut units = 0;
    for (i, c) in text[line_start..].char_indices() {
        if units >= at["character"].as_u64().unwrap() as usize {
            return line_start + i;
        }
        units += if utf8 { c.len_utf8() } else { c.len_utf16() };
    }
    text.len()
}

/// Every finding of `mtlint check` on the example article arrives as a
/// diagnostic with the same rule, severity and span.
fn example_article_in(utf8: bool) {
    let article = seed_article();
    let text = std::fs::read_to_string(&article).unwrap();
    let expected = json(&mtlint(&["check", "--format", "json", article.to_str().unwrap()]));
    let mut client = Client::start(&["server"]);
    let init = client.initialize(utf8.then_some(&["utf-8", "utf-16"][..]));
    assert_eq!(
        init["capabilities"]["positionEncoding"],
        if utf8 { "utf-8" } else { "utf-16" }
    );
    let uri = file_uri(&article);
    client.open(&uri, &text);
    let got = client.diagnostics(&uri, 1);
    assert_eq!(got.len(), expected.len());
    for (g, e) in got.iter().zip(&expected) {
        let span = e["start"].as_u64().unwrap() as usize..e["end"].as_u64().unwrap() as usize;
        let range = json!({"start": position(&text, span.start, utf8), "end": position(&text, span.end, utf8)});
        assert_eq!(g["range"], range, "{g}\n{e}");
        assert_eq!(g["code"], e["rule"]);
        assert_eq!(g["source"], "mtlint");
        let severity = match e["severity"].as_str().unwrap() {
            "error" => 1,
            "warning" => 2,
            _ => 3,
        };
        assert_eq!(g["severity"], severity);
        // Related places (the other spellings of a name) in this document.
        let related = e["related"].as_array().cloned().unwrap_or_default();
        let got_related = g["relatedInformation"].as_array().cloned().unwrap_or_default();
        assert_eq!(got_related.len(), related.len(), "{g}");
        for (gr, er) in got_related.iter().zip(&related) {
            let (start, end) = (
                er["start"].as_u64().unwrap() as usize,
                er["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(gr["location"]["uri"], uri);
            assert_eq!(
                gr["location"]["range"],
                json!({"start": position(&text, start, utf8), "end": position(&text, end, utf8)})
            );
            assert_eq!(gr["message"], er["message"]);
        }
    }
    assert!(
        got.iter()
            .any(|g| g["relatedInformation"].as_array().is_some_and(|r| !r.is_empty())),
        "the consistency finding links its other spellings"
    );
    // Arabic letters are two bytes and one UTF-16 unit: most findings sit
    // where the two encodings give different characters.
    let differ = expected
        .iter()
        .filter(|e| {
            let at = e["start"].as_u64().unwrap() as usize;
            position(&text, at, true) != position(&text, at, false)
        })
        .count();
    assert!(differ > expected.len() / 2, "{differ} of {}", expected.len());
    client.shut_down();
}

#[test]
fn example_article_diagnostics_in_utf16() {
    example_article_in(false);
}

#[test]
fn example_article_diagnostics_in_utf8() {
    example_article_in(true);
}

/// Diacritics and a letter outside the BMP before a finding: the
/// character offsets are those of each encoding, counted by hand. Then an
/// edit, a code action applied, a hover, and "disable for this line".
fn edit_fix_and_hover_in(utf8: bool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("مقال.txt");
    let text = "قُتِلَ 𝐀 قال مظلوم عبادي اليوم\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(&["server"]);
    client.initialize(utf8.then_some(&["utf-8"][..]));
    client.open(&uri, text);
    let got = client.diagnostics(&uri, 1);
    let name = got
        .iter()
        .find(|d| d["code"] == "mazloum-abdi")
        .expect("the misspelt name is found");
    // «قُتِلَ» 6 UTF-16 units / 12 bytes, 𝐀 2 / 4, «قال» 3 / 6, spaces 1.
    let start = if utf8 {
        12 + 1 + 4 + 1 + 6 + 1
    } else {
        6 + 1 + 2 + 1 + 3 + 1
    };
    let end = start + if utf8 { 10 + 1 + 10 } else { 5 + 1 + 5 };
    assert_eq!(
        name["range"],
        json!({"start": {"line": 0, "character": start}, "end": {"line": 0, "character": end}})
    );

    // An edit: a second line with a new finding.
    let end_of_text = position(text, text.len(), utf8);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2},
               "contentChanges": [{"range": {"start": end_of_text, "end": end_of_text}, "text": "وقد اندلعوا من السجن\n"}]}),
    );
    let text = format!("{text}وقد اندلعوا من السجن\n");
    let got = client.diagnostics(&uri, 2);
    let escaped = got
        .iter()
        .find(|d| d["code"] == "broke-out-for-escaped")
        .expect("the edit's finding");
    assert_eq!(escaped["range"]["start"]["line"], 1);

    // Hover on the name shows the finding and its rule's explanation.
    let hover = client.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": name["range"]["start"]}),
    );
    let shown = hover["contents"]["value"].as_str().unwrap();
    assert!(
        shown.contains("**mazloum-abdi**") && shown.contains("Commander-in-chief"),
        "{shown}"
    );

    // The code actions for the name: its fix (preferred) and a directive.
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": name["range"], "context": {"diagnostics": [name]}}),
    );
    let actions = actions.as_array().unwrap();
    let fix = actions
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Fix: replace «عبادي» with «عبدي»")
        })
        .unwrap_or_else(|| panic!("{actions:?}"));
    assert_eq!(fix["isPreferred"], true);
    assert!(
        actions
            .iter()
            .any(|a| a["title"] == "Disable mazloum-abdi for this line")
    );

    // Applying the fix removes the finding.
    let apply = |text: &str, action: &Value| {
        let edits = action["edit"]["changes"][&uri].as_array().unwrap();
        assert_eq!(edits.len(), 1);
        let from = offset(text, &edits[0]["range"]["start"], utf8);
        let to = offset(text, &edits[0]["range"]["end"], utf8);
        format!(
            "{}{}{}",
            &text[..from],
            edits[0]["newText"].as_str().unwrap(),
            &text[to..]
        )
    };
    let fixed = apply(&text, fix);
    assert!(fixed.contains("مظلوم عبدي"), "{fixed}");
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": fixed}]}),
    );
    let got = client.diagnostics(&uri, 3);
    assert!(!got.iter().any(|d| d["code"] == "mazloum-abdi"), "{got:?}");
    assert!(got.iter().any(|d| d["code"] == "broke-out-for-escaped"));

    // "Disable for this line" on the other finding silences it.
    let escaped = got
        .iter()
        .find(|d| d["code"] == "broke-out-for-escaped")
        .unwrap()
        .clone();
    let actions = client.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": escaped["range"], "context": {"diagnostics": [escaped]}}),
    );
    let disable = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Disable broke-out-for-escaped for this line")
        .unwrap()
        .clone();
    let silenced = apply(&fixed, &disable);
    client.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 4}, "contentChanges": [{"text": silenced}]}),
    );
    let got = client.diagnostics(&uri, 4);
    assert!(got.is_empty(), "{silenced}\n{got:?}");
    client.shut_down();
}

#[test]
fn edits_code_actions_and_hover_in_utf16() {
    edit_fix_and_hover_in(false);
}

#[test]
fn edits_code_actions_and_hover_in_utf8() {
    edit_fix_and_hover_in(true);
}

/// The server lints with the mtlint.toml found from the document upwards,
/// and a configuration saved in the editor takes effect at once.
#[test]
fn the_project_configuration_applies_and_reloads_on_save() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("mtlint.toml"), "ignore = [\"mazloum-abdi\"]\n").unwrap();
    std::fs::create_dir(dir.path().join("articles")).unwrap();
    let path = dir.path().join("articles/a.txt");
    let text = "قال مظلوم عبادي إن السجناء اندلعوا من السجن\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    let mut client = Client::start(&["server"]);
    client.initialize(None);
    client.open(&uri, text);
    let codes = |diagnostics: &[Value]| -> Vec<String> {
        diagnostics
            .iter()
            .map(|d| d["code"].as_str().unwrap().to_string())
            .collect()
    };
    let got = codes(&client.diagnostics(&uri, 1));
    assert!(got.contains(&"broke-out-for-escaped".to_string()), "{got:?}");
    assert!(
        !got.contains(&"mazloum-abdi".to_string()),
        "ignored by mtlint.toml: {got:?}"
    );

    // The configuration is edited and saved: the open article is linted again with it.
    let config = dir.path().join("mtlint.toml");
    std::fs::write(&config, "ignore = [\"broke-out-for-escaped\"]\n").unwrap();
    client.notify(
        "textDocument/didSave",
        json!({"textDocument": {"uri": file_uri(&config)}}),
    );
    let got = codes(&client.diagnostics(&uri, 1));
    assert!(got.contains(&"mazloum-abdi".to_string()), "{got:?}");
    assert!(!got.contains(&"broke-out-for-escaped".to_string()), "{got:?}");
    client.shut_down();
}

/// A malformed message is answered with an error (or, for a notification,
/// logged) and the server goes on serving.
#[test]
fn malformed_messages_do_not_stop_the_server() {
    let mut client = Client::start(&["server"]);
    client.initialize(None);
    client.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": "file:///tmp/x.txt"}}),
    );
    client.send(json!({"jsonrpc": "2.0", "id": 99, "method": "textDocument/hover", "params": {"nonsense": true}}));
    let answer = client.wait(|m| m["id"] == 99);
    assert_eq!(answer["error"]["code"], -32602, "{answer}");
    let uri = "file:///tmp/mtlint-server-test-after-error.txt";
    client.open(uri, "قال مظلوم عبادي\n");
    let got = client.diagnostics(uri, 1);
    assert!(got.iter().any(|d| d["code"] == "mazloum-abdi"), "{got:?}");
    client.shut_down();
}

/// An editor that goes away without `shutdown` leaves a server that exits
/// with code 1 (as LSP asks), not one that lingers.
#[test]
fn a_closed_connection_without_shutdown_exits_with_1() {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_mtlint"))
        .arg("server")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    drop(child.stdin.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}
