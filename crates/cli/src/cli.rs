//! The command line: nouns, then verbs (`sightline inspection import`).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};
use jiff::civil::Date;
use sightline_app::{Actor, Location, Sightline};

use crate::output::Format;

/// Sightline: a line of sight from children's records to the improvement plan.
#[derive(Debug, Parser)]
#[command(name = "sightline", version, about, long_about = None)]
pub struct Cli {
    /// The database: a SQLite file (created on first use) or a PostgreSQL server,
    /// `postgres://user:password@host:port/name` (made by `sightline db create`). Default:
    /// sightline.db, or sightline-demo.db for `sightline demo`.
    #[arg(
        long = "database",
        visible_alias = "db",
        global = true,
        env = "SIGHTLINE_DATABASE"
    )]
    pub database: Option<String>,

    /// Act for this authority of a shared database (a DfE code or name): every read and write
    /// is then that authority's. Needed when a database holds several authorities' records;
    /// otherwise the authority the installation serves.
    #[arg(
        long = "for",
        global = true,
        env = "SIGHTLINE_FOR",
        value_name = "AUTHORITY"
    )]
    pub for_authority: Option<String>,

    /// Who is making changes, for the audit log.
    #[arg(
        long = "as",
        global = true,
        env = "SIGHTLINE_USER",
        default_value = "local"
    )]
    pub user: String,

    /// The role to act in: viewer (aggregates only), manager, analyst or admin. Decides
    /// whether child-level rows are shown.
    #[arg(long, global = true, env = "SIGHTLINE_ROLE", default_value = "analyst")]
    pub role: sightline_core::access::Role,

    /// Extra bank holidays for working-day clocks (CSV `date,name`), beyond the shipped
    /// England and Wales list for 2010 to 2030.
    #[arg(long, global = true, env = "SIGHTLINE_HOLIDAYS")]
    pub holidays: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The commands, grouped by noun.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the demo for the fictional authority Northfield (inspections, plan, a year of
    /// monthly extracts, targets), create the demo accounts and serve it in the browser.
    Demo {
        /// Build it and stop, without serving.
        #[arg(long)]
        no_serve: bool,
        /// Where to listen.
        #[arg(long, env = "SIGHTLINE_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
    },
    /// Serve Sightline in the browser.
    Serve {
        /// Where to listen (default 127.0.0.1:8080, or `address` in the config file).
        #[arg(long, env = "SIGHTLINE_ADDR")]
        addr: Option<String>,
        /// A TOML file with `address`, `database`, `council` (the name in the header) and
        /// `secret_key` (the pseudonymisation key, at least 32 characters, kept out of the
        /// database; env SIGHTLINE_SECRET_KEY). Flags and SIGHTLINE_* variables win over it.
        #[arg(long, env = "SIGHTLINE_CONFIG")]
        config: Option<PathBuf>,
    },
    /// The database: create a PostgreSQL one, or copy a SQLite installation into one.
    #[command(subcommand)]
    Db(crate::database::DbCommand),
    /// Accounts: add one, or list them; grant another authority's account a role here.
    #[command(subcommand)]
    User(UserCommand),
    /// Alliances of authorities that compare their figures: make one, join it, grant the
    /// regional role, and show the pooled view.
    #[command(subcommand)]
    Alliance(crate::alliance::AllianceCommand),
    /// Personal API tokens for Power BI, Excel and scripts (admins: --role admin).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Local authorities: codes, region, statistical neighbours and their latest grades.
    #[command(subcommand)]
    Authority(AuthorityCommand),
    /// The Ofsted inspection record: read reports, import them, record visits, the journey.
    #[command(subcommand)]
    Inspection(InspectionCommand),
    /// The improvement plan: draft, import and export the workbook, progress, RAG with reasons.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Ofsted Annex A child-level lists.
    #[command(subcommand, name = "annex-a")]
    AnnexA(AnnexACommand),
    /// The indicator catalogue computed from Annex A: figures, the rows behind them, targets,
    /// benchmarks, the scorecard and exceptions.
    Indicators(crate::indicators::IndicatorsArgs),
    /// The workforce: the monthly HR return by team, and the DfE's workforce measures.
    #[command(subcommand)]
    Workforce(crate::workforce::WorkforceCommand),
    /// Follow the money: investment lines, the monthly finance export, status with reasons.
    #[command(subcommand)]
    Money(crate::money::MoneyCommand),
    /// Board and scrutiny packs: build one for a meeting (DOCX, PDF, XLSX or HTML), list them,
    /// download one again.
    #[command(subcommand)]
    Pack(crate::pack::PackCommand),
    /// Practice audits of case files, for the audit indicators (audits graded good or better).
    #[command(subcommand)]
    Audits(crate::practice::AuditsCommand),
    /// Readiness for the next inspection: the self-evaluation, the plan, the packs sent, the
    /// data quality, the recommendations without a working action.
    Readiness {
        /// The day (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The annual self-evaluation: by area, around Ofsted's three questions, evidence cited
    /// and frozen on publication.
    #[command(subcommand)]
    Sef(crate::self_evaluation::SefCommand),
    /// Meetings of the improvement board, cabinet, scrutiny and others: agendas, papers sent,
    /// the forward plan, and what each body asked for.
    #[command(subcommand)]
    Meeting(crate::governance::MeetingCommand),
    /// Decisions as the minutes number them, and what they ask to be brought back.
    #[command(subcommand)]
    Decision(crate::governance::DecisionCommand),
    /// Requests made by decisions, rated red once their meeting has met without them.
    #[command(subcommand)]
    Request(crate::governance::RequestCommand),
    /// Synthetic data for demos, tests and benchmarks (never real children).
    #[command(subcommand)]
    Synth(SynthCommand),
    /// The audit log, newest first: who changed what, when, and what it was before and after
    /// (admins: --role admin).
    Audit {
        /// How many of the newest entries to read.
        #[arg(long, default_value_t = 100)]
        limit: u32,
        /// Only this person's changes.
        #[arg(long)]
        who: Option<String>,
        /// Only actions starting with this (`plan.`, `user.`, `setting.set`).
        #[arg(long)]
        action: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline user …`
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account, or set a new password and role. The password is read from
    /// SIGHTLINE_PASSWORD, else from the first line of standard input (never a flag, so it
    /// stays out of shell history).
    Add {
        /// Login name.
        name: String,
        /// viewer, manager, analyst or admin.
        #[arg(long)]
        role: sightline_core::access::Role,
    },
    /// Every account.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// Grant another authority's account a role in this one (the authority acted for, --for),
    /// or change it (admins: --role admin).
    Grant {
        /// The account's login name.
        name: String,
        /// viewer, manager, analyst or admin.
        #[arg(long)]
        role: sightline_core::access::Role,
    },
    /// Take away the role another authority's account holds here (admins: --role admin).
    Revoke {
        /// The account's login name.
        name: String,
    },
    /// The roles granted here to other authorities' accounts (admins: --role admin).
    Grants {
        #[command(flatten)]
        format: FormatArg,
    },
    /// The teams (as the extracts name them) whose children a manager's line of sight shows;
    /// no --team takes them all away (admins: --role admin).
    Teams {
        /// Login name.
        name: String,
        /// A team, as written in the extracts' Allocated Team; repeat for more.
        #[arg(long)]
        team: Vec<String>,
    },
}

/// `sightline token …`
#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Make a token that acts as an account (its role included) until it expires; it is
    /// printed once and only its hash is kept. Send it as `Authorization: Bearer TOKEN`.
    Create {
        /// The account the token acts as.
        #[arg(long)]
        user: String,
        /// What it is for ("Power BI").
        #[arg(long)]
        name: String,
        /// The last day it works (at most two years ahead).
        #[arg(long)]
        expires: Date,
    },
    /// Every token: whose, what for, expiry, last use, revoked.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// Revoke a token at once.
    Revoke {
        /// The token's id (`sightline token list`).
        id: i64,
    },
}

/// `sightline synth …`
#[derive(Debug, Subcommand)]
pub enum SynthCommand {
    /// Write a synthetic Annex A extract for a fictional authority.
    #[command(name = "annex-a")]
    AnnexA {
        /// Children with at least one contact (the other lists follow from their journeys).
        #[arg(long, default_value_t = 5000)]
        children: usize,
        /// The seed: the same seed gives the same file.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The date the extract is produced.
        #[arg(long)]
        as_at: Date,
        /// How much real-world mess to put in.
        #[arg(long, value_enum, default_value_t = MessyArg::None)]
        messy: MessyArg,
        /// An .xlsx file, or a folder for one CSV file per list.
        #[arg(long)]
        out: PathBuf,
    },
    /// Synthetic monthly extracts for many authorities at once, each sized by its real
    /// population aged 0 to 25 (never real children), written as CSV folders
    /// OUT/CODE/YYYY-MM/: the data the regional and national picture runs on. All of England
    /// for a year is about 30 million rows.
    National {
        /// `all` (the 153 authorities that run children's services now), or authority codes
        /// separated by commas (856,855).
        #[arg(long, value_parser = parse_authorities)]
        authorities: std::vec::Vec<u16>,
        /// How many months, the last ending with the month before this one.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// The seed: the same seed writes the same extracts.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// The folder to write under.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Which authorities `synth national` writes for.
fn parse_authorities(s: &str) -> Result<Vec<u16>, String> {
    if s.trim().eq_ignore_ascii_case("all") {
        return Ok(Vec::new());
    }
    s.split(',')
        .map(|c| {
            c.trim()
                .parse::<u16>()
                .map_err(|_| format!("{c:?} is not an authority code (as 856), or give `all`"))
        })
        .collect()
}

/// `--messy`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum MessyArg {
    /// Clean.
    None,
    /// Some variants.
    Some,
    /// Every variant, often.
    Lots,
}

/// `sightline annex-a …`
#[derive(Debug, Subcommand)]
pub enum AnnexACommand {
    /// Read and check an extract (a workbook, CSV files, or a folder of them) without touching
    /// the database: every list found, rows read, accepted and rejected, every finding.
    Check {
        /// A file (.xlsx, .xls, .ods, .csv) or a folder of them.
        path: PathBuf,
        /// The date the extract was produced (default: its latest event date).
        #[arg(long)]
        as_at: Option<Date>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Read, check and store an extract in one transaction (all of it or nothing).
    Load {
        /// A file (.xlsx, .xls, .ods, .csv) or a folder of them.
        path: PathBuf,
        /// The date the extract was produced (default: its latest event date).
        #[arg(long)]
        as_at: Option<Date>,
        /// Replace child identifiers by a keyed hash (per-installation secret), so the raw IDs
        /// never reach the database while joins across lists and extracts still work.
        #[arg(long)]
        pseudonymise: bool,
        /// The extract holds only some of the eleven lists, on purpose: load them, and keep the
        /// other lists' figures from the last complete extract (without it, a missing list is
        /// an error).
        #[arg(long)]
        partial: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Load a collection: many authorities' monthly extracts under one folder, FOLDER/CODE/YYYY-MM
    /// (as `sightline synth national` writes them), each as its authority's, into a shared
    /// database that serves none in particular. Each extract is all or nothing, with its
    /// figures; one that fails is reported and the others still load.
    LoadCollection {
        /// The folder holding a folder per authority code.
        path: PathBuf,
        /// Replace child identifiers by a keyed hash (needs SIGHTLINE_SECRET_KEY).
        #[arg(long)]
        pseudonymise: bool,
        /// Authorities loading at once.
        #[arg(long, default_value_t = 2)]
        jobs: usize,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Write a stored extract back in Ofsted's Annex A template layout (what the council hands
    /// Ofsted on the first day): the template's sheets, headers and code labels, the rejected
    /// rows on their own sheet (managers, analysts and admins; audited).
    Export {
        /// The extract id (default: the latest).
        #[arg(long)]
        extract: Option<i64>,
        /// The layout: Ofsted's 2019 template, the one there is.
        #[arg(long, default_value = "ofsted-2019", value_parser = ["ofsted-2019"])]
        template: String,
        /// The workbook to write (.xlsx).
        #[arg(long)]
        out: PathBuf,
        /// The council's own child identifiers (opened from their seals) instead of the
        /// pseudonyms.
        #[arg(long)]
        own_ids: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The data-quality report of an extract: per list, by rule, by team and worker, and the
    /// trend across extracts.
    Report {
        /// The extract id (default: the latest).
        #[arg(long)]
        extract: Option<i64>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline plan …`
#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// List saved plans.
    List {
        #[command(flatten)]
        format: FormatArg,
    },
    /// Draft a plan from an inspection: one priority per recommendation, text carried over.
    Draft {
        /// The inspection id (from `inspection list`).
        #[arg(long)]
        inspection: i64,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Import the council's action-plan workbook (XLSX, XLS or ODS).
    Import {
        /// The workbook.
        file: PathBuf,
        /// The authority the plan belongs to (code or name).
        #[arg(long)]
        authority: String,
        /// The inspection whose recommendations the plan answers.
        #[arg(long)]
        inspection: Option<i64>,
        /// The date the workbook's progress column refers to (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        /// Print what would be imported, with findings, without saving anything.
        #[arg(long)]
        dry_run: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Export a plan in the workbook's columns.
    Export {
        /// The plan id (default: the most recent).
        #[arg(long)]
        plan: Option<i64>,
        /// xlsx (needs --out), json or csv.
        #[arg(long, value_enum, default_value_t = ExportFormat::Xlsx)]
        format: ExportFormat,
        /// The file to write (default for json and csv: standard output).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The plan with RAG and reasons, counts by colour, overdue milestones, uncovered
    /// recommendations.
    Status {
        /// The plan id (default: the most recent).
        #[arg(long)]
        plan: Option<i64>,
        /// Rate as of this date (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        /// An action due within this many days is at risk without a recent update.
        #[arg(long, default_value_t = 30)]
        due_soon_days: i64,
        /// An update older than this many days is not recent.
        #[arg(long, default_value_t = 30)]
        stale_update_days: i64,
        /// Rate as we now know it: milestones and overrides entered after --as-at count too
        /// (by default a past date is rated as it was known then).
        #[arg(long)]
        as_now_known: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// The plan's RAG at each month end, as board papers compare it month on month; each month
    /// as it was known then unless --as-now-known.
    History {
        /// The plan id (default: the most recent).
        #[arg(long)]
        plan: Option<i64>,
        /// The last date (default: today); earlier points are the month ends before it.
        #[arg(long)]
        to: Option<Date>,
        /// How many months back.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Rate each month as we now know it.
        #[arg(long)]
        as_now_known: bool,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record progress on an action (signed by --as; never edits an earlier update).
    Update {
        /// The action id (from `plan status`).
        action: i64,
        /// What happened (for --status dropped: why).
        #[arg(long)]
        progress: String,
        /// not_started, in_progress, complete or dropped.
        #[arg(long)]
        status: Option<sightline_core::plan::ActionStatus>,
        /// A milestone of this action that is now done.
        #[arg(long)]
        milestone_done: Option<i64>,
        /// The date of the progress (default: today).
        #[arg(long)]
        date: Option<Date>,
    },
    /// Add a milestone to an action.
    Milestone {
        /// The action id.
        action: i64,
        /// What marks it.
        #[arg(long)]
        text: String,
        /// When it is due.
        #[arg(long)]
        due: Option<Date>,
    },
    /// Override an action's RAG, with a reason, until a date (kept in history).
    Override {
        /// The action id.
        action: i64,
        /// red, amber, green, blue or grey.
        #[arg(long)]
        colour: sightline_core::rag::Rag,
        /// Why (required).
        #[arg(long)]
        reason: String,
        /// Last day it applies.
        #[arg(long)]
        until: Date,
        /// First day it applies (default: today).
        #[arg(long)]
        from: Option<Date>,
    },
    /// Write the plan on a page: vision, priorities, RAG and success measures, as HTML that
    /// prints on one A4 sheet.
    Page {
        /// The plan id (default: the most recent).
        #[arg(long)]
        plan: Option<i64>,
        /// Rate as of this date (default: today).
        #[arg(long)]
        as_at: Option<Date>,
        /// The HTML file to write.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Formats a plan exports to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The council's workbook.
    Xlsx,
    /// The whole plan, with updates and overrides.
    Json,
    /// The workbook's columns as CSV.
    Csv,
}

/// `sightline authority …`
#[derive(Debug, Subcommand)]
pub enum AuthorityCommand {
    /// Show an authority, its ten statistical neighbours and their latest grades.
    Show {
        /// DfE code (856), ONS code (E06000016) or name ("Leicester").
        authority: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// List every authority, optionally in one region.
    List {
        /// Region name or code, e.g. "East Midlands" or E12000004.
        #[arg(long)]
        region: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// `sightline inspection …`
#[derive(Debug, Subcommand)]
pub enum InspectionCommand {
    /// Read a published Ofsted report (PDF) and print what it says, without storing it.
    Parse {
        /// The report PDF.
        file: PathBuf,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Store a published report's inspection, judgements and recommendations.
    Import {
        /// The report PDF.
        file: PathBuf,
        /// The authority (code or name), when the report's name does not match one.
        #[arg(long)]
        authority: Option<String>,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Record a focused visit, monitoring visit, JTAI or annual engagement meeting.
    Add(AddArgs),
    /// Show an authority's inspections in date order and the next inspection window.
    List {
        /// The authority (code or name).
        #[arg(long)]
        authority: String,
        #[command(flatten)]
        format: FormatArg,
    },
    /// Show one recorded inspection with its judgements and recommendations.
    Show {
        /// The inspection id (from `inspection list`).
        id: i64,
        #[command(flatten)]
        format: FormatArg,
    },
}

/// Arguments of `sightline inspection add`.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The authority (code or name).
    #[arg(long)]
    pub authority: String,
    /// focused_visit, monitoring_visit, jtai or annual_engagement_meeting.
    #[arg(long)]
    pub kind: sightline_core::inspection::InspectionKind,
    /// The date (first day), YYYY-MM-DD.
    #[arg(long)]
    pub date: Date,
    /// The last day, for visits of more than one day.
    #[arg(long)]
    pub end_date: Option<Date>,
    /// The date the letter was published.
    #[arg(long)]
    pub published: Option<Date>,
    /// A summary of what the letter or meeting said.
    #[arg(long)]
    pub summary: Option<String>,
    /// An area for improvement (repeat for several).
    #[arg(long = "area-for-improvement")]
    pub areas_for_improvement: Vec<String>,
    /// An area for priority action (repeat for several).
    #[arg(long = "priority-action")]
    pub priority_actions: Vec<String>,
    #[command(flatten)]
    pub format: FormatArg,
}

/// `--format`, for commands whose output is data.
#[derive(Debug, Args, Clone, Copy)]
pub struct FormatArg {
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
}

/// The name written to the audit log for a command: `--as`, with the operating-system user
/// who ran it (`jo (os user: jbloggs)`).
fn command_line_actor(claimed: &str) -> String {
    let os = ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "unknown".to_string());
    format!("{claimed} (os user: {})", os.trim())
}

/// Runs a parsed command line.
pub async fn run(cli: Cli) -> anyhow::Result<()> {
    // `--as` is a claim anyone can make; the audit log keeps the operating-system account that
    // ran the command beside it.
    let actor = Actor(command_line_actor(&cli.user));
    let db_path = |default: &str| Location::parse(cli.database.as_deref().unwrap_or(default));
    // The pseudonymisation key comes from the environment (or the serve config), never a flag.
    let secret_key = std::env::var("SIGHTLINE_SECRET_KEY").ok();
    let for_authority = cli.for_authority.clone();
    // `whole`: the command is about the database, not one authority's records in it (serving
    // it, public reference, loading a collection, an alliance's view), so a database shared
    // by several authorities is not refused for want of --for.
    let open_as = |location: Location, whole: bool| {
        let key = secret_key.clone();
        let for_authority = for_authority.clone();
        async move {
            let app = Sightline::at(&location).await.map_err(|e| {
                anyhow::anyhow!(e).context(format!("opening {}", location.redacted()))
            })?;
            let app = match (&for_authority, whole) {
                (None, true) => app,
                _ => app.acting_for(for_authority.as_deref()).await?,
            };
            match key {
                Some(k) => app
                    .with_secret_key(&k)
                    .map_err(|e| anyhow::anyhow!(e).context("SIGHTLINE_SECRET_KEY")),
                None => Ok(app),
            }
        }
    };
    let open = |location: Location| open_as(location, false);
    let open_whole = |location: Location| open_as(location, true);
    match cli.command {
        Command::Demo { no_serve, addr } => {
            let location = db_path("sightline-demo.db");
            // The demo's key is kept beside a SQLite file, or in the working folder for a server.
            let path = match &location {
                Location::Sqlite(path) => path.clone(),
                Location::Postgres(_) => PathBuf::from("sightline-demo-postgres.db"),
            };
            let mut app = open(location).await?;
            if !app.has_secret_key() {
                let (key, file, made) = crate::demo::demo_key(&path)?;
                app = app.with_secret_key(&key)?;
                println!(
                    "Pseudonymisation key: {} {} (kept out of the database; give it as \
                     SIGHTLINE_SECRET_KEY to load more extracts into this demo)",
                    if made { "written to" } else { "read from" },
                    file.display()
                );
            }
            crate::demo::run(&app, &path, (!no_serve).then_some(addr.as_str())).await
        }
        Command::Serve { addr, config } => {
            let file = match &config {
                Some(path) => crate::demo::ServeConfig::read(path)?,
                None => crate::demo::ServeConfig::default(),
            };
            let db = Location::parse(
                cli.database
                    .as_deref()
                    .or(file.database.as_deref())
                    .unwrap_or("sightline.db"),
            );
            let addr = addr
                .or(file.address.clone())
                .unwrap_or_else(|| "127.0.0.1:8080".to_string());
            // A shared database is served whole: each request acts for its session's authority.
            let mut app = open_whole(db).await?;
            if let (Some(k), None) = (&file.secret_key, &secret_key) {
                app = app.with_secret_key(k).map_err(|e| {
                    anyhow::anyhow!(e).context(format!(
                        "{}: secret_key",
                        config
                            .as_deref()
                            .unwrap_or(std::path::Path::new("config"))
                            .display()
                    ))
                })?;
            }
            crate::demo::serve_as(app, &addr, file.council.as_deref()).await
        }
        Command::Db(cmd) => {
            crate::database::run(&db_path("sightline.db"), &actor, cli.role, cmd).await
        }
        Command::Alliance(cmd) => {
            // The view and the list are the alliance's, not one authority's: they need no --for.
            let whole = matches!(
                cmd,
                crate::alliance::AllianceCommand::Show { .. }
                    | crate::alliance::AllianceCommand::List { .. }
            );
            let app = open_as(db_path("sightline.db"), whole).await?;
            crate::alliance::run(&app, &actor, &cli.user, cli.role, cmd).await
        }
        Command::User(cmd) => {
            crate::demo::user(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd).await
        }
        Command::Token(cmd) => {
            crate::token::run(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd).await
        }
        Command::Inspection(InspectionCommand::Parse { file, format }) => {
            crate::inspection::parse(&file, format.format)
        }
        Command::Authority(cmd) => {
            crate::authority::run(&open_whole(db_path("sightline.db")).await?, cmd).await
        }
        Command::Audit {
            limit,
            who,
            action,
            format,
        } => {
            crate::audit::run(
                &open(db_path("sightline.db")).await?,
                cli.role,
                limit,
                who.as_deref(),
                action.as_deref(),
                format.format,
            )
            .await
        }
        Command::Inspection(cmd) => {
            crate::inspection::run(&open(db_path("sightline.db")).await?, &actor, cmd).await
        }
        Command::AnnexA(AnnexACommand::Check {
            path,
            as_at,
            format,
        }) => crate::annex_a::check(&path, as_at, format.format),
        Command::AnnexA(cmd) => {
            let whole = matches!(cmd, AnnexACommand::LoadCollection { .. });
            let app = open_as(db_path("sightline.db"), whole).await?;
            crate::annex_a::run(&app, &actor, cli.role, cmd).await
        }
        Command::Synth(SynthCommand::National {
            authorities,
            months,
            seed,
            out,
        }) => crate::annex_a::synth_national(&authorities, months, seed, &out),
        Command::Synth(SynthCommand::AnnexA {
            children,
            seed,
            as_at,
            messy,
            out,
        }) => crate::annex_a::synth(children, seed, as_at, messy, &out),
        Command::Workforce(cmd) => {
            crate::workforce::run(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd)
                .await
        }
        Command::Money(cmd) => {
            crate::money::run(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd).await
        }
        Command::Pack(cmd) => {
            crate::pack::run(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd).await
        }
        Command::Audits(cmd) => {
            crate::practice::run(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd).await
        }
        Command::Readiness { as_at, format } => {
            crate::readiness::run(&open(db_path("sightline.db")).await?, as_at, format).await
        }
        Command::Sef(cmd) => {
            crate::self_evaluation::run(
                &open(db_path("sightline.db")).await?,
                &actor,
                cli.role,
                cmd,
            )
            .await
        }
        Command::Meeting(cmd) => {
            crate::governance::meeting(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd)
                .await
        }
        Command::Decision(cmd) => {
            crate::governance::decision(
                &open(db_path("sightline.db")).await?,
                &actor,
                cli.role,
                cmd,
            )
            .await
        }
        Command::Request(cmd) => {
            crate::governance::request(&open(db_path("sightline.db")).await?, &actor, cli.role, cmd)
                .await
        }
        Command::Indicators(args) => {
            let path = db_path("sightline.db");
            // Reading a file needs no database; do not create one as a side effect.
            let absent = matches!(&path, Location::Sqlite(p) if !p.exists());
            let app = if args.command.is_none() && args.compute.path.is_some() && absent {
                Sightline::in_memory().await?
            } else {
                open(path).await?
            };
            let app = match &cli.holidays {
                Some(h) => app.with_holidays(h)?,
                None => app,
            };
            crate::indicators::run(Some(&app), &actor, cli.role, args).await
        }
        Command::Plan(cmd) => {
            crate::plan::run(&open(db_path("sightline.db")).await?, &actor, cmd).await
        }
    }
}
