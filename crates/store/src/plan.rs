//! The improvement plan: saved whole, then grown by progress updates, milestones done and
//! overrides, each inserted (never edited) with its audit entry in one transaction.

use serde::Serialize;
use sightline_core::authority::LaCode;
use sightline_core::plan::{Action, Milestone, Override, Plan, Priority, ProgressUpdate, Target};
use sqlx::Row;

use crate::audit::{Actor, Entry, record};
use crate::native::{Day, Instant};
use crate::{Conn, Db, Error, Result, parse, parse_opt, with_conn, with_pool};

/// A plan in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSummary {
    /// Id.
    pub id: i64,
    /// Authority.
    pub authority: LaCode,
    /// Title.
    pub title: String,
    /// When it was saved (UTC).
    pub created_at: String,
}

fn day(d: Option<jiff::civil::Date>) -> Option<Day> {
    d.map(Day)
}

impl Db {
    /// Saves a whole plan (as drafted or imported) with one audit entry. Returns its id.
    ///
    /// # Errors
    /// [`Error::Query`]; nothing is saved then.
    pub async fn save_plan(&self, actor: &Actor, plan: &Plan) -> Result<i64> {
        if let Some(a) = self.authority()
            && a != i64::from(plan.authority.0)
        {
            return Err(Error::Refused(format!(
                "this installation serves authority {a}; a plan for {} is not its to keep",
                plan.authority
            )));
        }
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let plan_id: i64 = sqlx::query_scalar(
                "INSERT INTO plans (authority_code, title, vision, period_start, period_end, \
                 inspection_id, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
            )
            .bind(i64::from(plan.authority.0))
            .bind(&plan.title)
            .bind(&plan.vision)
            .bind(day(plan.period_start))
            .bind(day(plan.period_end))
            .bind(plan.inspection_id)
            .bind(Instant::now())
            .fetch_one(&mut *tx)
            .await?;
            let mut actions = 0usize;
            for pr in &plan.priorities {
                let recs = pr
                    .recommendations
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(",");
                let priority_id: i64 = sqlx::query_scalar(
                    "INSERT INTO priorities (plan_id, number, theme, text, recommendations, \
                     recommendations_raw) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                )
                .bind(plan_id)
                .bind(i64::from(pr.number))
                .bind(&pr.theme)
                .bind(&pr.text)
                .bind(recs)
                .bind(&pr.recommendations_raw)
                .fetch_one(&mut *tx)
                .await?;
                for (k, t) in pr.targets.iter().enumerate() {
                    sqlx::query(
                        "INSERT INTO targets (priority_id, position, text, indicator) \
                         VALUES ($1, $2, $3, $4)",
                    )
                    .bind(priority_id)
                    .bind(i64::try_from(k).unwrap_or(i64::MAX))
                    .bind(&t.text)
                    .bind(&t.indicator)
                    .execute(&mut *tx)
                    .await?;
                }
                for (k, a) in pr.actions.iter().enumerate() {
                    actions += 1;
                    let action_id: i64 = sqlx::query_scalar(
                        "INSERT INTO actions (priority_id, position, text, lead, due, \
                         timescale_raw) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    )
                    .bind(priority_id)
                    .bind(i64::try_from(k).unwrap_or(i64::MAX))
                    .bind(&a.text)
                    .bind(&a.lead)
                    .bind(day(a.due))
                    .bind(&a.timescale_raw)
                    .fetch_one(&mut *tx)
                    .await?;
                    for (m_pos, m) in a.milestones.iter().enumerate() {
                        insert_milestone(&mut *tx, action_id, m_pos, m).await?;
                    }
                    for u in &a.updates {
                        insert_update(&mut *tx, action_id, u).await?;
                    }
                    for o in &a.overrides {
                        insert_override(&mut *tx, action_id, o).await?;
                    }
                }
            }
            let detail = format!(
                "plan for {} ({} priorities, {actions} actions)",
                plan.authority,
                plan.priorities.len()
            );
            let after = format!(
                "{:?}, {} to {}",
                plan.title,
                plan.period_start.map(|d| d.to_string()).unwrap_or_default(),
                plan.period_end.map(|d| d.to_string()).unwrap_or_default()
            );
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new("plan.save", "plan", Some(plan_id), detail).change(None, after),
            )
            .await?;
            tx.commit().await?;
            Ok(plan_id)
        })
    }

    /// Every plan, newest first, optionally of one authority.
    ///
    /// # Errors
    /// [`Error::Query`].
    pub async fn plans(&self, authority: Option<LaCode>) -> Result<Vec<PlanSummary>> {
        with_pool!(self, |p| {
            let rows = sqlx::query(
                "SELECT id, authority_code, title, created_at FROM plans \
                 WHERE ($1 IS NULL OR authority_code = $1) AND ($2 IS NULL OR authority_code = $2) \
                 ORDER BY id DESC",
            )
            .bind(authority.map(|a| i64::from(a.0)))
            .bind(self.authority())
            .fetch_all(p)
            .await?;
            rows.into_iter()
                .map(|r| {
                    Ok(PlanSummary {
                        id: r.try_get("id")?,
                        authority: LaCode(parse(
                            "authority code",
                            &r.try_get::<i64, _>("authority_code")?.to_string(),
                        )?),
                        title: r.try_get("title")?,
                        created_at: r.try_get::<Instant, _>("created_at")?.to_string(),
                    })
                })
                .collect()
        })
    }

    /// One plan, whole.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no plan with this id.
    pub async fn plan(&self, id: i64) -> Result<Plan> {
        with_pool!(self, |p| {
            let mut c = p.acquire().await?;
            let row = sqlx::query(
                "SELECT authority_code, title, vision, period_start, period_end, inspection_id \
                 FROM plans WHERE id = $1 AND ($2 IS NULL OR authority_code = $2)",
            )
            .bind(id)
            .bind(self.authority())
            .fetch_optional(&mut *c)
            .await?
            .ok_or_else(|| Error::NotFound(format!("plan {id}")))?;
            let mut plan = Plan {
                id: Some(id),
                authority: LaCode(parse(
                    "authority code",
                    &row.try_get::<i64, _>("authority_code")?.to_string(),
                )?),
                title: row.try_get("title")?,
                vision: row.try_get("vision")?,
                period_start: row.try_get::<Option<Day>, _>("period_start")?.map(|d| d.0),
                period_end: row.try_get::<Option<Day>, _>("period_end")?.map(|d| d.0),
                inspection_id: row.try_get("inspection_id")?,
                priorities: vec![],
            };
            let priorities = sqlx::query(
                "SELECT id, number, theme, text, recommendations, recommendations_raw \
                 FROM priorities WHERE plan_id = $1 ORDER BY number, id",
            )
            .bind(id)
            .fetch_all(&mut *c)
            .await?;
            for pr in priorities {
                let pid: i64 = pr.try_get("id")?;
                let recs: String = pr.try_get("recommendations")?;
                let mut priority = Priority {
                    id: Some(pid),
                    number: parse(
                        "priority number",
                        &pr.try_get::<i64, _>("number")?.to_string(),
                    )?,
                    theme: pr.try_get("theme")?,
                    text: pr.try_get("text")?,
                    recommendations: recs
                        .split(',')
                        .filter(|s| !s.is_empty())
                        .map(|s| parse("recommendation link", s))
                        .collect::<Result<Vec<u32>>>()?,
                    recommendations_raw: pr.try_get("recommendations_raw")?,
                    actions: vec![],
                    targets: vec![],
                };
                for t in sqlx::query(
                    "SELECT id, text, indicator FROM targets \
                     WHERE priority_id = $1 ORDER BY position, id",
                )
                .bind(pid)
                .fetch_all(&mut *c)
                .await?
                {
                    priority.targets.push(Target {
                        id: Some(t.try_get("id")?),
                        text: t.try_get("text")?,
                        indicator: t.try_get("indicator")?,
                    });
                }
                for a in sqlx::query(
                    "SELECT id, text, lead, due, timescale_raw FROM actions \
                     WHERE priority_id = $1 ORDER BY position, id",
                )
                .bind(pid)
                .fetch_all(&mut *c)
                .await?
                {
                    let action = Action {
                        id: Some(a.try_get("id")?),
                        text: a.try_get("text")?,
                        lead: a.try_get("lead")?,
                        due: a.try_get::<Option<Day>, _>("due")?.map(|d| d.0),
                        timescale_raw: a.try_get("timescale_raw")?,
                        milestones: vec![],
                        updates: vec![],
                        overrides: vec![],
                    };
                    priority.actions.push(load_action(&mut *c, action).await?);
                }
                plan.priorities.push(priority);
            }
            Ok(plan)
        })
    }

    /// The plan an action belongs to.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such action.
    pub async fn plan_of_action(&self, action_id: i64) -> Result<i64> {
        with_pool!(self, |p| {
            sqlx::query_scalar(
                "SELECT pr.plan_id FROM actions a JOIN priorities pr ON pr.id = a.priority_id \
                 JOIN plans pl ON pl.id = pr.plan_id \
                 WHERE a.id = $1 AND ($2 IS NULL OR pl.authority_code = $2)",
            )
            .bind(action_id)
            .bind(self.authority())
            .fetch_optional(p)
            .await?
            .ok_or_else(|| Error::NotFound(format!("action {action_id}")))
        })
    }

    /// Adds a progress update to an action (updates are never edited; a correction is a new
    /// update). Returns its id.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such action.
    pub async fn add_progress(
        &self,
        actor: &Actor,
        action_id: i64,
        u: &ProgressUpdate,
    ) -> Result<i64> {
        self.plan_of_action(action_id).await?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let before: Option<String> = sqlx::query_scalar(
                "SELECT status FROM progress_updates WHERE action_id = $1 AND status IS NOT NULL \
                 ORDER BY date DESC, id DESC LIMIT 1",
            )
            .bind(action_id)
            .fetch_optional(&mut *tx)
            .await?;
            let id = insert_update(&mut *tx, action_id, u).await?;
            let detail = format!(
                "action {action_id}: update dated {}{}",
                u.date,
                u.status
                    .map(|s| format!(
                        ", status {} -> {s}",
                        before.as_deref().unwrap_or("not_started")
                    ))
                    .unwrap_or_default()
            );
            let mut entry = Entry::new("plan.progress", "action", Some(action_id), detail);
            if let Some(s) = u.status {
                entry = entry.change(
                    Some(format!(
                        "status {}",
                        before.as_deref().unwrap_or("not_started")
                    )),
                    format!("status {s}"),
                );
            } else {
                entry = entry.change(None, format!("progress note dated {}", u.date));
            }
            record(&mut *tx, self.owner(), actor, entry).await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Records the day a milestone was done.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such milestone.
    pub async fn milestone_done(
        &self,
        actor: &Actor,
        milestone_id: i64,
        done: jiff::civil::Date,
    ) -> Result<()> {
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let was: Option<Option<Day>> = sqlx::query_scalar(
                "SELECT m.done FROM milestones m JOIN actions a ON a.id = m.action_id \
                 JOIN priorities pr ON pr.id = a.priority_id JOIN plans pl ON pl.id = pr.plan_id \
                 WHERE m.id = $1 AND ($2 IS NULL OR pl.authority_code = $2)",
            )
            .bind(milestone_id)
            .bind(self.authority())
            .fetch_optional(&mut *tx)
            .await?;
            if was.is_none() {
                return Err(Error::NotFound(format!("milestone {milestone_id}")));
            }
            let n = sqlx::query("UPDATE milestones SET done = $1 WHERE id = $2")
                .bind(Day(done))
                .bind(milestone_id)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if n == 0 {
                return Err(Error::NotFound(format!("milestone {milestone_id}")));
            }
            let before = match was.flatten() {
                Some(d) => format!("done {d}"),
                None => "not done".to_owned(),
            };
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "plan.milestone_done",
                    "milestone",
                    Some(milestone_id),
                    format!("milestone {milestone_id} done {done}"),
                )
                .change(Some(before), format!("done {done}")),
            )
            .await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Adds a milestone to an action. Returns its id.
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such action.
    pub async fn add_milestone(&self, actor: &Actor, action_id: i64, m: &Milestone) -> Result<i64> {
        self.plan_of_action(action_id).await?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let position: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM milestones WHERE action_id = $1")
                    .bind(action_id)
                    .fetch_one(&mut *tx)
                    .await?;
            let id = insert_milestone(
                &mut *tx,
                action_id,
                usize::try_from(position).unwrap_or(0),
                m,
            )
            .await?;
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "plan.milestone_add",
                    "action",
                    Some(action_id),
                    format!("milestone {id}"),
                )
                .change(
                    None,
                    format!(
                        "{:?} due {}",
                        m.text,
                        m.due
                            .map_or_else(|| "(no date)".to_owned(), |d| d.to_string())
                    ),
                ),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }

    /// Adds a manual RAG override to an action (kept after it expires).
    ///
    /// # Errors
    /// [`Error::NotFound`] when there is no such action.
    pub async fn add_override(&self, actor: &Actor, action_id: i64, o: &Override) -> Result<i64> {
        self.plan_of_action(action_id).await?;
        with_pool!(self, |p| {
            let mut tx = p.begin().await?;
            let id = insert_override(&mut *tx, action_id, o).await?;
            let after = format!("{} from {} until {}", o.colour, o.from, o.until);
            record(
                &mut *tx,
                self.owner(),
                actor,
                Entry::new(
                    "plan.override",
                    "action",
                    Some(action_id),
                    format!("override {id}"),
                )
                .change(None, after),
            )
            .await?;
            tx.commit().await?;
            Ok(id)
        })
    }
}

async fn insert_milestone(
    conn: impl Into<Conn<'_>>,
    action_id: i64,
    position: usize,
    m: &Milestone,
) -> Result<i64> {
    with_conn!(conn.into(), |c| Ok(sqlx::query_scalar(
        "INSERT INTO milestones (action_id, position, text, due, done, entered_on) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(action_id)
    .bind(i64::try_from(position).unwrap_or(i64::MAX))
    .bind(&m.text)
    .bind(day(m.due))
    .bind(day(m.done))
    .bind(day(m.entered))
    .fetch_one(c)
    .await?))
}

async fn insert_update(
    conn: impl Into<Conn<'_>>,
    action_id: i64,
    u: &ProgressUpdate,
) -> Result<i64> {
    with_conn!(conn.into(), |c| Ok(sqlx::query_scalar(
        "INSERT INTO progress_updates (action_id, date, author, text, status, recorded_at, \
         entered_on) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(action_id)
    .bind(Day(u.date))
    .bind(&u.author)
    .bind(&u.text)
    .bind(u.status.map(|s| s.as_str()))
    .bind(Instant::now())
    .bind(day(u.entered))
    .fetch_one(c)
    .await?))
}

async fn insert_override(conn: impl Into<Conn<'_>>, action_id: i64, o: &Override) -> Result<i64> {
    with_conn!(conn.into(), |c| Ok(sqlx::query_scalar(
        "INSERT INTO rag_overrides (action_id, colour, reason, from_date, until_date, author, \
         recorded_at, entered_on) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(action_id)
    .bind(o.colour.as_str())
    .bind(&o.reason)
    .bind(Day(o.from))
    .bind(Day(o.until))
    .bind(&o.author)
    .bind(Instant::now())
    .bind(day(o.entered))
    .fetch_one(c)
    .await?))
}

/// Reads an action's milestones, updates and overrides into it.
async fn load_action(conn: impl Into<Conn<'_>>, mut action: Action) -> Result<Action> {
    let Some(aid) = action.id else {
        return Ok(action);
    };
    with_conn!(conn.into(), |c| {
        for m in sqlx::query(
            "SELECT id, text, due, done, entered_on FROM milestones WHERE action_id = $1 \
         ORDER BY position, id",
        )
        .bind(aid)
        .fetch_all(&mut *c)
        .await?
        {
            action.milestones.push(Milestone {
                id: Some(m.try_get("id")?),
                text: m.try_get("text")?,
                due: m.try_get::<Option<Day>, _>("due")?.map(|d| d.0),
                done: m.try_get::<Option<Day>, _>("done")?.map(|d| d.0),
                entered: m.try_get::<Option<Day>, _>("entered_on")?.map(|d| d.0),
            });
        }
        for u in sqlx::query(
        "SELECT id, date, author, text, status, entered_on FROM progress_updates WHERE action_id = $1 \
         ORDER BY date, id",
    )
    .bind(aid)
    .fetch_all(&mut *c)
    .await?
    {
        action.updates.push(ProgressUpdate {
            id: Some(u.try_get("id")?),
            date: u.try_get::<Day, _>("date")?.0,
            author: u.try_get("author")?,
            text: u.try_get("text")?,
            status: parse_opt("status", u.try_get("status")?)?,
            entered: u.try_get::<Option<Day>, _>("entered_on")?.map(|d| d.0),
        });
    }
        for o in sqlx::query(
            "SELECT colour, reason, from_date, until_date, author, entered_on FROM rag_overrides \
         WHERE action_id = $1 ORDER BY id",
        )
        .bind(aid)
        .fetch_all(&mut *c)
        .await?
        {
            action.overrides.push(Override {
                colour: parse("colour", &o.try_get::<String, _>("colour")?)?,
                reason: o.try_get("reason")?,
                from: o.try_get::<Day, _>("from_date")?.0,
                until: o.try_get::<Day, _>("until_date")?.0,
                author: o.try_get("author")?,
                entered: o.try_get::<Option<Day>, _>("entered_on")?.map(|d| d.0),
            });
        }
        Ok(action)
    })
}
