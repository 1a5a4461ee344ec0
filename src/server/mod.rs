//! `mtlint server`: a language server (LSP 3.17) over standard input and
//! output. The editor's text is linted as the user types (after a short
//! pause), on open and on save, with the `mtlint.toml` that governs the
//! file; findings become diagnostics, fixes and suggestions code actions,
//! and the rule's explanation the hover.
//!
//! This thread only talks to the editor; linting runs on a worker thread
//! (`worker.rs`), so no request waits on a lint: code actions and hovers
//! answer from the findings of the current text, or with nothing while a
//! lint of a newer text is pending.

pub mod documents;
pub mod features;
pub mod positions;
pub mod worker;

use crate::cli::ServerArgs;
use crate::commands::settings::Resolver;
use crossbeam_channel::{Receiver, Sender, select};
use documents::{Document, Linted};
use lsp_server::{Connection, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionOrCommand, CodeActionProviderCapability, HoverProviderCapability, InitializeParams, MessageType,
    PublishDiagnosticsParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions, Uri,
};
use positions::Encoding;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use worker::{Done, Job};

pub fn run(args: &ServerArgs) -> i32 {
    let (connection, io_threads) = Connection::stdio();
    let served = serve(&connection, args);
    drop(connection);
    let joined = io_threads.join();
    match served.map_err(|e| e.to_string()).and(joined.map_err(|e| e.to_string())) {
        Ok(()) => crate::commands::EXIT_CLEAN,
        // LSP: exit code 1 when the server stops without a shutdown request.
        Err(e) => {
            eprintln!("error: mtlint server: {e}");
            1
        }
    }
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    /// How long typing must pause before the text is linted again.
    debounce: Duration,
    documents: HashMap<Uri, Document>,
    lints: Sender<worker::Request>,
    /// The last configuration error shown, so it is shown once.
    shown_error: Option<String>,
}

fn serve(connection: &Connection, args: &ServerArgs) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (id, params) = connection.initialize_start()?;
    let params: InitializeParams = serde_json::from_value(params)?;
    let offered = params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_deref());
    let encoding = Encoding::negotiate(offered);
    let capabilities = ServerCapabilities {
        position_encoding: Some(encoding.kind()),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..Default::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        ..Default::default()
    };
    let result = lsp_types::InitializeResult {
        capabilities,
        server_info: Some(ServerInfo {
            name: "mtlint".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    };
    connection.initialize_finish(id, serde_json::to_value(result)?)?;

    let (config, isolated, packs) = (args.config.clone(), args.isolated, args.packs.clone());
    let (lints, done) = worker::spawn(move || Resolver::for_server(config.clone(), isolated, packs.clone()));
    let mut server = Server {
        connection,
        encoding,
        debounce: Duration::from_millis(args.debounce_ms),
        documents: HashMap::new(),
        lints,
        shown_error: None,
    };
    server.run(&done)
}

impl Server<'_> {
    fn run(&mut self, done: &Receiver<Done>) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        loop {
            let wait = self.next_due().map_or(Duration::from_secs(3600), |due| {
                due.saturating_duration_since(Instant::now())
            });
            select! {
                recv(self.connection.receiver) -> message => match message {
                    Ok(Message::Request(request)) => {
                        if self.connection.handle_shutdown(&request)? {
                            return Ok(());
                        }
                        self.request(request)?;
                    }
                    Ok(Message::Notification(notification)) => {
                        // A malformed notification is the client's bug; the
                        // server says so and goes on serving.
                        let method = notification.method.clone();
                        if let Err(e) = self.notification(notification) {
                            eprintln!("mtlint server: {method}: {e}");
                        }
                    }
                    Ok(Message::Response(_)) => {}
                    // The editor went away without `shutdown`.
                    Err(_) => return Err("the client closed the connection without shutting the server down".into()),
                },
                recv(done) -> finished => {
                    if let Ok(finished) = finished {
                        self.finished(finished)?;
                    }
                }
                default(wait) => self.lint_due(),
            }
        }
    }

    /// When the earliest document whose typing paused is due for a lint.
    fn next_due(&self) -> Option<Instant> {
        self.documents
            .values()
            .filter_map(|d| d.changed)
            .min()
            .map(|t| t + self.debounce)
    }

    fn lint_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Uri> = self
            .documents
            .iter()
            .filter(|(_, d)| d.changed.is_some_and(|t| t + self.debounce <= now))
            .map(|(uri, _)| uri.clone())
            .collect();
        for uri in due {
            self.lint(&uri);
        }
    }

    fn lint(&mut self, uri: &Uri) {
        let Some(doc) = self.documents.get_mut(uri) else { return };
        doc.changed = None;
        let job = Job {
            uri: uri.clone(),
            version: doc.version,
            text: doc.text.clone(),
            path: doc.path.clone(),
            markup: doc.markup,
        };
        let _ = self.lints.send(worker::Request::Lint(job));
    }

    fn notification(&mut self, n: Notification) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let params: lsp_types::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let doc = params.text_document;
                self.documents
                    .insert(doc.uri.clone(), Document::new(&doc.uri, doc.text, doc.version));
                self.lint(&doc.uri);
            }
            DidChangeTextDocument::METHOD => {
                let params: lsp_types::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(doc) = self.documents.get_mut(&params.text_document.uri) {
                    doc.change(params.text_document.version, params.content_changes, self.encoding);
                }
            }
            DidSaveTextDocument::METHOD => {
                let params: lsp_types::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                let uri = params.text_document.uri;
                // mtlint.toml or a rule pack.
                let is_config = documents::file_path(&uri).is_some_and(|p| p.extension().is_some_and(|e| e == "toml"));
                if is_config {
                    // Rules or settings changed: every open article again.
                    let _ = self.lints.send(worker::Request::Reload);
                    self.shown_error = None;
                    let open: Vec<Uri> = self.documents.keys().cloned().collect();
                    for uri in open {
                        self.lint(&uri);
                    }
                } else {
                    self.lint(&uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let params: lsp_types::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                self.documents.remove(&params.text_document.uri);
                self.publish(params.text_document.uri, Vec::new(), None)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn request(&mut self, request: Request) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let id = request.id.clone();
        let response = self
            .answer(request)
            .unwrap_or_else(|e| Response::new_err(id, lsp_server::ErrorCode::InvalidParams as i32, e.to_string()));
        self.connection.sender.send(Message::Response(response))?;
        Ok(())
    }

    /// The response to a request; an error when its parameters do not parse.
    fn answer(&mut self, request: Request) -> Result<Response, serde_json::Error> {
        Ok(match request.method.as_str() {
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams = serde_json::from_value(request.params)?;
                let uri = params.text_document.uri;
                let actions: Vec<CodeActionOrCommand> = self
                    .linted(&uri)
                    .map(|(doc, linted)| {
                        features::code_actions(&uri, doc, linted, params.range, self.encoding)
                            .into_iter()
                            .map(CodeActionOrCommand::CodeAction)
                            .collect()
                    })
                    .unwrap_or_default();
                Response::new_ok(request.id, actions)
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = serde_json::from_value(request.params)?;
                let at = params.text_document_position_params;
                let hover = self
                    .linted(&at.text_document.uri)
                    .and_then(|(doc, linted)| features::hover(doc, linted, at.position, self.encoding));
                Response::new_ok(request.id, hover)
            }
            _ => Response::new_err(
                request.id,
                lsp_server::ErrorCode::MethodNotFound as i32,
                format!("mtlint does not handle {}", request.method),
            ),
        })
    }

    /// A document and its findings, when they are of its current text.
    fn linted(&self, uri: &Uri) -> Option<(&Document, &Linted)> {
        let doc = self.documents.get(uri)?;
        Some((doc, doc.current()?))
    }

    fn finished(&mut self, done: Done) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let Some(doc) = self.documents.get_mut(&done.uri) else {
            return Ok(()); // closed meanwhile
        };
        if done.version != doc.version {
            return Ok(()); // a newer text is on its way
        }
        match done.outcome {
            Ok((diagnostics, context)) => {
                let linted = Linted {
                    version: done.version,
                    name: done.name,
                    diagnostics,
                    context,
                };
                let shown = linted
                    .diagnostics
                    .iter()
                    .map(|d| features::diagnostic(&done.uri, doc, &linted, d, self.encoding))
                    .collect();
                doc.linted = Some(linted);
                self.publish(done.uri, shown, Some(done.version))
            }
            Err(error) => {
                if self.shown_error.as_ref() != Some(&error) {
                    self.shown_error = Some(error.clone());
                    let message = ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: format!("mtlint: the configuration or a rule pack has errors:\n{error}"),
                    };
                    self.notify(ShowMessage::METHOD, message)?;
                }
                Ok(())
            }
        }
    }

    fn publish(
        &self,
        uri: Uri,
        diagnostics: Vec<lsp_types::Diagnostic>,
        version: Option<i32>,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.notify(PublishDiagnostics::METHOD, params)
    }

    fn notify(
        &self,
        method: &str,
        params: impl serde::Serialize,
    ) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        let n = Notification::new(method.to_string(), params);
        self.connection.sender.send(Message::Notification(n))?;
        Ok(())
    }
}
