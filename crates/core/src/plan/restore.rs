//! An exported plan read back: the council's seven columns as the sheet has them now, and what
//! they cannot carry restored from the record Sightline wrote beside them. What cannot be
//! restored is said, never dropped quietly.

use super::{Action, Plan, Priority};

fn same(a: &str, b: &str) -> bool {
    let norm = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    norm(a) == norm(b)
}

/// The plan `sheet` (read from the visible columns) with `record` restored into it: the
/// plan's period, inspection and vision; each priority's recommendations and its targets'
/// indicators; each action's milestones, overrides, lead and due date where the sheet has
/// none, and its dated, signed updates (progress typed into the sheet since is kept as a new
/// update). Priorities and actions are matched by their words. Returns the plan and a
/// sentence for each thing the record could not be matched to, or the sheet added.
pub fn restore(sheet: Plan, record: &Plan) -> (Plan, Vec<String>) {
    let mut notes = Vec::new();
    let mut plan = sheet;
    plan.vision = plan.vision.or_else(|| record.vision.clone());
    plan.period_start = plan.period_start.or(record.period_start);
    plan.period_end = plan.period_end.or(record.period_end);
    plan.inspection_id = plan.inspection_id.or(record.inspection_id);
    let mut used = vec![false; record.priorities.len()];
    for p in &mut plan.priorities {
        let found = record
            .priorities
            .iter()
            .enumerate()
            .find(|(k, r)| !used[*k] && same(&r.text, &p.text));
        let Some((k, r)) = found else {
            notes.push(format!(
                "priority {} ({}) is not in Sightline's record: read from the sheet only",
                p.number, p.text
            ));
            continue;
        };
        used[k] = true;
        restore_priority(p, r, &mut notes);
    }
    for (k, r) in record.priorities.iter().enumerate() {
        if !used[k] {
            notes.push(format!(
                "priority {} ({}) is in Sightline's record but not in the sheet: left out",
                r.number, r.text
            ));
        }
    }
    (plan, notes)
}

fn restore_priority(p: &mut Priority, r: &Priority, notes: &mut Vec<String>) {
    if p.recommendations.is_empty() {
        p.recommendations.clone_from(&r.recommendations);
    }
    // The cell as the council wrote it, unless the sheet now says otherwise.
    if p.recommendations == r.recommendations {
        p.recommendations_raw.clone_from(&r.recommendations_raw);
    }
    p.theme = p.theme.take().or_else(|| r.theme.clone());
    for t in &mut p.targets {
        if let Some(rt) = r.targets.iter().find(|x| same(&x.text, &t.text)) {
            // The sheet's words guessed an indicator; the record knows it.
            t.indicator.clone_from(&rt.indicator);
        }
    }
    let mut used = vec![false; r.actions.len()];
    for a in &mut p.actions {
        let found = r
            .actions
            .iter()
            .enumerate()
            .find(|(k, x)| !used[*k] && same(&x.text, &a.text));
        let Some((k, ra)) = found else {
            notes.push(format!(
                "priority {}: action '{}' is new in the sheet",
                p.number, a.text
            ));
            continue;
        };
        used[k] = true;
        restore_action(a, ra, p.number, notes);
    }
    for (k, ra) in r.actions.iter().enumerate() {
        if !used[k] {
            notes.push(format!(
                "priority {}: action '{}' is in Sightline's record but not in the sheet: left out \
                 with its {} updates and {} milestones",
                p.number,
                ra.text,
                ra.updates.len(),
                ra.milestones.len()
            ));
        }
    }
}

fn restore_action(a: &mut Action, r: &Action, priority: u32, notes: &mut Vec<String>) {
    a.lead = a.lead.take().or_else(|| r.lead.clone());
    a.due = a.due.or(r.due);
    if a.due == r.due {
        a.timescale_raw.clone_from(&r.timescale_raw);
    }
    a.milestones.clone_from(&r.milestones);
    a.overrides.clone_from(&r.overrides);
    // The sheet's progress column is the record's updates written out; what it holds that no
    // update says is progress typed in since, kept as a new update.
    let typed: Vec<_> = a
        .updates
        .drain(..)
        .filter(|u| {
            !r.updates
                .iter()
                .any(|x| same(&x.text, &u.text) || u.text.contains(x.text.trim()))
        })
        .collect();
    a.updates.clone_from(&r.updates);
    for u in typed {
        notes.push(format!(
            "priority {priority}: action '{}' has progress typed into the sheet, kept as an \
             update dated {}",
            a.text, u.date
        ));
        a.updates.push(u);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{ActionStatus, Milestone, ProgressUpdate, Target};
    use jiff::civil::date;

    fn action(text: &str) -> Action {
        Action {
            id: None,
            text: text.into(),
            lead: None,
            due: None,
            timescale_raw: None,
            milestones: vec![],
            updates: vec![],
            overrides: vec![],
        }
    }

    fn update(d: jiff::civil::Date, text: &str, status: Option<ActionStatus>) -> ProgressUpdate {
        ProgressUpdate {
            id: None,
            date: d,
            author: "Head of Service".into(),
            text: text.into(),
            status,
            entered: None,
        }
    }

    fn plan(actions: Vec<Action>, indicator: &str) -> Plan {
        Plan {
            id: None,
            authority: crate::authority::LaCode(999),
            title: "Plan".into(),
            vision: None,
            period_start: None,
            period_end: None,
            inspection_id: None,
            priorities: vec![Priority {
                id: None,
                number: 2,
                theme: None,
                text: "A strong front door".into(),
                recommendations: vec![],
                recommendations_raw: None,
                actions,
                targets: vec![Target {
                    id: None,
                    text: "Re-referrals within 12 months".into(),
                    indicator: Some(indicator.into()),
                }],
            }],
        }
    }

    #[test]
    fn what_the_columns_cannot_carry_comes_back_from_the_record() {
        let mut done = action("Recruit permanent managers");
        done.updates = vec![
            update(
                date(2025, 3, 1),
                "Advert out",
                Some(ActionStatus::InProgress),
            ),
            update(
                date(2025, 6, 20),
                "Two appointed",
                Some(ActionStatus::Complete),
            ),
        ];
        done.milestones.push(Milestone {
            id: None,
            text: "Interviews".into(),
            due: Some(date(2025, 4, 30)),
            done: Some(date(2025, 4, 28)),
            entered: None,
        });
        let mut record = plan(
            vec![done.clone(), action("Dropped later")],
            "re_referrals_12m_pct",
        );
        record.period_start = Some(date(2024, 12, 1));
        record.inspection_id = Some(3);
        // The sheet as read: the progress column's text as one undated update, a guessed
        // indicator, one action removed and one typed in.
        let mut sheet_done = action("Recruit  permanent managers");
        sheet_done.updates = vec![
            update(date(2026, 11, 27), "Advert out\nTwo appointed", None),
            update(date(2026, 11, 27), "Induction booked", None),
        ];
        let sheet = plan(
            vec![sheet_done, action("Audit the front door")],
            "referrals",
        );
        let (back, notes) = restore(sheet, &record);
        assert_eq!(back.period_start, Some(date(2024, 12, 1)));
        assert_eq!(back.inspection_id, Some(3));
        let p = &back.priorities[0];
        assert_eq!(
            p.targets[0].indicator.as_deref(),
            Some("re_referrals_12m_pct")
        );
        let a = &p.actions[0];
        assert_eq!(a.milestones, done.milestones);
        assert_eq!(a.status_at(date(2026, 1, 1)), ActionStatus::Complete);
        assert_eq!(&a.updates[..2], &done.updates[..]);
        assert_eq!(a.updates[2].text, "Induction booked");
        assert_eq!(
            notes,
            [
                "priority 2: action 'Recruit  permanent managers' has progress typed into the \
                 sheet, kept as an update dated 2026-11-27",
                "priority 2: action 'Audit the front door' is new in the sheet",
                "priority 2: action 'Dropped later' is in Sightline's record but not in the \
                 sheet: left out with its 0 updates and 0 milestones",
            ]
        );
    }
}
