//! `sightline annex-a check`.

use std::fmt::Write;
use std::path::Path;

use jiff::civil::Date;

use crate::output::{Format, Rows, emit, opt};

pub fn check(path: &Path, as_at: Option<Date>, format: Format) -> anyhow::Result<()> {
    let x = sightline_app::check_annex_a(path, as_at)?;
    let mut head = String::new();
    let _ = writeln!(head, "{}: checked as at {}", path.display(), x.as_at);
    for l in &x.lists {
        let _ = writeln!(
            head,
            "  List {:>2} {:<17} {:<22} header row {:>2}: {} rows read, {} accepted, {} rejected",
            l.list, l.name, l.source, l.header_row, l.rows_read, l.rows_accepted, l.rows_rejected
        );
    }
    for u in &x.unrecognised {
        let _ = writeln!(head, "  not a list: {} ({})", u.source, u.reason);
    }
    let _ = writeln!(head, "{} findings", x.findings.len());
    let mut rows = Rows::new(&[
        "list", "sheet", "row", "column", "value", "rule", "severity", "message",
    ]);
    for f in &x.findings {
        rows.push(vec![
            opt(f.list),
            f.sheet.clone(),
            f.row.to_string(),
            opt(f.column.as_deref()),
            opt(f.value.as_deref()),
            f.rule.clone(),
            format!("{:?}", f.severity).to_lowercase(),
            f.message.clone(),
        ]);
    }
    emit(format, &x, &head, &rows)?;
    // As `load` refuses it, `check` fails on a file that holds no list at all.
    if x.lists.is_empty() {
        anyhow::bail!(
            "{}: no Annex A list was found (see \"not a list\" above)",
            path.display()
        );
    }
    Ok(())
}

pub async fn run(
    app: &sightline_app::Sightline,
    actor: &sightline_app::Actor,
    role: sightline_core::access::Role,
    cmd: crate::cli::AnnexACommand,
) -> anyhow::Result<()> {
    use crate::cli::AnnexACommand;
    match cmd {
        AnnexACommand::Check {
            path,
            as_at,
            format,
        } => check(&path, as_at, format.format),
        AnnexACommand::Load {
            path,
            as_at,
            pseudonymise,
            partial,
            format,
        } => {
            // A bar on a terminal; nothing when stderr is not one.
            let bar = indicatif::ProgressBar::new(0);
            if !std::io::IsTerminal::is_terminal(&std::io::stderr()) {
                bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
            }
            bar.set_style(
                indicatif::ProgressStyle::with_template(
                    "storing rows {bar:40} {pos}/{len} {per_sec}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            );
            let loaded = app
                .load_extract(
                    actor,
                    &path,
                    as_at,
                    sightline_app::LoadAs {
                        pseudonymise,
                        partial,
                    },
                    &|n, total| {
                        bar.set_length(total as u64);
                        bar.set_position(n as u64);
                    },
                )
                .await?;
            bar.finish_and_clear();
            let x = &loaded.extract;
            let read: usize = x.lists.iter().map(|l| l.rows_read).sum();
            let rejected: usize = x.lists.iter().map(|l| l.rows_rejected).sum();
            let head = format!(
                "Loaded extract {} from {} as at {}: {} lists, {read} rows ({rejected} rejected and kept), {} findings{}.\nSee: sightline annex-a report --extract {}\n",
                loaded.id,
                path.display(),
                x.as_at,
                x.lists.len(),
                x.findings.len(),
                if loaded.pseudonymised {
                    "; child identifiers pseudonymised"
                } else {
                    ""
                },
                loaded.id
            );
            let mut rows = Rows::new(&[
                "list",
                "name",
                "source",
                "header row",
                "read",
                "accepted",
                "rejected",
            ]);
            for l in &x.lists {
                rows.push(vec![
                    l.list.to_string(),
                    l.name.to_string(),
                    l.source.clone(),
                    l.header_row.to_string(),
                    l.rows_read.to_string(),
                    l.rows_accepted.to_string(),
                    l.rows_rejected.to_string(),
                ]);
            }
            emit(format.format, &loaded, &head, &rows)
        }
        AnnexACommand::LoadCollection {
            path,
            pseudonymise,
            jobs,
            format,
        } => {
            let started = std::time::Instant::now();
            let done = std::sync::atomic::AtomicUsize::new(0);
            let quiet = !std::io::IsTerminal::is_terminal(&std::io::stderr());
            let loaded = app
                .load_collection(
                    actor,
                    role,
                    &path,
                    sightline_app::LoadAs {
                        pseudonymise,
                        partial: false,
                    },
                    jobs,
                    &|m, rows| {
                        let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                        if !quiet {
                            match rows {
                                Ok(rows) => eprintln!(
                                    "{n}: authority {} as at {}: {rows} rows ({:.0} s)",
                                    m.authority,
                                    m.as_at,
                                    started.elapsed().as_secs_f64()
                                ),
                                Err(e) => eprintln!("{n}: not loaded: {e}"),
                            }
                        }
                    },
                )
                .await?;
            let head = format!(
                "Loaded {} extracts of {} authorities from {}: {} rows ({} rejected and kept), \
                 figures computed, in {:.1} s.{}\n",
                loaded.extracts,
                loaded.authorities,
                path.display(),
                loaded.rows,
                loaded.rejected,
                started.elapsed().as_secs_f64(),
                if loaded.failed.is_empty() {
                    String::new()
                } else {
                    format!(" {} could not be loaded:", loaded.failed.len())
                }
            );
            let mut rows = Rows::new(&["not loaded"]);
            for f in &loaded.failed {
                rows.push(vec![f.clone()]);
            }
            emit(format.format, &loaded, &head, &rows)?;
            if loaded.failed.is_empty() {
                Ok(())
            } else {
                anyhow::bail!("{} extracts could not be loaded", loaded.failed.len())
            }
        }
        AnnexACommand::Export {
            extract,
            template: _,
            out,
            own_ids,
            format,
        } => {
            if !out
                .extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
            {
                anyhow::bail!(
                    "{}: the template is a workbook: give a .xlsx file",
                    out.display()
                );
            }
            let done = app.export_annex_a(role, actor, extract, own_ids).await?;
            crate::pack::write_whole(&out, &done.bytes)?;
            let head = format!(
                "{}: extract {} in the Ofsted 2019 template layout: {} rows in the lists, {} \
                 rejected rows on {}; children {}\n",
                out.display(),
                done.extract_id,
                done.written.rows.iter().sum::<usize>(),
                done.written.rejected,
                sightline_report::annex_a::REJECTED_SHEET,
                match done.ids {
                    "council" => "by the council's own identifiers",
                    "pseudonymised" => "by their pseudonyms",
                    _ => "as loaded",
                }
            );
            let mut rows = Rows::new(&["list", "rows"]);
            for (k, n) in done.written.rows.iter().enumerate() {
                rows.push(vec![
                    sightline_report::annex_a::TEMPLATE_TITLES[k].to_string(),
                    n.to_string(),
                ]);
            }
            emit(format.format, &done, &head, &rows)
        }
        AnnexACommand::Report { extract, format } => {
            let r = app
                .quality_report(sightline_app::disclosure::Audience::from(role), extract)
                .await?;
            let e = &r.extract;
            let mut head = String::new();
            let _ = writeln!(
                head,
                "Extract {} ({}) as at {}: {} rows read, {} rejected; {} errors, {} warnings{}",
                e.id,
                e.source,
                e.as_at,
                e.rows_read,
                e.rows_rejected,
                e.errors,
                e.warnings,
                if e.pseudonymised {
                    "; pseudonymised"
                } else {
                    ""
                }
            );
            for l in &r.lists {
                let _ = writeln!(
                    head,
                    "  List {:>2} ({}): {} read, {} accepted, {} rejected",
                    l.list, l.source, l.rows_read, l.rows_accepted, l.rows_rejected
                );
            }
            if !r.sense.is_empty() {
                let _ = writeln!(head, "Sense checks:");
                for c in &r.sense {
                    let _ = writeln!(head, "  {}", c.message);
                }
            }
            let _ = writeln!(head, "By owner:");
            for o in &r.by_owner {
                let _ = writeln!(
                    head,
                    "  {}: {} errors, {} warnings",
                    o.key,
                    o.errors.text(),
                    o.warnings.text()
                );
            }
            let _ = writeln!(head, "Trend:");
            for t in &r.trend {
                let _ = writeln!(
                    head,
                    "  extract {} as at {}: {} rows, {} rejected, {} errors, {} warnings",
                    t.id, t.as_at, t.rows_read, t.rows_rejected, t.errors, t.warnings
                );
            }
            let mut rows = Rows::new(&["list", "rule", "errors", "warnings"]);
            for c in &r.by_rule {
                rows.push(vec![
                    opt(c.list),
                    c.key.clone(),
                    c.errors.to_string(),
                    c.warnings.to_string(),
                ]);
            }
            emit(format.format, &r, &head, &rows)
        }
    }
}

/// `sightline synth national`: every asked authority's monthly extracts, one at a time.
pub fn synth_national(codes: &[u16], months: u32, seed: u64, out: &Path) -> anyhow::Result<()> {
    let all = sightline_app::authorities()?;
    // Every authority that runs children's services now: not those abolished (Cumbria's
    // children are Cumberland's and Westmorland and Furness's), which would count them twice.
    let chosen: Vec<_> = if codes.is_empty() {
        all.iter()
            .filter(|a| a.is_current() && a.population_0_25.is_some())
            .collect()
    } else {
        codes
            .iter()
            .map(|c| {
                let a = all.iter().find(|a| a.code.0 == *c).ok_or_else(|| {
                    anyhow::anyhow!("{c} is not an authority code (see `sightline authority list`)")
                })?;
                if !a.is_current() {
                    anyhow::bail!(
                        "{} ({c}) is no longer an authority (it has no current ONS code in the \
                         reference data): its children are its successors'",
                        a.name
                    );
                }
                Ok(a)
            })
            .collect::<anyhow::Result<_>>()?
    };
    let last = jiff::Zoned::now()
        .date()
        .first_of_month()
        .saturating_sub(jiff::Span::new().days(1));
    let started = std::time::Instant::now();
    let mut total = 0usize;
    for a in &chosen {
        let Some(population) = a.population_0_25 else {
            anyhow::bail!(
                "{} ({}) has no population aged 0 to 25 in the reference data",
                a.name,
                a.code
            );
        };
        let w = sightline_synth::national::write_authority(
            a.code.0, population, months, last, out, seed,
        )?;
        total += w.rows;
        println!(
            "{} ({}): {} children, {} rows over {months} months",
            a.name, a.code, w.children, w.rows
        );
    }
    println!(
        "Wrote {total} rows for {} authorities under {} in {:.1} s (synthetic: never real children).",
        chosen.len(),
        out.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

pub fn synth(
    children: usize,
    seed: u64,
    as_at: Date,
    messy: crate::cli::MessyArg,
    out: &Path,
) -> anyhow::Result<()> {
    use crate::cli::MessyArg;
    use sightline_synth::annex_a::{Messy, Settings, generate, write_csv_dir, write_xlsx};
    let tables = generate(Settings {
        children,
        seed,
        as_at,
        messy: match messy {
            MessyArg::None => Messy::None,
            MessyArg::Some => Messy::Some,
            MessyArg::Lots => Messy::Lots,
        },
    });
    let is_xlsx = out
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        write_xlsx(&tables, out)?;
    } else {
        write_csv_dir(&tables, out)?;
    }
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    println!(
        "Wrote a synthetic extract for Northfield (fictional) as at {as_at} to {}: {} rows across 11 lists (seed {seed}).",
        out.display(),
        rows
    );
    Ok(())
}
