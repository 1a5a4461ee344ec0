//! HTML articles: the links a page publishes are checked and fixed like its
//! text, and block elements end paragraphs wherever they stand.

mod common;

use common::{json, mtlint_in};

const PAGE: &str = "<html><body>\n\
<p>شاهد الفيديو على <a href=\"https://www.youtube.com/watch؟v=abc123&amp;t=5\">يوتيوب</a> الآن.</p>\n\
<p>قال المتحدث إن القوات أعادت القبض على السجناء الفارين بعد الهجوم.</p>\n\
<p>قال المتحدث إن القوات أعادت القبض على السجناء الفارين بعد الهجوم.</p>\n\
<p>وأضاف أن عمليات البحث عن بقية السجناء مستمرة في الأحياء المجاورة.</p><p>وأضاف أن عمليات البحث عن بقية السجناء مستمرة في الأحياء المجاورة.</p>\n\
<img src='https://example.com/صورة.jpg' alt=\"صورة\">\n\
</body></html>\n";

#[test]
fn a_link_in_an_attribute_is_reported_and_fixed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), PAGE).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "a.html"], None);
    let found = json(&run);
    let url = found
        .iter()
        .find(|d| d["rule"] == "url-arabic-punctuation")
        .expect("the ؟ in the href is reported");
    let (start, end) = (
        url["start"].as_u64().unwrap() as usize,
        url["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&PAGE[start..end], "؟", "the span points into the attribute");
    let run = mtlint_in(dir.path(), &["check", "--fix", "a.html"], None);
    assert_ne!(run.code, 2, "{}", run.stderr);
    let fixed = std::fs::read_to_string(dir.path().join("a.html")).unwrap();
    assert!(
        fixed.contains("href=\"https://www.youtube.com/watch?v=abc123&amp;t=5\""),
        "the link itself is fixed, its &amp; kept: {fixed}"
    );
}

#[test]
fn block_elements_end_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.html"), PAGE).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "a.html"], None);
    let duplicates: Vec<u64> = json(&run)
        .iter()
        .filter(|d| d["rule"] == "duplicated-paragraph")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(duplicates, [4, 5], "adjacent lines, and side by side on one line");
}

#[test]
fn other_attributes_stay_markup() {
    let dir = tempfile::tempdir().unwrap();
    let page = "<p class=\"lead  main\" title=\"hello  world\">نص عربي قصير.</p>\n";
    std::fs::write(dir.path().join("a.html"), page).unwrap();
    let run = mtlint_in(dir.path(), &["check", "--format", "json", "a.html"], None);
    assert!(json(&run).is_empty(), "{}", run.stdout);
}

#[test]
fn stdin_filename_gives_markup_config_and_name() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("mtlint.toml"),
        "[per-file-ignores]\n\"drafts/**\" = [\"url-\"]\n",
    )
    .unwrap();
    let rules = |name: &str| -> Vec<(String, String)> {
        let run = mtlint_in(
            dir.path(),
            &["check", "--format", "json", "--stdin-filename", name, "-"],
            Some(PAGE),
        );
        assert_ne!(run.code, 2, "{}", run.stderr);
        json(&run)
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().to_string(),
                    d["path"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let page = rules("page.html");
    assert!(
        page.contains(&("url-arabic-punctuation".to_string(), "page.html".to_string())),
        "read as HTML, reported under its name: {page:?}"
    );
    assert!(
        page.iter().all(|(r, _)| r != "unbalanced-pairs"),
        "tags are markup: {page:?}"
    );
    let draft = rules("drafts/page.html");
    assert!(
        draft.iter().all(|(r, _)| !r.starts_with("url-")),
        "per-file settings: {draft:?}"
    );
    let plain = mtlint_in(dir.path(), &["check", "--format", "json", "-"], Some(PAGE));
    assert!(json(&plain).iter().all(|d| d["path"] == "-"));
}
