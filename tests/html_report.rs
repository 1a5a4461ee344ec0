//! `--format html` rendered in headless Chromium: the DOM Chromium builds
//! must give back every article byte for byte, every finding highlighted
//! on exactly its text, the page right-to-left, and nothing fetched. Skips
//! with a message when Chromium is not installed (`.ci/run` installs
//! Debian's `chromium` when it can).

mod common;

use common::{json, mtlint_in, repo, seed_article};
use html5gum::{Token, Tokenizer};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex};

fn chromium() -> Option<PathBuf> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if let Ok(out) = Command::new("sh").args(["-c", &format!("command -v {name}")]).output()
            && out.status.success()
        {
            return Some(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()));
        }
    }
    eprintln!("skipping: no chromium on this machine (Debian: apt-get install chromium)");
    None
}

/// A proxy that only records what reaches it: Chromium is pointed at it
/// for every request, loopback included, so any fetch the page makes
/// shows up here.
struct Trap {
    port: u16,
    seen: Arc<Mutex<Vec<String>>>,
}

impl Trap {
    fn start() -> Trap {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut line = String::new();
                let _ = BufReader::new(stream).read_line(&mut line);
                log.lock().unwrap().push(line.trim().to_string());
            }
        });
        Trap { port, seen }
    }

    /// Requests made for pages: everything but Chromium's own calls home
    /// (clock, account, search and update services on Google's domains),
    /// which no flag turns off entirely and which no page content causes,
    /// and connections closed before a request line (Chromium opens
    /// sockets ahead of need; a fetch always says what it fetches).
    fn requests(&self) -> Vec<String> {
        // Chromium has exited; give the accept loop a moment to log.
        std::thread::sleep(std::time::Duration::from_millis(200));
        let chromium_own = |line: &str| {
            let target = line.split(' ').nth(1).unwrap_or("");
            let host = target
                .trim_start_matches("http://")
                .split(['/', ':'])
                .next()
                .unwrap_or("");
            ["google.com", "googleapis.com", "gstatic.com", "gvt1.com"]
                .iter()
                .any(|own| host == *own || host.ends_with(&format!(".{own}")))
        };
        let seen = self.seen.lock().unwrap();
        seen.iter()
            .filter(|line| !line.is_empty() && !chromium_own(line))
            .cloned()
            .collect()
    }
}

fn run_chromium(chromium: &Path, profile: &Path, trap: &Trap, extra: &[&str], page: &Path) -> String {
    let proxy = format!("--proxy-server=http://127.0.0.1:{}", trap.port);
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            // Containers often have a small /dev/shm, where Chromium crashes.
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            "--disable-default-apps",
            &format!("--user-data-dir={}", profile.display()),
            &proxy,
            // Send loopback through the proxy too (Chromium bypasses it by default).
            "--proxy-bypass-list=<-loopback>",
            "--window-size=1200,2000",
        ])
        .args(extra)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium runs");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 DOM")
}

fn attr(tag: &html5gum::StartTag<()>, name: &str) -> Option<String> {
    tag.attributes
        .get(name.as_bytes())
        .map(|v| String::from_utf8(v.to_vec()).unwrap())
}

/// What the DOM says about each article: its text rebuilt from text nodes
/// and `data-cp` markers, and each finding's text from the marks that
/// carry its number.
#[derive(Default)]
struct Read {
    articles: Vec<String>,
    findings: BTreeMap<usize, String>,
    listed: BTreeMap<usize, (String, String)>,
    html_dir: Option<String>,
    article_dirs: Vec<String>,
    fetching_attributes: Vec<String>,
}

fn read_dom(dom: &str) -> Read {
    let mut read = Read::default();
    let mut article_depth = 0; // open <div>s inside the current article
    let mut marks: Vec<Vec<usize>> = Vec::new();
    let mut in_marker = 0; // inside a data-cp span: its text is a label
    for token in Tokenizer::new(dom).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8(tag.name.to_vec()).unwrap();
                for a in ["src", "href", "action", "poster", "data", "srcset"] {
                    if let Some(v) = attr(&tag, a)
                        && !v.starts_with('#')
                    {
                        read.fetching_attributes.push(format!("<{name} {a}={v}>"));
                    }
                }
                if matches!(name.as_str(), "link" | "img" | "iframe" | "object" | "embed" | "base") {
                    read.fetching_attributes.push(format!("<{name}>"));
                }
                if name == "html" {
                    read.html_dir = attr(&tag, "dir");
                }
                let class = attr(&tag, "class").unwrap_or_default();
                if article_depth > 0 {
                    if name == "div" {
                        article_depth += 1;
                    }
                    if name == "mark" {
                        let numbers = attr(&tag, "data-f").expect("a mark names its findings");
                        let numbers: Vec<usize> = numbers.split(' ').map(|n| n.parse().unwrap()).collect();
                        for n in &numbers {
                            read.findings.entry(*n).or_default();
                        }
                        marks.push(numbers);
                    }
                    if let Some(cp) = attr(&tag, "data-cp") {
                        let c = char::from_u32(u32::from_str_radix(&cp, 16).unwrap()).unwrap();
                        push(&mut read, &marks, c.encode_utf8(&mut [0; 4]));
                        in_marker += 1;
                    }
                } else if name == "div" && class.split(' ').any(|c| c == "article") {
                    article_depth = 1;
                    read.articles.push(String::new());
                    read.article_dirs.push(attr(&tag, "dir").unwrap_or_default());
                } else if name == "li"
                    && let Some(n) = attr(&tag, "data-f")
                {
                    let rule = attr(&tag, "data-rule").unwrap();
                    let severity = attr(&tag, "data-severity").unwrap();
                    read.listed.insert(n.parse().unwrap(), (rule, severity));
                }
            }
            Token::EndTag(tag) if article_depth > 0 => match &**tag.name {
                b"div" => article_depth -= 1,
                b"mark" => {
                    marks.pop();
                }
                b"span" if in_marker > 0 => in_marker -= 1,
                _ => {}
            },
            Token::String(s) if article_depth > 0 && in_marker == 0 => {
                push(&mut read, &marks, std::str::from_utf8(&s).unwrap());
            }
            _ => {}
        }
    }
    read
}

fn push(read: &mut Read, marks: &[Vec<usize>], text: &str) {
    read.articles.last_mut().unwrap().push_str(text);
    for n in marks.iter().flatten() {
        read.findings.get_mut(n).unwrap().push_str(text);
    }
}

#[test]
fn chromium_shows_every_finding_on_exactly_its_text() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let trap = Trap::start();
    // A hostile article beside the example: markup and scripts that must
    // stay text, an image that would be fetched if it were live, bidi
    // controls, invisible characters, CR LF line ends, an escape sequence.
    let hostile = dir.path().join("hostile.txt");
    std::fs::write(
        &hostile,
        format!(
            "قال المتحدث\u{202E}  إن «الهجوم» <img src=\"http://127.0.0.1:{port}/leak.png\"> &amp; \
             <script>fetch('http://127.0.0.1:{port}/x')</script>\r\n\
             شاهد https://www.youtube.com/watch؟v=abc الآن\u{200B} ،\r\n\r\n\
             سطر ثالث\t\u{1B}[2J فيه\u{200F} 5 %\u{FEFF}\n",
            port = trap.port
        ),
    )
    .unwrap();
    let article = seed_article();
    let files = [article.to_str().unwrap(), hostile.to_str().unwrap()];
    let report = dir.path().join("report.html");
    let run = mtlint_in(
        &repo(),
        &[
            &["check", "--format", "html", "-o", report.to_str().unwrap()],
            &files[..],
        ]
        .concat(),
        None,
    );
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = json(&mtlint_in(
        &repo(),
        &[&["check", "--format", "json"], &files[..]].concat(),
        None,
    ));
    assert!(expected.len() > 30, "the example article has its findings");
    assert!(
        expected.iter().any(|f| f["path"] == hostile.to_str().unwrap()),
        "the hostile file was linted"
    );

    let profile = dir.path().join("profile");
    let dom = run_chromium(&chromium, &profile, &trap, &["--dump-dom"], &report);
    let read = read_dom(&dom);

    assert_eq!(read.html_dir.as_deref(), Some("rtl"), "the document is right-to-left");
    assert_eq!(read.article_dirs, ["rtl", "rtl"]);
    assert!(read.fetching_attributes.is_empty(), "{:?}", read.fetching_attributes);
    let texts: Vec<String> = files.iter().map(|f| std::fs::read_to_string(f).unwrap()).collect();
    assert_eq!(read.articles, texts, "the DOM gives back each article exactly");

    for (n, f) in expected.iter().enumerate() {
        let text = &texts[files.iter().position(|p| f["path"] == *p).unwrap()];
        let span = f["start"].as_u64().unwrap() as usize..f["end"].as_u64().unwrap() as usize;
        let highlighted = read
            .findings
            .get(&n)
            .unwrap_or_else(|| panic!("finding {n} ({}) is not marked", f["rule"]));
        assert_eq!(
            highlighted, &text[span],
            "finding {n} ({}) is marked on exactly its text",
            f["rule"]
        );
        let (rule, severity) = &read.listed[&n];
        assert_eq!(
            (rule.as_str(), severity.as_str()),
            (f["rule"].as_str().unwrap(), f["severity"].as_str().unwrap())
        );
    }
    assert_eq!(read.findings.len(), expected.len());
    assert_eq!(read.listed.len(), expected.len());

    // A screenshot, to be sure the page renders (the committed one under
    // docs/ was made this way and reviewed).
    let shot = dir.path().join("report.png");
    run_chromium(
        &chromium,
        &profile,
        &trap,
        &[&format!("--screenshot={}", shot.display())],
        &report,
    );
    let png = std::fs::read(&shot).expect("a screenshot was written");
    assert!(png.starts_with(b"\x89PNG") && png.len() > 20_000, "{} bytes", png.len());

    assert_eq!(trap.requests(), Vec::<String>::new(), "the report fetched something");

    // The trap does catch a page that fetches: the same flags on a page
    // with a live image.
    let live = dir.path().join("live.html");
    std::fs::write(&live, format!("<img src=\"http://127.0.0.1:{}/probe.png\">", trap.port)).unwrap();
    run_chromium(&chromium, &profile, &trap, &["--dump-dom"], &live);
    assert!(
        trap.requests().iter().any(|r| r.contains("probe.png")),
        "the trap sees fetches"
    );
}

/// The page's filters and keyboard navigation, driven in Chromium by a
/// script appended to the report (the page's policy allows inline
/// scripts) that writes what it saw into the DOM.
#[test]
fn filters_and_keys_work_in_chromium() {
    let Some(chromium) = chromium() else { return };
    let dir = tempfile::tempdir().unwrap();
    let trap = Trap::start();
    let article = seed_article();
    let run = mtlint_in(&repo(), &["check", "--format", "html", article.to_str().unwrap()], None);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let expected = json(&mtlint_in(
        &repo(),
        &["check", "--format", "json", article.to_str().unwrap()],
        None,
    ));
    let driver = r#"<script>
      var seen = {};
      document.querySelector('input[data-severity="warning"]').click();
      seen.hidden = Array.prototype.map.call(document.querySelectorAll('.findings li[hidden]'), function (li) { return +li.dataset.f; });
      seen.off = Array.prototype.map.call(document.querySelectorAll('.article mark.off'), function (m) { return m.dataset.f; });
      seen.lit = Array.prototype.map.call(document.querySelectorAll('.article mark:not(.off)'), function (m) { return m.dataset.f; });
      function key(k) {
        document.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true }));
        var li = document.querySelector('.findings li.current');
        var focused = document.activeElement;
        return [li ? +li.dataset.f : -1, focused && focused.dataset ? (focused.dataset.f || '') : ''];
      }
      seen.keys = [key('n'), key('j'), key('p'), key('k')];
      document.body.setAttribute('data-seen', JSON.stringify(seen));
    </script></body>"#;
    let page = dir.path().join("driven.html");
    std::fs::write(&page, run.stdout.replace("</body>", driver)).unwrap();
    let dom = run_chromium(&chromium, &dir.path().join("profile"), &trap, &["--dump-dom"], &page);
    let mut seen = None;
    for token in Tokenizer::new(&dom).flatten() {
        if let Token::StartTag(tag) = token
            && &*tag.name == b"body"
        {
            seen = attr(&tag, "data-seen");
        }
    }
    let seen: serde_json::Value = serde_json::from_str(&seen.expect("the driver ran")).unwrap();

    let warnings: Vec<u64> = (0..expected.len() as u64)
        .filter(|&n| expected[n as usize]["severity"] == "warning")
        .collect();
    let hidden: Vec<u64> = seen["hidden"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_u64().unwrap())
        .collect();
    assert_eq!(hidden, warnings, "unticking «warning» hides exactly the warnings");
    let only_warnings = |f: &serde_json::Value| {
        f.as_str()
            .unwrap()
            .split(' ')
            .all(|n| expected[n.parse::<usize>().unwrap()]["severity"] == "warning")
    };
    assert!(!seen["off"].as_array().unwrap().is_empty());
    assert!(seen["off"].as_array().unwrap().iter().all(only_warnings), "{seen}");
    assert!(!seen["lit"].as_array().unwrap().iter().any(only_warnings), "{seen}");

    // n, j step through the findings still shown; p, k step back.
    let shown: Vec<u64> = (0..expected.len() as u64).filter(|n| !warnings.contains(n)).collect();
    let keys: Vec<(u64, String)> = seen["keys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| (k[0].as_u64().unwrap(), k[1].as_str().unwrap().to_string()))
        .collect();
    let steps = [shown[0], shown[1], shown[0], shown[shown.len() - 1]];
    for ((current, focused), want) in keys.iter().zip(steps) {
        assert_eq!(*current, want, "{seen}");
        assert!(
            focused.split(' ').any(|n| n == want.to_string()),
            "focus is on a mark of finding {want}: {seen}"
        );
    }
}

mod page_gives_back_the_text {
    //! Without a browser: the page's own markup, read as the Chromium test
    //! reads the DOM, gives back any text and any set of spans exactly.
    use super::read_dom;
    use mtlint::diagnostic::{Diagnostic, Severity};
    use mtlint::output::{FileReport, html::write_html};
    use mtlint::rules::pack_str::PackStr;
    use mtlint::source::SourceFile;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("مظلوم عبادي".to_string()),
            Just("قُتِلَ".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just("<b>&amp;</b>".to_string()),
            Just("𝐀".to_string()),
            Just("\"'".to_string()),
            proptest::char::ranges(
                vec![
                    '\u{0}'..='\u{1F}',
                    '\u{0600}'..='\u{06FF}',
                    '\u{200B}'..='\u{200F}',
                    '\u{202A}'..='\u{202E}',
                    '\u{2066}'..='\u{2069}',
                    ' '..='~'
                ]
                .into()
            )
            .prop_map(|c| c.to_string()),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]
        #[test]
        fn any_text_and_spans(pieces in prop::collection::vec(piece(), 0..24), picks in prop::collection::vec((any::<prop::sample::Index>(), any::<prop::sample::Index>()), 0..8)) {
            let text: String = pieces.concat();
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).chain([text.len()]).collect();
            let mut spans: Vec<(usize, usize)> = picks
                .iter()
                .map(|(a, b)| {
                    let (a, b) = (a.get(&boundaries), b.get(&boundaries));
                    (*a.min(b), *a.max(b))
                })
                .collect();
            spans.sort();
            let diagnostics: Vec<Diagnostic> = spans
                .iter()
                .enumerate()
                .map(|(n, &(start, end))| {
                    Diagnostic::new(
                        PackStr::from(format!("rule-{n}")),
                        [Severity::Info, Severity::Warning, Severity::Error][n % 3],
                        format!("<{n}> \u{202E}&"),
                        start..end,
                    )
                    .with_suggestions(["<x>".to_string()])
                })
                .collect();
            let report = FileReport { source: SourceFile::new("p<>.txt", text.clone()), diagnostics };
            let mut page = Vec::new();
            write_html(&[report], &[], &[], &mut page).unwrap();
            let read = read_dom(&String::from_utf8(page).unwrap());
            prop_assert_eq!(&read.articles, &vec![text.clone()]);
            for (n, &(start, end)) in spans.iter().enumerate() {
                let marked = read.findings.get(&n).cloned().unwrap_or_default();
                prop_assert_eq!(&marked, &text[start..end], "finding {}", n);
                prop_assert!(read.listed.contains_key(&n));
            }
        }
    }
}
