//! `Desk`: the one façade that the CLI, the desktop shell and the tests
//! call. Everything an agent can do goes through here.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::cases::{
    Access, Agent, AgentId, Backend, Call, CallId, CaseStore, CentreSetting, CentreSettings,
    DATABASE_URL_ENV, DeskSettings, Forward, ForwardDone, ForwardId, ForwardScope, NewForward,
    OpenForward, OpenForwardList, Outcome, RequestKey, RetentionReport, Role, STORE_FILE, SearchId,
    SignInKind, StoreLocation, due_in_words,
};
use crate::error::{Error, Result};
use crate::hours::{CALLBACK_SERVICE_HOURS, TZ, add_service_hours};
use crate::kb::answer::{Answer, LocationStatus, answer_for, location_status};
use crate::kb::index::{OpenOutcome, SearchIndex};
use crate::kb::live::LiveIndex;
use crate::kb::search::{SearchHit, TitleJump, jump, try_search};
use crate::kb::{Entry, KnowledgeBase, Problem};
use crate::stats::{FigureOptions, Figures, Period};

/// Where the desk reads and writes.
#[derive(Debug, Clone)]
pub struct DeskConfig {
    /// The knowledge-base folder.
    pub kb_dir: PathBuf,
    /// The data folder (index, store, logs).
    pub data_dir: PathBuf,
}

impl DeskConfig {
    /// The index folder inside the data folder.
    pub fn index_dir(&self) -> PathBuf {
        self.data_dir.join("index")
    }

    /// The case store's file inside the data folder.
    pub fn store_path(&self) -> PathBuf {
        self.data_dir.join(STORE_FILE)
    }

    /// Where the case store is: `AUSKUNFT_DATABASE_URL`, else `[store] url`
    /// of the settings, else the SQLite file in the data folder.
    pub fn store_location(&self, settings: &DeskSettings) -> Result<StoreLocation> {
        let env = std::env::var(DATABASE_URL_ENV).ok();
        let url = env.as_deref().or(settings.store.url.as_deref());
        StoreLocation::choose(url, &self.store_path())
    }
}

/// The desk: knowledge base and index, opened once, used for every call;
/// the case store once [`Desk::open_store`] has opened it, and the agent
/// signed in at this desk.
#[derive(Debug)]
pub struct Desk {
    config: DeskConfig,
    kb: Arc<KnowledgeBase>,
    index: LiveIndex,
    store: Option<CaseStore>,
    /// The centre's server when its URL names no login: the store opens
    /// when a person signs in with their own ([`Desk::sign_in_login`]).
    awaiting_login: Option<StoreLocation>,
    /// The store that could not be opened at start, and why: the window
    /// opens it again on its own once it can be reached
    /// ([`crate::cases::reopen_when_reachable`]).
    store_down: Option<(StoreLocation, String)>,
    settings: DeskSettings,
    agent: Option<Agent>,
    /// Wakes this desk's delivery worker when an application is written
    /// (see `handoff::desk_api`).
    outbox_wake: Arc<tokio::sync::Notify>,
}

impl Desk {
    /// Opens the knowledge base and its index. Broken entry files are
    /// skipped (see [`Desk::problems`]); a broken index is rebuilt. Fails
    /// only if the knowledge-base folder cannot be read.
    pub fn open(config: DeskConfig) -> Result<Self> {
        let today = Utc::now().with_timezone(&TZ).date_naive();
        let kb = KnowledgeBase::load(&config.kb_dir, today)?;
        for p in &kb.problems {
            tracing::warn!(problem = %p, "knowledge base");
        }
        let kb = Arc::new(kb);
        let index = LiveIndex::open(config.index_dir(), Arc::clone(&kb));
        prepare_in_background(&kb, index.current());
        tracing::info!(entries = kb.entries.len(), outcome = ?index.outcome(), "desk opened");
        Ok(Self {
            config,
            kb,
            index,
            store: None,
            awaiting_login: None,
            store_down: None,
            settings: DeskSettings::default(),
            agent: None,
            outbox_wake: Arc::default(),
        })
    }

    /// Re-reads the knowledge-base folder and updates the index (editors
    /// saved files). Keeps the old state if the folder cannot be read, and
    /// the last good version of an entry whose file is now broken.
    pub fn reload(&mut self) -> Result<OpenOutcome> {
        let today = Utc::now().with_timezone(&TZ).date_naive();
        let mut kb = KnowledgeBase::load(&self.config.kb_dir, today)?;
        for id in kb.keep_last_good(&self.kb) {
            tracing::warn!(entry = %id, "entry file broken: the last good version stays in use");
        }
        let kb = Arc::new(kb);
        // A rebuild still writing the folder would race the new open.
        self.index.wait_for_rebuild();
        self.index = LiveIndex::open(self.config.index_dir(), Arc::clone(&kb));
        prepare_in_background(&kb, self.index.current());
        self.kb = kb;
        Ok(self.index.outcome())
    }

    /// The configuration.
    pub fn config(&self) -> &DeskConfig {
        &self.config
    }

    /// The loaded knowledge base.
    pub fn kb(&self) -> &KnowledgeBase {
        &self.kb
    }

    /// Works out now the search tables a desk otherwise works out in the
    /// background after opening, or at the first search that needs them:
    /// the knowledge base's ([`KnowledgeBase::prepare`]) and the index's
    /// typo table ([`SearchIndex::typos`]).
    pub fn prepare(&self) {
        prepare_tables(&self.kb, &self.index.current());
    }

    /// Problems found while loading the knowledge base.
    pub fn problems(&self) -> &[Problem] {
        &self.kb.problems
    }

    /// How the index was opened; `InMemory` once it failed in use, then
    /// `Rebuilt` when the background rebuild replaced it.
    pub fn index_outcome(&self) -> OpenOutcome {
        self.index.outcome()
    }

    /// Waits until a background rebuild of the index (started when the
    /// index failed in use) has finished, if one runs.
    pub fn wait_for_index_rebuild(&self) {
        self.index.wait_for_rebuild();
    }

    /// Search as the agent types. Never fails: index trouble is logged and
    /// the index rebuilt, meanwhile searched in memory (see
    /// [`crate::kb::live`]); if even that fails, there are no results.
    pub fn search(&self, query: &str, limit: usize) -> Vec<SearchHit> {
        self.index
            .query(|index| try_search(&self.kb, index, query, limit))
            .unwrap_or_default()
    }

    /// The query plan of a search (terms and weights per typed word), for
    /// editors asking why an entry matched.
    pub fn explain(&self, query: &str) -> Option<crate::kb::search::Explanation> {
        self.index
            .query(|index| Ok(crate::kb::search::explain(&self.kb, index, query)))
    }

    /// Quick jump to a title.
    pub fn jump(&self, query: &str, limit: usize) -> Vec<TitleJump> {
        jump(&self.kb, query, limit)
    }

    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Result<&Entry> {
        self.kb.entry(id)
    }

    /// Opens an entry as an answer at `at`. With the search that led to
    /// it, the answer focuses the section that search asked about, as
    /// [`Desk::ask`] does ("was kostet ein reisepass" opens at the fees).
    pub fn open_entry(&self, id: &str, query: Option<&str>, at: DateTime<Utc>) -> Result<Answer> {
        let e = self.kb.entry(id)?;
        let question = query.map(|q| self.kb.understand(q)).unwrap_or_default();
        Ok(answer_for(&self.kb, e, &question, at))
    }

    /// Answers a question: the best entry, the section asked about and the
    /// offices' state at `at`. `None` when nothing matches. The best entry
    /// is the first row of the window's result list ([`LIST_LENGTH`]): the
    /// search ranks more candidates for a longer list, and its priors may
    /// reorder them, so a shorter search could answer with another entry
    /// than the one the agent sees on top.
    pub fn ask(&self, question: &str, at: DateTime<Utc>) -> Option<Answer> {
        let best = self.search(question, LIST_LENGTH).into_iter().next()?;
        let entry = self.kb.entries.get(&best.id)?;
        Some(answer_for(
            &self.kb,
            entry,
            &self.kb.understand(question),
            at,
        ))
    }

    /// The state of a location at `at`.
    pub fn hours(&self, id: &str, at: DateTime<Utc>) -> Result<LocationStatus> {
        let e = self.kb.entry(id)?;
        location_status(e, at, None).ok_or_else(|| {
            crate::error::Error::invalid(
                "id",
                format!("{} is not a location", crate::error::quote(id)),
            )
        })
    }
}

/// The tables of [`Desk::prepare`].
fn prepare_tables(kb: &KnowledgeBase, index: &SearchIndex) {
    kb.prepare();
    index.typos();
}

/// Works out the search tables of the knowledge base and of its index
/// while the agent has not typed yet ([`Desk::prepare`]). If no thread can
/// be started, the first search works them out as before.
fn prepare_in_background(kb: &Arc<KnowledgeBase>, index: Arc<SearchIndex>) {
    let kb = Arc::clone(kb);
    if let Err(e) = std::thread::Builder::new()
        .name("kb-prepare".into())
        .spawn(move || prepare_tables(&kb, &index))
    {
        tracing::warn!(error = %e, "could not prepare the search tables ahead");
    }
}

/// The call log. Writes take the time from the clock and the agent from
/// the sign-in; each is one transaction with its audit row (see
/// [`CaseStore`]). Entry and office ids are checked against the knowledge
/// base here, because the store does not know it.
impl Desk {
    /// Reads `<data>/settings.toml`, opens the case store (the centre's
    /// PostgreSQL database when a URL is configured, else
    /// `<data>/auskunft.sqlite3`; created and migrated as needed) and signs
    /// in the agent remembered there, if the store knows the name.
    pub async fn open_store(&mut self) -> Result<()> {
        let settings = DeskSettings::load(&self.config.data_dir)?;
        let location = self.config.store_location(&settings)?;
        self.settings = settings;
        if location.backend() == Backend::Postgres && !location.names_login() {
            // Each person signs in with their own login: nothing to open
            // until they do.
            self.awaiting_login = Some(location);
            return Ok(());
        }
        let store = match CaseStore::open_at(&location).await {
            Ok(store) => store,
            Err(e) => {
                if crate::cases::worth_reopening(&e) {
                    self.store_down = Some((location, e.to_string()));
                }
                return Err(e);
            }
        };
        self.attach_opened(store).await
    }

    /// The store that could not be opened at start and is worth trying
    /// again (the server was unreachable, not the login refused).
    pub fn store_to_reopen(&self) -> Option<&StoreLocation> {
        self.store_down.as_ref().map(|(location, _)| location)
    }

    /// Why the store is not open, while it is tried again.
    pub fn store_problem(&self) -> Option<&str> {
        self.store_down.as_ref().map(|(_, why)| why.as_str())
    }

    /// Uses a store opened at last (see [`Desk::store_to_reopen`]) as
    /// [`Desk::open_store`] would have: imports the file's settings once
    /// and signs in the remembered agent.
    pub async fn attach_opened(&mut self, store: CaseStore) -> Result<()> {
        self.import_file_settings(&store).await;
        self.attach_store(store).await
    }

    /// [`Desk::open_store`] for the command line's reports (`stats`):
    /// the person remembered for the window is not signed in, so the run
    /// acts as the file's owner (or, on a centre's server, as the
    /// configured login, whose grants decide what it reads).
    pub async fn open_store_as_operator(&mut self) -> Result<()> {
        self.open_store().await?;
        self.agent = None;
        Ok(())
    }

    /// Values a desk file carried from before the centre store become the
    /// store's, once (see cases::centre). Only a role that may change the
    /// centre's settings can; for others the values stay unimported.
    async fn import_file_settings(&self, store: &CaseStore) {
        let from_file = CentreSettings {
            retention_days: self.settings.retention_days,
            per_agent_figures: self.settings.per_agent_figures,
        };
        if let Err(e) = store.import_centre_settings(from_file, Utc::now()).await {
            tracing::warn!(code = e.code().as_str(), error = %e, "settings.toml values not imported");
        }
    }

    /// Uses an already opened store (benchmarks, tests with their own
    /// file), signing in the remembered agent as [`Desk::open_store`] does:
    /// on a desk's own file as an agent (Teamleitung asks for the
    /// supervisor password again), with a person's own login as that
    /// person, with the owner's login by name as before.
    pub async fn attach_store(&mut self, store: CaseStore) -> Result<()> {
        self.agent = match store.access() {
            Access::Login { .. } => Some(store.sign_in_login(store.now().await).await?),
            Access::Service { .. } => None,
            Access::Desk => match &self.settings.agent {
                Some(name) => store.agent_by_name(name).await?.map(|mut a| {
                    if a.role == Role::Supervisor {
                        a.role = Role::Agent;
                    }
                    a
                }),
                None => None,
            },
            Access::Owner => match &self.settings.agent {
                Some(name) => store.agent_by_name(name).await?,
                None => None,
            },
        };
        self.awaiting_login = None;
        self.store_down = None;
        self.store = Some(store);
        Ok(())
    }

    /// What the sign-in dialog asks for: a name and role (with the
    /// supervisor password on a desk's own file), or the person's own
    /// login on the centre's server.
    pub fn sign_in_kind(&self) -> SignInKind {
        match (&self.store, &self.awaiting_login) {
            (Some(store), _) => store.access().sign_in_kind(),
            (None, Some(_)) => SignInKind::ServerLogin,
            (None, None) => SignInKind::DeskPassword,
        }
    }

    /// Signs in with a person's own login on the centre's server: opens
    /// the store with it and takes the role the server gives the login.
    /// A wrong password, an expired one or a login without an Auskunft
    /// role is refused with the reason; the desk stays as it was.
    pub async fn sign_in_login(&mut self, login: &str, password: &str) -> Result<Agent> {
        let base = match (&self.awaiting_login, &self.store) {
            (Some(location), _) => location.clone(),
            (None, Some(store)) if store.backend() == Backend::Postgres => store.location().clone(),
            _ => {
                return Err(Error::invalid(
                    "login",
                    "this desk keeps its own file: sign in by name",
                ));
            }
        };
        let location = base.with_login(login, password)?;
        let store = CaseStore::open_at(&location).await?;
        let agent = match store.access() {
            Access::Login { .. } => store.sign_in_login(store.now().await).await?,
            _ => {
                store.close().await;
                return Err(Error::forbidden(
                    "signing in",
                    "this login is not a person's login with an Auskunft role",
                ));
            }
        };
        if let Some(old) = self.store.replace(store) {
            old.close().await;
        }
        self.awaiting_login = None;
        self.settings.agent = Some(agent.name.clone());
        self.settings.save(&self.config.data_dir)?;
        self.agent = Some(agent.clone());
        Ok(agent)
    }

    /// The case store, if open.
    pub fn cases(&self) -> Result<&CaseStore> {
        if self.store.is_none() && self.awaiting_login.is_some() {
            return Err(Error::NotSignedIn);
        }
        if let (None, Some((_, why))) = (&self.store, &self.store_down) {
            return Err(Error::Store {
                action: "using the call log".into(),
                message: format!(
                    "the case store could not be opened at start ({why}); the desk tries again \
                     on its own"
                ),
            });
        }
        self.store.as_ref().ok_or_else(|| Error::Store {
            action: "using the call log".into(),
            message: "the case store is not open".into(),
        })
    }

    /// This desk's settings (signed-in name, retention days).
    pub fn settings(&self) -> &DeskSettings {
        &self.settings
    }

    /// The agent signed in at this desk.
    pub fn agent(&self) -> Option<&Agent> {
        self.agent.as_ref()
    }

    /// Signs in: chooses the agent with this name, or creates it with
    /// `role`. Teamleitung on a desk's own file needs the supervisor
    /// password: use [`Desk::sign_in_with`]. The name is remembered in the
    /// settings for the next start.
    pub async fn sign_in(&mut self, name: &str, role: Role) -> Result<Agent> {
        self.sign_in_with(name, role, None).await
    }

    /// [`Desk::sign_in`] with the supervisor password for Teamleitung on a
    /// desk's own file (chosen by whoever first switches the desk to
    /// Teamleitung). A wrong password is refused (`FORBIDDEN`) and
    /// counted; after three in a row the next tries wait.
    pub async fn sign_in_with(
        &mut self,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<Agent> {
        let agent = self.checked_sign_in(name, role, password).await?;
        self.settings.agent = Some(agent.name.clone());
        self.settings.save(&self.config.data_dir)?;
        self.agent = Some(agent.clone());
        Ok(agent)
    }

    /// The one place a name and role become a signed-in agent.
    async fn checked_sign_in(
        &self,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<Agent> {
        let store = self.cases()?;
        if matches!(store.access(), Access::Desk) && role == Role::Supervisor {
            let Some(password) = password else {
                return Err(Error::forbidden(
                    "switching to Teamleitung",
                    "Teamleitung needs the desk's supervisor password",
                ));
            };
            // The person exists as an agent first, so that the password's
            // audit rows name them.
            let agent = store.sign_in(name, Role::Agent, store.now().await).await?;
            store
                .prove_supervisor(password, agent.id, store.now().await)
                .await?;
        }
        store.sign_in(name, role, store.now().await).await
    }

    /// Signs out (the settings forget the name).
    pub fn sign_out(&mut self) -> Result<()> {
        self.agent = None;
        self.settings.agent = None;
        self.settings.save(&self.config.data_dir)
    }

    /// Every agent known to the store, by name (for the sign-in choice).
    pub async fn agents(&self) -> Result<Vec<Agent>> {
        self.cases()?.agents().await
    }

    /// Signs in for this process only, leaving the remembered name in the
    /// settings as it was: for the CLI and scripts acting as an agent.
    pub async fn sign_in_transient(&mut self, name: &str, role: Role) -> Result<Agent> {
        self.sign_in_transient_with(name, role, None).await
    }

    /// [`Desk::sign_in_transient`] with the supervisor password (see
    /// [`Desk::sign_in_with`]).
    pub async fn sign_in_transient_with(
        &mut self,
        name: &str,
        role: Role,
        password: Option<&str>,
    ) -> Result<Agent> {
        let agent = self.checked_sign_in(name, role, password).await?;
        self.agent = Some(agent.clone());
        Ok(agent)
    }

    /// The handle that wakes this desk's delivery worker.
    pub(crate) fn outbox_wake(&self) -> Arc<tokio::sync::Notify> {
        Arc::clone(&self.outbox_wake)
    }

    pub(crate) fn signed_in(&self) -> Result<(&CaseStore, AgentId)> {
        let store = self.cases()?;
        let agent = self.agent.as_ref().ok_or(Error::NotSignedIn)?;
        Ok((store, agent.id))
    }

    /// Takes a call (F2): starts it now for the signed-in agent.
    pub async fn start_call(&self) -> Result<CallId> {
        self.start_call_keyed(&RequestKey::fresh()).await
    }

    /// [`Desk::start_call`] under the window's request key (kept until
    /// the start is confirmed): the same key again is the same call.
    pub async fn start_call_keyed(&self, key: &RequestKey) -> Result<CallId> {
        let (store, agent) = self.signed_in()?;
        store.start_call_keyed(agent, key, store.now().await).await
    }

    /// Adds an entry to the call's topics (opening an entry during a call
    /// does this). `false` if it was already a topic.
    pub async fn add_topic(&self, call: CallId, entry_id: &str) -> Result<bool> {
        let (store, agent) = self.signed_in()?;
        let entry = self.kb.entry(entry_id.trim())?;
        store
            .add_topic(agent, call, &entry.id, store.now().await)
            .await
    }

    /// Removes a topic from the call. `false` if it was not there.
    pub async fn remove_topic(&self, call: CallId, entry_id: &str) -> Result<bool> {
        let (store, agent) = self.signed_in()?;
        store
            .remove_topic(agent, call, entry_id, store.now().await)
            .await
    }

    /// Chooses the call's outcome.
    pub async fn set_outcome(&self, call: CallId, outcome: Outcome) -> Result<()> {
        let (store, agent) = self.signed_in()?;
        store
            .set_outcome(agent, call, outcome, store.now().await)
            .await
    }

    /// Saves the notes as typed.
    pub async fn save_notes(&self, call: CallId, notes: &str) -> Result<()> {
        let (store, agent) = self.signed_in()?;
        store
            .save_notes(agent, call, notes, store.now().await)
            .await
    }

    /// When a forward written at `at` is due, and that in words for the
    /// forward dialog ("bis Donnerstag, 10:30").
    pub fn forward_due(&self, at: DateTime<Utc>) -> (DateTime<Utc>, String) {
        let due = add_service_hours(at, CALLBACK_SERVICE_HOURS);
        (due, due_in_words(due, at))
    }

    /// Forwards the caller's question to an office with the 115 callback
    /// promise. The office must be a location entry of the knowledge base;
    /// the channel needs its contact (see [`NewForward`]).
    pub async fn forward(&self, call: CallId, new: &NewForward) -> Result<Forward> {
        self.forward_keyed(call, new, &RequestKey::fresh()).await
    }

    /// [`Desk::forward`] under the forward dialog's request key: sending
    /// the dialog again after a lost answer writes no second forward.
    pub async fn forward_keyed(
        &self,
        call: CallId,
        new: &NewForward,
        key: &RequestKey,
    ) -> Result<Forward> {
        let (store, agent) = self.signed_in()?;
        let office = new.office_id.trim();
        match self.kb.entries.get(office) {
            Some(e) if e.kind == crate::kb::EntryKind::Location => {}
            Some(_) => {
                return Err(Error::invalid(
                    "office",
                    format!(
                        "{} is a service, not an office (location entry)",
                        crate::error::quote(office)
                    ),
                ));
            }
            None => {
                return Err(Error::invalid(
                    "office",
                    format!(
                        "no office (location entry) with id {} in the knowledge base",
                        crate::error::quote(office)
                    ),
                ));
            }
        }
        store
            .forward_keyed(agent, call, new, key, store.now().await)
            .await
    }

    /// Ends the call (F4) with `outcome`, or the one chosen before; an
    /// outcome is required (`dropped` is one).
    pub async fn end_call(&self, call: CallId, outcome: Option<Outcome>) -> Result<Call> {
        let (store, agent) = self.signed_in()?;
        store
            .end_call(agent, call, outcome, store.now().await)
            .await
    }

    /// The call with this id.
    pub async fn call(&self, id: CallId) -> Result<Call> {
        self.cases()?.call(id).await
    }

    /// The signed-in agent's calls, newest first.
    pub async fn recent_calls(&self, limit: u32) -> Result<Vec<Call>> {
        let (store, agent) = self.signed_in()?;
        store.recent_calls(Some(agent), limit).await
    }

    /// Open forwards of the whole centre, the earliest due first, with the
    /// office's title, whether each is overdue at `now`, and the due time
    /// in words.
    pub async fn open_forwards(&self, now: DateTime<Utc>) -> Result<Vec<OpenForward>> {
        let forwards = self.cases()?.open_forwards().await?;
        Ok(forwards
            .into_iter()
            .map(|f| self.describe_forward(f, now))
            .collect())
    }

    /// The open forwards this desk lists at `now`: the first `limit` of
    /// `scope` (the signed-in agent's own, or the centre's), earliest due
    /// first, with the counts of both scopes.
    pub async fn open_forward_list(
        &self,
        now: DateTime<Utc>,
        scope: ForwardScope,
        limit: u32,
    ) -> Result<OpenForwardList> {
        let (store, agent) = self.signed_in()?;
        let writer = match scope {
            ForwardScope::Mine => Some(agent),
            ForwardScope::All => None,
        };
        let forwards = store.open_forwards_first(writer, limit).await?;
        let (all, mine) = store.open_forward_counts(agent, now).await?;
        Ok(OpenForwardList {
            scope,
            forwards: forwards
                .into_iter()
                .map(|f| self.describe_forward(f, now))
                .collect(),
            mine,
            all,
        })
    }

    /// A forward with its office's title, whether it is overdue at `now`
    /// and its due time in words.
    pub fn describe_forward(&self, f: Forward, now: DateTime<Utc>) -> OpenForward {
        OpenForward {
            office_title: self
                .kb
                .entries
                .get(&f.office_id)
                .map(|e| e.title.clone())
                .unwrap_or_else(|| f.office_id.clone()),
            overdue: f.is_overdue(now),
            due_label: due_in_words(f.due_at, now),
            forward: f,
        }
    }

    /// The signed-in agent's call that has not ended, if any (the window
    /// restores it after a restart). `None` without sign-in or store.
    pub async fn active_call(&self) -> Result<Option<Call>> {
        let (Some(store), Some(agent)) = (self.store.as_ref(), self.agent.as_ref()) else {
            return Ok(None);
        };
        let latest = store.recent_calls(Some(agent.id), 1).await?;
        Ok(latest.into_iter().next().filter(|c| c.ended_at.is_none()))
    }

    /// Records that the agent opened entry `id`: during a call it becomes
    /// a topic, and the search that led to it is logged. Without a store
    /// (it failed to open) search and answers still work, so this is a
    /// no-op rather than an error. `key` names this opening: sent again
    /// under the same key (the store was away), it is written once.
    pub async fn note_opened(
        &self,
        call: Option<CallId>,
        id: &str,
        query: Option<&str>,
        result_count: Option<u32>,
        key: &RequestKey,
    ) -> Result<()> {
        if self.store.is_none() {
            return Ok(());
        }
        let search = query
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(|q| (q, result_count.unwrap_or(0)));
        if call.is_none() && search.is_none() {
            return Ok(());
        }
        // A search may be logged before anyone signed in; a topic needs
        // the agent whose call it is.
        let (store, agent) = match call {
            Some(_) => self.signed_in().map(|(s, a)| (s, Some(a)))?,
            None => (self.cases()?, self.agent.as_ref().map(|a| a.id)),
        };
        let entry = self.kb.entry(id.trim())?;
        store
            .note_opened(agent, call, &entry.id, search, key, store.now().await)
            .await
    }

    /// The offices (location entries) a forward can go to, by title.
    pub fn offices(&self) -> Vec<TitleJump> {
        let mut v: Vec<TitleJump> = self
            .kb
            .entries
            .values()
            .filter(|e| e.kind == crate::kb::EntryKind::Location)
            .map(|e| TitleJump {
                id: e.id.clone(),
                title: e.title.clone(),
                kind: e.kind,
            })
            .collect();
        v.sort_by(|a, b| a.title.cmp(&b.title));
        v
    }

    /// Marks a forward done (the office has answered the caller).
    pub async fn mark_forward_done(&self, forward: ForwardId) -> Result<ForwardDone> {
        let (store, agent) = self.signed_in()?;
        store
            .mark_forward_done(agent, forward, store.now().await)
            .await
    }

    /// Logs a search for the knowledge-gap figures: what was typed, during
    /// which call, how many results, which entry was opened from them.
    pub async fn log_search(
        &self,
        call: Option<CallId>,
        query: &str,
        result_count: u32,
        opened_entry: Option<&str>,
    ) -> Result<SearchId> {
        let store = self.cases()?;
        if let Some(id) = opened_entry {
            self.kb.entry(id.trim())?;
        }
        let agent = self.agent.as_ref().map(|a| a.id);
        store
            .log_search(
                agent,
                call,
                query,
                result_count,
                opened_entry,
                store.now().await,
            )
            .await
    }

    /// Starts the retention job: once now, then daily, with the configured
    /// `retention_days` (the desktop shell calls this at start-up). Needs a
    /// tokio runtime; the job ends with it.
    pub fn start_retention_job(&self) -> Result<tokio::task::JoinHandle<()>> {
        Ok(crate::cases::spawn_daily_retention(self.cases()?.clone()))
    }

    /// Anonymises personal data older than the centre's retention period
    /// (a centre setting in the store, default 90 days); with `dry_run`
    /// only counts what would be anonymised.
    pub async fn run_retention(&self, dry_run: bool) -> Result<RetentionReport> {
        let store = self.cases()?;
        let days = store.centre_settings().await?.retention_days;
        store.run_retention(days, store.now().await, dry_run).await
    }

    /// The centre-wide settings as the store holds them now.
    pub async fn centre_settings(&self) -> Result<CentreSettings> {
        self.cases()?.centre_settings().await
    }

    /// Changes the centre's retention period (a supervisor's act, audited).
    pub async fn set_retention_days(&self, days: u32) -> Result<()> {
        let (store, agent) = self.supervisor()?;
        store
            .set_centre_setting(
                Some(agent),
                CentreSetting::RetentionDays(days),
                store.now().await,
            )
            .await
    }

    /// The store for reading the team's figures and exports. A signed-in
    /// agent or editor is refused: the figures are Teamleitung's. Nobody
    /// signed in is allowed: that is the CLI run by the desk file's owner
    /// (who could read the file anyway), or on a centre's server a login
    /// whose grants decide what it reads.
    fn team_figures(&self) -> Result<&CaseStore> {
        let store = self.cases()?;
        match self.agent.as_ref().map(|a| a.role) {
            None | Some(Role::Supervisor) => Ok(store),
            Some(_) => Err(Error::forbidden(
                "reading the team's figures",
                "the team's figures are for Teamleitung; sign in as Teamleitung",
            )),
        }
    }

    /// The signed-in supervisor, or why not.
    fn supervisor(&self) -> Result<(&CaseStore, AgentId)> {
        let (store, agent) = self.signed_in()?;
        match self.agent.as_ref().map(|a| a.role) {
            Some(Role::Supervisor) => Ok((store, agent)),
            _ => Err(Error::forbidden(
                "changing the centre's settings",
                "only a supervisor (Teamleitung) changes the centre's settings",
            )),
        }
    }
}

/// The supervisor's figures. Computed by the core from the store's
/// aggregates (see [`crate::stats`]); the window and the CLI render them.
impl Desk {
    /// Every figure of `period` now, with figures per agent only when the
    /// settings switch them on (`per_agent_figures`).
    pub async fn figures(&self, period: Period) -> Result<Figures> {
        let now = self.team_figures()?.now().await;
        self.figures_at(period, now).await
    }

    /// [`Desk::figures`] with an explicit "now" (open and overdue forwards,
    /// pending handoffs, stale entries), for tests and replays.
    pub async fn figures_at(&self, period: Period, now: DateTime<Utc>) -> Result<Figures> {
        self.figures_with(period, now, false).await
    }

    /// The figures, with the whole of every cut list when `whole_lists`
    /// (the export).
    async fn figures_with(
        &self,
        period: Period,
        now: DateTime<Utc>,
        whole_lists: bool,
    ) -> Result<Figures> {
        let store = self.team_figures()?;
        let options = FigureOptions {
            per_agent: store.centre_settings().await?.per_agent_figures,
            whole_lists,
        };
        crate::stats::compute(store, &self.kb, period, now, options).await
    }

    /// The figures of `period` as CSV for German Excel (UTF-8 with BOM,
    /// `;`, decimal comma, dd.mm.yyyy), with every knowledge gap and every
    /// overdue forward (the window lists the first
    /// [`crate::stats::TOP_GAPS`] and the oldest
    /// [`crate::stats::OVERDUE_LISTED`]).
    pub async fn export_figures_csv(&self, period: Period) -> Result<String> {
        let now = self.team_figures()?.now().await;
        let figures = self.figures_with(period, now, true).await?;
        Ok(crate::stats::csv::figures_csv(&figures))
    }

    /// The anonymised call list of `period` as CSV for German Excel: no
    /// names, contacts, notes, agents or call ids. Held in memory; for a
    /// long period prefer [`Desk::write_calls_csv`].
    pub async fn export_calls_csv(&self, period: Period) -> Result<String> {
        let mut out = Vec::new();
        self.write_calls_csv(period, &mut out).await?;
        String::from_utf8(out).map_err(|e| Error::Io {
            path: "CSV".into(),
            source: std::io::Error::new(std::io::ErrorKind::InvalidData, e),
        })
    }

    /// Streams the anonymised call list of `period` to `out` (a file the
    /// window's save dialog chose, or stdout); returns the calls written.
    pub async fn write_calls_csv(
        &self,
        period: Period,
        out: &mut (dyn std::io::Write + Send),
    ) -> Result<u64> {
        crate::stats::write_calls_csv(self.team_figures()?, &self.kb, &period, out).await
    }

    /// Saves a CSV export of `period` (the figures, or with `calls` the
    /// anonymised call list) into the user's download folder (else
    /// `<data>/exports`) and returns the file's path. The window has no
    /// file-system access of its own; this is its one way to write a file.
    pub async fn export_csv_file(&self, period: Period, calls: bool) -> Result<PathBuf> {
        let dir = directories::UserDirs::new()
            .and_then(|u| u.download_dir().map(Path::to_path_buf))
            .filter(|d| d.is_dir())
            .unwrap_or_else(|| self.config.data_dir.join("exports"));
        std::fs::create_dir_all(&dir).map_err(|e| Error::io(&dir, e))?;
        let what = if calls { "anrufe" } else { "kennzahlen" };
        let path = dir.join(format!(
            "auskunft-{what}-{}-{}.csv",
            period.from(),
            period.last()
        ));
        let tmp = path.with_extension("csv.tmp");
        let mut file = std::fs::File::create(&tmp).map_err(|e| Error::io(&tmp, e))?;
        if calls {
            self.write_calls_csv(period, &mut file).await?;
        } else {
            let text = self.export_figures_csv(period).await?;
            std::io::Write::write_all(&mut file, text.as_bytes())
                .map_err(|e| Error::io(&tmp, e))?;
        }
        file.sync_all().map_err(|e| Error::io(&tmp, e))?;
        std::fs::rename(&tmp, &path).map_err(|e| Error::io(&path, e))?;
        Ok(path)
    }

    /// Whether figures per agent are switched on for the centre.
    pub async fn per_agent_figures(&self) -> Result<bool> {
        Ok(self.centre_settings().await?.per_agent_figures)
    }

    /// Switches figures per agent on or off for the whole centre (a
    /// centre setting in the store, with an audit row naming the
    /// supervisor). Only a signed-in supervisor may change it; the window
    /// shows [`crate::cases::PER_AGENT_FIGURES_REASON`] next to the switch.
    pub async fn set_per_agent_figures(&self, on: bool) -> Result<()> {
        let (store, agent) = self.supervisor()?;
        store
            .set_centre_setting(
                Some(agent),
                CentreSetting::PerAgentFigures(on),
                store.now().await,
            )
            .await
    }
}

/// Rows in the window's result list (`SEARCH_LIMIT` in `ui/src/lib/ipc.ts`;
/// a test keeps the two equal). [`Desk::ask`] answers with its first row.
pub const LIST_LENGTH: usize = 10;

/// Where an installed package puts the knowledge-base snapshot.
pub const PACKAGED_KB_DIR: &str = "/usr/share/auskunft/knowledge-base";

/// The default knowledge-base folder: `AUSKUNFT_KB`, else the packaged
/// snapshot ([`PACKAGED_KB_DIR`]), else the snapshot relative to the
/// executable (`<prefix>/bin/auskunft` → `<prefix>/share/auskunft/
/// knowledge-base`: a package unpacked or installed elsewhere), else a
/// `knowledge-base/` folder in the executable's folder or one above it (a
/// source checkout's `target/debug/…`), else `knowledge-base` in the
/// working folder. Never a path compiled in at build time: the build
/// machine's folders do not exist on a desk.
pub fn default_kb_dir() -> PathBuf {
    kb_dir_from(
        std::env::var_os("AUSKUNFT_KB").map(PathBuf::from),
        Path::new(PACKAGED_KB_DIR),
        std::env::current_exe().ok().as_deref(),
    )
}

/// The knowledge-base folder of a desk whose data folder is `data_dir`,
/// and where that came from: the settings' `knowledge_base` (the
/// centre's file or the user's), else [`default_kb_dir`]'s order. A
/// settings file that cannot be read falls through to the default here;
/// opening the store reports it.
pub fn kb_dir_for(data_dir: &Path) -> (PathBuf, &'static str) {
    if let Ok(s) = crate::cases::DeskSettings::load(data_dir)
        && let Some(dir) = s.knowledge_base
    {
        return (dir, "settings (knowledge_base)");
    }
    let source = if std::env::var_os("AUSKUNFT_KB").is_some() {
        "environment AUSKUNFT_KB"
    } else if Path::new(PACKAGED_KB_DIR).is_dir() {
        "the packaged snapshot"
    } else {
        "next to the program, or the working folder"
    };
    (default_kb_dir(), source)
}

/// [`default_kb_dir`] with its inputs given, so the order can be tested.
pub fn kb_dir_from(env: Option<PathBuf>, packaged: &Path, exe: Option<&Path>) -> PathBuf {
    if let Some(p) = env {
        return p;
    }
    if packaged.is_dir() {
        return packaged.to_path_buf();
    }
    if let Some(prefixed) = exe
        .and_then(Path::parent)
        .and_then(Path::parent)
        .map(|prefix| prefix.join("share/auskunft/knowledge-base"))
        .filter(|d| d.is_dir())
    {
        return prefixed;
    }
    exe.and_then(Path::parent)
        .into_iter()
        .flat_map(Path::ancestors)
        .take(4)
        .map(|d| d.join("knowledge-base"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| PathBuf::from("knowledge-base"))
}

/// The default data folder: `AUSKUNFT_DATA`, else the user's data folder
/// (`~/.local/share/auskunft` on Linux).
pub fn default_data_dir() -> PathBuf {
    if let Some(p) = std::env::var_os("AUSKUNFT_DATA") {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("de", "Stadt Bochum", "auskunft")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".auskunft"))
}
