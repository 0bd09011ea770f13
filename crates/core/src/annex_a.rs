//! Ofsted's Annex A child-level lists: what each list's columns are, which are mandatory,
//! what kind of value each holds, and how a table is told to be a list from its headers.
//!
//! Column headers follow Ofsted's 2019 template (`../shared/design/annex-a.md` §1.4), with
//! the current 17-column List 9. Headers are compared after [`normalise_header`], so case,
//! curly or straight quotes, a `?`, trailing spaces and `Age` vs `Age of Child (Years)` do not
//! matter.

use serde::Serialize;

mod kept;
pub use kept::{KeptRowError, ListRead, Owner, REVISION, decode, encode, list, place};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// An identifier, kept as text (leading zeros matter).
    Id,
    /// Free text (team, worker, organisation).
    Text,
    /// A date.
    Date,
    /// Age in whole years at last birthday, -1 for unborn.
    Age,
    /// A count, 0 or more.
    Count,
    /// Gender: `a) Male`, `b) Female`, `c) Not stated/recorded`, `d) Neither`.
    Gender,
    /// Yes/No, sometimes with Unknown.
    YesNo,
    /// A coded value from a code set; kept as given, reported when it is not in the set.
    Code(CodeSet),
    /// A UK postcode.
    Postcode,
}

/// The code sets of Ofsted's `Codes_used` sheet (annex-a.md §1.5), by their short codes
/// ("U6", "PR4", "N1") and their labels ("Neglect", "Suitable").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CodeSet {
    /// CBDS ethnicity (WBRI … NOBT), or its label ("White British").
    Ethnicity,
    /// Contact and referral source (1A … 10).
    Source,
    /// Primary need or category of need (N0 … N9).
    Need,
    /// CIN reason for closure (RC1 … RC8).
    ClosureReason,
    /// CIN case status.
    CaseStatus,
    /// Category of abuse.
    Abuse,
    /// Legal status (C1 … V4).
    LegalStatus,
    /// Permanence plan.
    Permanence,
    /// Reason ceased to be looked after (E11 … E8).
    CeasedReason,
    /// Placement type (U1 … T4).
    PlacementType,
    /// Placement provider (PR0 … PR5).
    Provider,
    /// Placement location (In, Out).
    Location,
    /// Care leaver eligibility.
    Eligibility,
    /// LA in touch with the care leaver.
    InTouch,
    /// Type of accommodation (B … Z).
    Accommodation,
    /// Suitability of accommodation.
    Suitability,
    /// Activity status (F1 … G6).
    Activity,
    /// Reason no longer placed for adoption (RD1 … RD4).
    AdoptionReversal,
    /// Reason for leaving the adoption process (1 … 3).
    AdopterLeaving,
}

impl CodeSet {
    fn codes(self) -> &'static [&'static str] {
        use CodeSet::*;
        match self {
            Ethnicity => &[
                "WBRI", "WIRI", "WIRT", "WOTH", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND",
                "APKN", "ABAN", "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
                "UNKNOWN",
            ],
            Source => &[
                "1A", "1B", "1C", "1D", "2A", "2B", "3A", "3B", "3C", "3D", "3E", "3F", "4", "5A",
                "5B", "5C", "6", "7", "8", "9", "10",
            ],
            Need => &["N0", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"],
            ClosureReason => &["RC1", "RC2", "RC3", "RC4", "RC5", "RC6", "RC7", "RC8"],
            LegalStatus => &[
                "C1", "C2", "D1", "E1", "V2", "L1", "L2", "L3", "J1", "J2", "J3", "V3", "V4",
            ],
            CeasedReason => &[
                "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48",
                "E5", "E6", "E7", "E9", "E14", "E15", "E16", "E8", "E17", "E43", "E44", "X1",
            ],
            PlacementType => &[
                "U1", "U2", "U3", "U4", "U5", "U6", "A3", "A4", "A5", "A6", "P1", "P2", "P3", "H5",
                "K1", "K2", "R1", "R2", "R3", "R5", "S1", "Z1", "T0", "T1", "T2", "T3", "T4",
            ],
            Provider => &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"],
            Accommodation => &[
                "B", "C", "D", "E", "G", "H", "K", "R", "S", "T", "U", "V", "W", "X", "Y", "Z",
            ],
            Activity => &[
                "F1", "P1", "F2", "P2", "F3", "P3", "G4", "G5", "G6", "F4", "P4", "F5", "P5",
            ],
            AdoptionReversal => &["RD1", "RD2", "RD3", "RD4"],
            AdopterLeaving => &["1", "2", "3"],
            CaseStatus | Abuse | Permanence | Location | Eligibility | InTouch | Suitability => &[],
        }
    }

    fn labels(self) -> &'static [&'static str] {
        use CodeSet::*;
        match self {
            Ethnicity => &[
                "white british",
                "white irish",
                "traveller of irish heritage",
                "any other white background",
                "gypsy/roma",
                "white and black caribbean",
                "white and black african",
                "white and asian",
                "any other mixed background",
                "indian",
                "pakistani",
                "bangladeshi",
                "any other asian background",
                "black caribbean",
                "black african",
                "any other black background",
                "chinese",
                "any other ethnic group",
                "refused",
                "information not yet obtained",
                "not obtained",
                "unknown",
            ],
            Source => &[
                "individual",
                "schools",
                "education services",
                "health services",
                "housing",
                "la services",
                "police",
                "other legal agency",
                "other",
                "anonymous",
                "unknown",
            ],
            CaseStatus => &[
                "looked after child",
                "child protection plan",
                "child in need plan",
                "open assessment",
                "closed episode",
            ],
            Abuse => &[
                "neglect",
                "physical abuse",
                "sexual abuse",
                "emotional abuse",
                "multiple/not recommended",
                "multiple",
            ],
            Permanence => &[
                "return to family",
                "adoption",
                "sgo/cao",
                "supported living in the community",
                "long-term residential placement",
                "long-term fostering",
                "other",
            ],
            Location => &["in", "out"],
            Eligibility => &[
                "relevant child",
                "former relevant child",
                "qualifying care leaver",
                "eligible child",
            ],
            InTouch => &["yes", "no", "died", "refu", "nreq", "rhom"],
            Suitability => &["suitable", "unsuitable"],
            _ => &[],
        }
    }

    /// Whether a cell's text is a code of this set: by its short code (before ":", " -" or a
    /// space, after any letter prefix) or by its label, in any case.
    pub fn accepts(self, value: &str) -> bool {
        self.code(value).is_some()
    }

    /// The code a cell's text means: the short code ("F1", "WBRI") when the set has codes,
    /// else the label in lower case ("out", "suitable", "yes"). An ethnicity label gives its
    /// code. `None` when the text is no code of the set.
    pub fn code(self, value: &str) -> Option<&'static str> {
        let v = strip_prefix(value);
        if v.is_empty() {
            return None;
        }
        let codes = self.codes();
        if !codes.is_empty() {
            // The short code ends at ":", a space, an en dash or a non-breaking space; for
            // ASCII text (nearly all) that is found byte by byte.
            let token = match v.bytes().position(|b| b == b':' || b == b' ' || b >= 0x80) {
                Some(end) if v.as_bytes()[end] < 0x80 => &v[..end],
                Some(_) => v
                    .split([':', ' ', '–', '\u{a0}'])
                    .next()
                    .unwrap_or_default(),
                None => v,
            }
            .trim_end_matches(['-', '.', ',']);
            // Codes are ASCII upper case, so comparing without case needs no upper-case copy;
            // length and first letter rule out nearly every code before the bytes are compared.
            let first = token.as_bytes().first().map(u8::to_ascii_uppercase);
            if let Some(c) = codes.iter().find(|c| {
                c.len() == token.len()
                    && c.as_bytes().first().copied() == first
                    && c.eq_ignore_ascii_case(token)
            }) {
                return Some(c);
            }
        }
        // Labels are ASCII lower case: compared without a lower-case copy. The label may
        // follow a group ("Asian - Indian") or carry a note in brackets ("Out (see notes)").
        let label = v.rsplit(" - ").next().unwrap_or(v).trim();
        let i = self.labels().iter().position(|l| {
            l.eq_ignore_ascii_case(v)
                || l.eq_ignore_ascii_case(label)
                || v.get(..l.len())
                    .is_some_and(|head| head.eq_ignore_ascii_case(l))
                    && v.get(l.len()..).is_some_and(|rest| rest.starts_with(" ("))
        });
        let Some(i) = i else {
            return self.spelt_otherwise(&v.to_lowercase());
        };
        if self == CodeSet::Ethnicity {
            // Labels run in code order; the last two are spellings of "not obtained"/unknown.
            return self.codes().get(i.min(19)).copied().map(
                |c| {
                    if i == 21 { "UNKNOWN" } else { c }
                },
            );
        }
        self.labels().get(i).copied()
    }
}

impl CodeSet {
    /// The code of a value written as case systems and councils write them when the plain
    /// forms fail: the code in brackets (`White - British [WBRI]`, `Other (1D)`), an ethnicity
    /// code anywhere (`WHB - WBRI - British`), or the label after a group or local code with
    /// other punctuation (`(A.A1) White - British`, `White > Irish`, `A2 White Irish`,
    /// `White (British)`). Nothing is guessed: the words must be a whole label.
    fn spelt_otherwise(self, lower: &str) -> Option<&'static str> {
        let codes = self.codes();
        // 1. A code of the set in brackets.
        for part in lower.split(['[', '(']).skip(1) {
            let inner = part.split([']', ')']).next().unwrap_or_default().trim();
            let upper = inner.to_uppercase();
            if let Some(c) = codes.iter().find(|c| **c == upper) {
                return Some(c);
            }
        }
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        // 2. Ethnicity codes are four letters no word of a label is, so one anywhere is enough.
        if self == CodeSet::Ethnicity {
            for w in &words {
                let upper = w.to_uppercase();
                if upper.len() == 4
                    && let Some(c) = codes.iter().find(|c| **c == upper)
                {
                    return Some(c);
                }
            }
        }
        // 3. The words end with a whole label (labels compared word by word, so "gypsy/roma"
        //    is "gypsy roma"), after at most four words of group name or local code.
        let labels = self.labels();
        let found = labels.iter().position(|l| {
            let lw: Vec<&str> = l
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
                .collect();
            !lw.is_empty() && words.len() >= lw.len() && words.len() - lw.len() <= 4 && words.ends_with(&lw)
                // A one-word label needs its group before it ("asian indian"), not any word.
                && (lw.len() > 1 || words.len() == 1 || GROUP_WORDS.contains(&words[words.len() - 2]))
        })?;
        if self == CodeSet::Ethnicity {
            return match found {
                21 => Some("UNKNOWN"),
                i => codes.get(i.min(19)).copied(),
            };
        }
        labels.get(found).copied()
    }
}

/// Words that name an ethnicity group before a one-word label ("Asian - Indian").
const GROUP_WORDS: [&str; 9] = [
    "white",
    "mixed",
    "asian",
    "black",
    "british",
    "chinese",
    "other",
    "dual",
    "background",
];

/// The ethnicity group (Ofsted's `Codes_used` grouping) of an ethnicity cell: White, Mixed,
/// Asian, Black, Other or Not known.
pub fn ethnicity_group(value: &str) -> &'static str {
    ethnicity_group_of(CodeSet::Ethnicity.code(value))
}

/// The ethnicity group of an ethnicity code already read (see [`ethnicity_group`]).
pub fn ethnicity_group_of(code: Option<&str>) -> &'static str {
    match code {
        Some("WBRI" | "WIRI" | "WIRT" | "WOTH" | "WROM") => "White",
        Some("MWBC" | "MWBA" | "MWAS" | "MOTH") => "Mixed",
        Some("AIND" | "APKN" | "ABAN" | "AOTH") => "Asian",
        Some("BCRB" | "BAFR" | "BOTH") => "Black",
        Some("CHNE" | "OOTH") => "Other",
        _ => "Not known",
    }
}

/// A value as read, typed by its column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Value {
    /// Blank.
    Empty,
    /// A date.
    Date(jiff::civil::Date),
    /// A whole number (ages, counts).
    Int(i64),
    /// Text: identifiers, names, and a coded column's value that is no code of its set (kept
    /// as given, with a finding). Held inline up to 24 bytes, as nearly every value is.
    Text(compact_str::CompactString),
    /// A coded column's value, read once as its set's code: `a) Yes`, `b) Female`, `N1`,
    /// `WBRI`, or the label of a set without short codes (`out`, `suitable`).
    Code(&'static str),
}

impl Value {
    /// The value of `text` in a column of `kind`: its code for a coded column when it is one,
    /// else the text (as a loader reads a text cell, without the checks it reports).
    pub fn of_text(kind: Kind, text: &str) -> Value {
        match kind.code(text) {
            Some(c) => Value::Code(c),
            None => Value::Text(text.into()),
        }
    }

    /// The code, when the value is one.
    pub fn code(&self) -> Option<&'static str> {
        match self {
            Value::Code(c) => Some(c),
            _ => None,
        }
    }

    /// The date, when the value is one.
    pub fn date(&self) -> Option<jiff::civil::Date> {
        match self {
            Value::Date(d) => Some(*d),
            _ => None,
        }
    }

    /// Whether the cell was blank.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Empty)
    }

    /// The value as text for comparing keys (dates ISO).
    pub fn key_text(&self) -> String {
        match self {
            Value::Empty => String::new(),
            Value::Date(d) => d.to_string(),
            Value::Int(i) => i.to_string(),
            Value::Text(t) => t.to_string(),
            Value::Code(c) => (*c).to_string(),
        }
    }
}

impl Kind {
    /// The code `text` means in a coded column (gender, yes/no, a code set); `None` for a
    /// column of another kind, or text that is no code.
    pub fn code(self, text: &str) -> Option<&'static str> {
        match self {
            Kind::Gender => gender(text),
            Kind::YesNo => yes_no(text),
            Kind::Code(set) => set.code(text),
            _ => None,
        }
    }
}

/// One data row of a list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Record {
    /// The row number as the user sees it in Excel (or the line in a CSV).
    pub row: u32,
    /// One value per column of the list, in template order.
    pub values: Vec<Value>,
    /// Rejected by an error finding (kept, with its findings).
    pub rejected: bool,
}

/// One column of a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Column {
    /// The header in Ofsted's template.
    pub header: &'static str,
    /// What it holds.
    pub kind: Kind,
    /// Must not be blank.
    pub mandatory: bool,
}

/// One of the eleven lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct List {
    /// 1 to 11.
    pub number: u8,
    /// Short name ("contacts").
    pub name: &'static str,
    /// The columns in template order.
    pub columns: &'static [Column],
    /// Months before the as-at date the list covers (6, or 12 for adoption).
    pub window_months: u8,
    /// The header whose presence tells this list apart from the others.
    pub key: &'static str,
    /// The columns that identify a duplicate row (liiatools' de-duplication keys).
    pub duplicate_key: &'static [&'static str],
}

const fn col(header: &'static str, kind: Kind, mandatory: bool) -> Column {
    Column {
        header,
        kind,
        mandatory,
    }
}

use CodeSet as S;
use Kind::{Age, Code, Count, Date, Gender, Id, Postcode, Text, YesNo};

const ID: Column = col("Child Unique ID", Id, true);
const GENDER: Column = col("Gender", Gender, true);
const ETHNICITY: Column = col("Ethnicity", Code(S::Ethnicity), true);
const DOB: Column = col("Date of Birth", Date, false);
const AGE: Column = col("Age of Child (Years)", Age, false);
const DISABILITY: Column = col("Does the Child have a Disability", YesNo, false);
const TEAM: Column = col("Allocated Team", Text, true);
const WORKER: Column = col("Allocated Worker", Text, true);

/// List 8's missing-episode count header (shared by the checks and the indicators).
pub const MISSING_EPISODES: &str =
    "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months";
/// List 8's return-interview offer header.
pub const RETURN_INTERVIEW_OFFERED: &str =
    "Was the child offered a Return Interview after their last missing episode (Y/N)?";
/// List 8's return-interview acceptance header.
pub const RETURN_INTERVIEW_ACCEPTED: &str =
    "Did the child accept a Return Interview after their last missing episode (Y/N)?";

/// The eleven lists.
pub const LISTS: [List; 11] = [
    List {
        number: 1,
        name: "contacts",
        key: "Date of Contact",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "Date of Contact", "Contact Source"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            col("Date of Contact", Date, true),
            col("Contact Source", Code(S::Source), true),
        ],
    },
    List {
        number: 2,
        name: "early_help",
        key: "Organisation completing assessment",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "Assessment start date"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            col("Assessment start date", Date, true),
            col("Assessment completion date", Date, false),
            col("Organisation completing assessment", Text, false),
        ],
    },
    List {
        number: 3,
        name: "referrals",
        key: "Date of referral",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "Date of referral", "Referral Source"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            col("Date of referral", Date, true),
            col("Referral Source", Code(S::Source), true),
            col("Referral NFA?", YesNo, true),
            col("Number of Referrals in Last 12 Months", Count, true),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 4,
        name: "assessments",
        key: "Continuous Assessment Start Date",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "Continuous Assessment Start Date"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            col("Continuous Assessment Start Date", Date, true),
            col("Child Seen During Continuous Assessment", YesNo, false),
            col("Continuous Assessment Date of Authorisation", Date, false),
            col(
                "Was the child assessed as requiring LA children's social care support",
                YesNo,
                false,
            ),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 5,
        name: "s47_enquiries",
        key: "Strategy discussion initiating Section 47 Enquiry Start Date",
        window_months: 6,
        duplicate_key: &[
            "Child Unique ID",
            "Strategy discussion initiating Section 47 Enquiry Start Date",
        ],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            col(
                "Strategy discussion initiating Section 47 Enquiry Start Date",
                Date,
                true,
            ),
            col(
                "Was an Initial Child Protection Conference deemed unnecessary?",
                YesNo,
                false,
            ),
            col("Date of Initial Child Protection Conference", Date, false),
            col(
                "Did the Initial Child Protection Conference Result in a Child Protection Plan",
                YesNo,
                false,
            ),
            col(
                "Number of Section 47 Enquiries in the last 12 months",
                Count,
                true,
            ),
            col("Number of ICPCs in the last 12 months", Count, true),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 6,
        name: "children_in_need",
        key: "CIN Start Date",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "CIN Start Date"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            col("CIN Start Date", Date, true),
            col("Primary Need Code", Code(S::Need), true),
            col("Date Child Was Last Seen", Date, false),
            col("CIN Closure Date", Date, false),
            col("Reason for Closure", Code(S::ClosureReason), false),
            col("Case status", Code(S::CaseStatus), true),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 7,
        name: "child_protection",
        key: "Child Protection Plan Start Date",
        window_months: 6,
        duplicate_key: &["Child Unique ID", "Child Protection Plan Start Date"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            col("Child Protection Plan Start Date", Date, true),
            col("Initial Category of Abuse", Code(S::Abuse), true),
            col("Latest Category of Abuse", Code(S::Abuse), true),
            col("Date of the Last Statutory Visit", Date, false),
            col("Was the Child Seen Alone?", YesNo, false),
            col("Date of latest review conference", Date, false),
            col("Child Protection Plan End Date", Date, false),
            col(
                "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
                YesNo,
                true,
            ),
            col("Number of Previous Child Protection Plans", Count, true),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 8,
        name: "children_in_care",
        key: "Date Started to be Looked After",
        window_months: 6,
        duplicate_key: &[
            "Child Unique ID",
            "Date Started to be Looked After",
            "Child's Legal Status",
            "Placement Type",
            "Placement Provider",
            "Placement postcode",
        ],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            col(
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)",
                YesNo,
                false,
            ),
            DISABILITY,
            col("Date Started to be Looked After", Date, true),
            col("Child's Category of Need", Code(S::Need), false),
            col(
                "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
                YesNo,
                false,
            ),
            col("Start date of current legal status", Date, true),
            col("Child's Legal Status", Code(S::LegalStatus), true),
            col("Date of Latest Statutory Review", Date, false),
            col("Date of Last Social Work Visit", Date, false),
            col(
                "What is the permanence plan for this child?",
                Code(S::Permanence),
                false,
            ),
            col("Date of Last IRO Visit / Contact to the Child", Date, false),
            col("Date of Last Health Assessment", Date, false),
            col("Date of Last Dental Check", Date, false),
            col("Number of Placements in the Last 12 months", Count, true),
            col("Date Ceased to be Looked After", Date, false),
            col(
                "Reason Ceased to be Looked After",
                Code(S::CeasedReason),
                false,
            ),
            col("Start Date of Most Recent Placement", Date, true),
            col("Placement Type", Code(S::PlacementType), true),
            col("Placement Provider", Code(S::Provider), true),
            col("Placement postcode", Postcode, true),
            col("URN of Placement", Text, false),
            col("Placement Location", Code(S::Location), true),
            col("LA of Placement", Text, true),
            col(MISSING_EPISODES, Count, true),
            col(
                "Number of Episodes the Child has been 'Absent' from their Placement in the last 12 months",
                Count,
                true,
            ),
            col(RETURN_INTERVIEW_OFFERED, YesNo, false),
            col(RETURN_INTERVIEW_ACCEPTED, YesNo, false),
            TEAM,
            WORKER,
        ],
    },
    List {
        number: 9,
        name: "care_leavers",
        key: "Eligibility Category",
        window_months: 6,
        duplicate_key: &["Child Unique ID"],
        columns: &[
            ID,
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            col(
                "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
                YesNo,
                false,
            ),
            DISABILITY,
            TEAM,
            WORKER,
            col("Allocated Personal Advisor", Text, false),
            col("Eligibility Category", Code(S::Eligibility), true),
            col("Latest Pathway Plan Review Date", Date, false),
            col("LA in Touch", Code(S::InTouch), true),
            col("Latest Date of Contact", Date, false),
            col("Type of Accommodation", Code(S::Accommodation), false),
            col("Suitability of Accommodation", Code(S::Suitability), false),
            col("Activity Status", Code(S::Activity), false),
        ],
    },
    List {
        number: 10,
        name: "adoption",
        key: "Date of Decision that Child Should be Placed for Adoption",
        window_months: 12,
        duplicate_key: &[
            "Child Unique ID",
            "Date of Decision that Child Should be Placed for Adoption",
        ],
        columns: &[
            ID,
            col("Family identifier", Id, false),
            GENDER,
            ETHNICITY,
            DOB,
            AGE,
            DISABILITY,
            col("Date the Child Entered Care", Date, false),
            col(
                "Date of Decision that Child Should be Placed for Adoption",
                Date,
                true,
            ),
            col("Date of Placement Order", Date, false),
            col(
                "Date of Matching Child and Prospective Adopters",
                Date,
                false,
            ),
            col("Date Placed for Adoption", Date, false),
            col("Date of Adoption Order", Date, false),
            col(
                "Date of Decision that Child Should No Longer be Placed for Adoption",
                Date,
                false,
            ),
            col(
                "Reason Why Child No Longer Placed for Adoption",
                Code(S::AdoptionReversal),
                false,
            ),
            col(
                "Date the child was placed for fostering in FFA or concurrent planning placement",
                Date,
                false,
            ),
        ],
    },
    List {
        number: 11,
        name: "adopters",
        key: "Individual adopter identifier",
        window_months: 12,
        duplicate_key: &["Individual adopter identifier", "Date enquiry received"],
        columns: &[
            col("Individual adopter identifier", Id, true),
            col("Family identifier", Id, false),
            GENDER,
            ETHNICITY,
            col("Disability", YesNo, false),
            col(
                "Is the (prospective) adopter fostering for adoption?",
                YesNo,
                false,
            ),
            col("Date enquiry received", Date, true),
            col("Date Stage 1 started", Date, false),
            col("Date Stage 1 ended", Date, false),
            col("Date Stage 2 started", Date, false),
            col("Date Stage 2 ended", Date, false),
            col("Date application submitted", Date, false),
            col("Date application approved", Date, false),
            col("Date adopter matched with child(ren)", Date, false),
            col("Date child/children placed with adopter(s)", Date, false),
            col("No. of children placed", Count, false),
            col("Date of Adoption Order", Date, false),
            col("Date of leaving adoption process", Date, false),
            col(
                "Reason for leaving adoption process",
                Code(S::AdopterLeaving),
                false,
            ),
        ],
    },
];

/// A header reduced for comparison: lower case, straight quotes, no `?`, single spaces, no
/// "(y/n)" typo doubling, and `Age` for `Age of Child (Years)`.
pub fn normalise_header(h: &str) -> String {
    let lower = h
        .to_lowercase()
        .replace(['\u{a0}', '\n', '\r', '\t'], " ")
        .replace(['‘', '’', '`', '´'], "'")
        .replace(['“', '”'], "\"")
        .replace('?', "")
        .replace("(y/n))", "(y/n)");
    let s = lower.split_whitespace().collect::<Vec<_>>().join(" ");
    let s = s.replace("period of being", "episode of being");
    match s.as_str() {
        "age" | "age of child" | "age (years)" => "age of child (years)".to_string(),
        "la in touch" => "la in touch".to_string(),
        "date of adoption order" => s,
        other => other.trim_end_matches(['.', ':']).to_string(),
    }
}

/// A header's words for matching spellings other than the template's: lower case, in order
/// of appearance removed (sorted), without words that carry no meaning here ("of", "the",
/// "unique", "(Y/N)", "dd/mm/yyyy"), with the usual abbreviations written out ("CP", "CLA",
/// "LAC", "DOB", "ICPC", "S47", "UASC") and "ID", "identifier" and "identity" as one word.
pub fn header_words(normalised: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let cleaned = normalised.replace("'s ", " ").replace('\'', "");
    for w in cleaned
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let expanded: &[&str] = match w {
            "of" | "the" | "a" | "an" | "to" | "be" | "been" | "was" | "is" | "unique" | "y"
            | "n" | "yn" | "dd" | "mm" | "yyyy" | "no" | "number" | "num" => &[],
            "cp" => &["child", "protection"],
            "cpp" => &["child", "protection", "plan"],
            "cla" | "lac" => &["looked", "after"],
            "dob" => &["date", "birth"],
            "icpc" => &["initial", "child", "protection", "conference"],
            "s47" => &["section", "47"],
            "uasc" => &["unaccompanied", "asylum", "seeking", "child"],
            "id" | "identifier" | "identity" => &["id"],
            "started" | "starting" => &["start"],
            "ceased" | "ceasing" => &["cease"],
            other => {
                out.push(other.to_string());
                continue;
            }
        };
        out.extend(expanded.iter().map(|s| (*s).to_string()));
    }
    out.sort();
    out.dedup();
    out
}

/// How a header row lines up with a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The list (1 to 11).
    pub list: u8,
    /// For each of the list's columns, the position of the header in the row, if present.
    pub positions: Vec<Option<usize>>,
    /// Columns (indices into the list's columns) found by their words rather than their
    /// template header; each is reported so the reading can be checked.
    pub loose: Vec<usize>,
    /// Positions of headers that belong to no column of the list (kept and reported).
    pub extra: Vec<usize>,
}

impl Layout {
    /// The list's specification.
    pub fn spec(&self) -> &'static List {
        &LISTS[usize::from(self.list - 1)]
    }
}

/// Tells which list a header row is: the row must hold the list's key header and at least
/// half of its columns. `None` when it is no list's header row.
pub fn identify(headers: &[String]) -> Option<Layout> {
    // A row with fewer than two cells is a title or a blank row, never a header set.
    if headers.iter().filter(|h| !h.trim().is_empty()).count() < 2 {
        return None;
    }
    let normal: Vec<String> = headers.iter().map(|h| normalise_header(h)).collect();
    let words: Vec<Vec<String>> = normal.iter().map(|h| header_words(h)).collect();
    LISTS
        .iter()
        .zip(TEMPLATE.iter())
        .find_map(|(list, template)| {
            // Each column by its template header, else by the same words in another order or
            // spelling ("Contact date", "CP plan start date"), never by a header already taken.
            let mut positions: Vec<Option<usize>> = list
                .columns
                .iter()
                .zip(template)
                .map(|(_, (want, _))| normal.iter().position(|h| h == want))
                .collect();
            let mut loose = Vec::new();
            for (k, (_, want)) in template.iter().enumerate() {
                if positions[k].is_some() {
                    continue;
                }
                let want = want.as_slice();
                let taken = |i: usize| positions.contains(&Some(i));
                let candidates: Vec<usize> = (0..words.len())
                    .filter(|i| !taken(*i) && !words[*i].is_empty() && words[*i] == want)
                    .collect();
                if let [one] = candidates[..] {
                    positions[k] = Some(one);
                    loose.push(k);
                }
            }
            let key = list.columns.iter().position(|c| c.header == list.key)?;
            positions[key]?;
            let found = positions.iter().filter(|p| p.is_some()).count();
            if found * 2 < list.columns.len() {
                return None;
            }
            let extra = normal
                .iter()
                .enumerate()
                .filter(|(i, h)| !h.is_empty() && !positions.contains(&Some(*i)))
                .map(|(i, _)| i)
                .collect();
            Some(Layout {
                list: list.number,
                positions,
                extra,
                loose,
            })
        })
}

/// A template header normalised, and its words.
type TemplateHeader = (String, Vec<String>);

/// Each list's template headers normalised and as words, worked out once.
static TEMPLATE: std::sync::LazyLock<Vec<Vec<TemplateHeader>>> = std::sync::LazyLock::new(|| {
    LISTS
        .iter()
        .map(|l| {
            l.columns
                .iter()
                .map(|c| {
                    let normal = normalise_header(c.header);
                    let words = header_words(&normal);
                    (normal, words)
                })
                .collect()
        })
        .collect()
});

/// The gender a cell means, with or without its letter prefix and in common spellings.
pub fn gender(value: &str) -> Option<&'static str> {
    // The spellings in nearly every file, without allocating.
    match value {
        "a) Male" | "Male" | "M" => return Some("a) Male"),
        "b) Female" | "Female" | "F" => return Some("b) Female"),
        _ => {}
    }
    let v = strip_prefix(value).to_lowercase();
    Some(match v.as_str() {
        "male" | "m" | "boy" => "a) Male",
        "female" | "f" | "girl" => "b) Female",
        "not stated/recorded"
        | "not stated/recorded (or unborn)"
        | "not stated"
        | "not recorded"
        | "unknown"
        | "u"
        | "unborn" => "c) Not stated/recorded",
        "neither" | "other" | "indeterminate" | "i" => "d) Neither",
        _ => return None,
    })
}

/// Yes, No or Unknown, with or without the letter prefix.
pub fn yes_no(value: &str) -> Option<&'static str> {
    match value {
        "a) Yes" | "Yes" | "Y" => return Some("a) Yes"),
        "b) No" | "No" | "N" => return Some("b) No"),
        _ => {}
    }
    let v = strip_prefix(value).to_lowercase();
    Some(match v.as_str() {
        "yes" | "y" | "true" => "a) Yes",
        "no" | "n" | "false" => "b) No",
        "unknown" | "not known" | "u" => "c) Unknown",
        _ => return None,
    })
}

/// `str::trim`, deciding from the first and last bytes when, as nearly always in a cell,
/// there is nothing to trim.
#[inline]
pub fn trim(s: &str) -> &str {
    match s.as_bytes() {
        [first, .., last] if first.is_ascii_graphic() && last.is_ascii_graphic() => s,
        [only] if only.is_ascii_graphic() => s,
        _ => s.trim(),
    }
}

/// A code without its `a) ` letter prefix.
pub fn strip_prefix(value: &str) -> &str {
    let v = trim(value);
    let b = v.as_bytes();
    let prefix_len = match b {
        [l, b')', ..] if l.is_ascii_alphabetic() => 2,
        [l1, l2, b')', ..] if l1.is_ascii_alphabetic() && l2.is_ascii_alphabetic() => 3,
        _ => 0,
    };
    trim(&v[prefix_len..])
}

/// Age in whole years at last birthday on `at` (-1 when `at` is before the birth: unborn).
/// Someone born on 29 February has their birthday on 1 March in other years.
pub fn age_on(dob: jiff::civil::Date, at: jiff::civil::Date) -> i64 {
    if at < dob {
        return -1;
    }
    let mut years = i64::from(at.year() - dob.year());
    if (at.month(), at.day()) < (dob.month(), dob.day()) {
        years -= 1;
    }
    years
}

/// Whether text is a well-formed UK postcode ("LE1 6ZG", "T28 2WB", "SW1A 1AA"), in any case
/// and spacing.
pub fn is_postcode(value: &str) -> bool {
    // Up to seven characters once spaces are dropped, gathered without allocating.
    let mut buf = [0u8; 7];
    let mut n = 0;
    for b in value.bytes().filter(|b| !b.is_ascii_whitespace()) {
        if n == buf.len() {
            return false;
        }
        buf[n] = b.to_ascii_uppercase();
        n += 1;
    }
    if n < 5 {
        return false;
    }
    let (outward, inward) = buf[..n].split_at(n - 3);
    let inward_ok = inward[0].is_ascii_digit()
        && inward[1].is_ascii_alphabetic()
        && inward[2].is_ascii_alphabetic();
    let outward_ok = outward.first().is_some_and(u8::is_ascii_alphabetic)
        && outward.iter().all(u8::is_ascii_alphanumeric)
        && outward.iter().any(u8::is_ascii_digit);
    inward_ok && outward_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn lists_have_the_template_column_counts() {
        let counts: Vec<usize> = LISTS.iter().map(|l| l.columns.len()).collect();
        assert_eq!(counts, [7, 8, 11, 12, 14, 14, 17, 34, 17, 16, 19]);
        for l in &LISTS {
            assert!(
                l.columns.iter().any(|c| c.header == l.key),
                "list {} key",
                l.number
            );
            for k in l.duplicate_key {
                assert!(
                    l.columns.iter().any(|c| c.header == *k),
                    "list {} key {k}",
                    l.number
                );
            }
        }
    }

    #[test]
    fn headers_are_compared_loosely() {
        assert_eq!(
            normalise_header(
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))"
            ),
            normalise_header(
                "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
            )
        );
        assert_eq!(normalise_header("Age"), "age of child (years)");
        assert_eq!(normalise_header("LA In Touch "), "la in touch");
        assert_eq!(
            normalise_header(
                "Was the child assessed as requiring LA children’s social care support"
            ),
            normalise_header(
                "Was the child assessed as requiring LA children's social care support?"
            )
        );
        assert_eq!(
            normalise_header(
                "Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months"
            ),
            normalise_header(
                "Number of Episodes the Child has been 'Missing' from their Placement in the last 12 months"
            )
        );
    }

    #[test]
    fn a_header_row_is_told_by_its_header_set() {
        let l1 = identify(&h(&[
            "Child Unique ID",
            "Gender",
            "Ethnicity",
            "Date of Birth",
            "Age",
            "Date of Contact",
            "Contact Source",
            "Notes",
        ]))
        .expect("list 1");
        assert_eq!(l1.list, 1);
        assert_eq!(l1.positions[4], Some(4));
        assert_eq!(l1.extra, vec![7]);
        // The old 13-column List 9 is still List 9, with the new columns missing.
        let l9 = identify(&h(&[
            "Child Unique ID",
            "Gender",
            "Ethnicity",
            "Date of Birth",
            "Age of Child (Years)",
            "Does the Child have a Disability",
            "Allocated Team",
            "Allocated Worker",
            "Eligibility Category",
            "LA In Touch ",
            "Type of Accommodation",
            "Suitability of Accommodation",
            "Activity Status",
        ]))
        .expect("list 9");
        assert_eq!(l9.list, 9);
        assert_eq!(l9.positions.iter().filter(|p| p.is_none()).count(), 4);
        assert!(identify(&h(&["List 1: Contacts"])).is_none());
        assert!(
            identify(&h(&["Date of Contact"])).is_none(),
            "one header is not a table"
        );
    }

    /// Headers as councils' own reports write them: the same words in another order, with
    /// abbreviations, are the template's column; each is listed as read loosely.
    #[test]
    fn headers_in_other_words_are_found_and_listed() {
        let l1 = identify(&h(&[
            "Child ID",
            "Gender",
            "Ethnicity",
            "DOB",
            "Age",
            "Contact date",
            "Source of contact",
        ]))
        .expect("list 1");
        assert_eq!(l1.list, 1);
        assert_eq!(
            l1.positions,
            vec![
                Some(0),
                Some(1),
                Some(2),
                Some(3),
                Some(4),
                Some(5),
                Some(6)
            ]
        );
        assert_eq!(l1.loose, vec![0, 3, 5, 6]);
        assert!(l1.extra.is_empty());

        let cp = header_words(&normalise_header("CP Plan Start Date"));
        assert_eq!(
            cp,
            header_words(&normalise_header("Child Protection Plan Start Date"))
        );
        let cla = header_words(&normalise_header("CLA start date"));
        assert_eq!(
            cla,
            header_words(&normalise_header("Date Started to be Looked After"))
        );
        assert_ne!(
            header_words(&normalise_header("Date of Last Health Assessment")),
            header_words(&normalise_header("Date of Last Dental Check"))
        );
        // Two headers with the same words: neither is taken, so nothing is guessed.
        let twice = identify(&h(&[
            "Child Unique ID",
            "Gender",
            "Ethnicity",
            "Date of Birth",
            "Age",
            "Date of Contact",
            "Source of contact",
            "Contact source.",
        ]))
        .expect("list 1");
        assert_eq!(twice.positions[6], Some(7), "the exact header wins");
    }

    /// Spellings found in councils' real files (as collected by the LIIA project's Annex A
    /// schema), each with the code a person would read in it.
    #[test]
    fn codes_as_case_systems_spell_them() {
        let eth = |v: &str| CodeSet::Ethnicity.code(v);
        for (spelling, code) in [
            ("White - British [WBRI]", "WBRI"),
            ("WBRI  [White British]", "WBRI"),
            ("WHB - WBRI - British", "WBRI"),
            ("White British (A1)", "WBRI"),
            ("A1 - White British", "WBRI"),
            ("(A.A1) White - British", "WBRI"),
            ("A.A2 White > Irish", "WIRI"),
            ("White (Irish)", "WIRI"),
            ("White/Irish", "WIRI"),
            ("A2 White Irish", "WIRI"),
            ("W - Traveller of Irish Heritage", "WIRT"),
            ("Any Other White Background [WOTH]", "WOTH"),
            ("White - Gypsy/Roma", "WROM"),
            ("Asian - Indian", "AIND"),
            ("Asian or Asian British - Pakistani", "APKN"),
            ("Black or Black British > Black African", "BAFR"),
            ("Mixed: White and Black Caribbean", "MWBC"),
            ("'Refused' (REFU)", "REFU"),
        ] {
            assert_eq!(eth(spelling), Some(code), "{spelling}");
        }
        // Words that only look like a label are not guessed at.
        for spelling in [
            "British",
            "Not Indian food",
            "White",
            "Greek Cypriot",
            "WEEU",
        ] {
            assert_eq!(eth(spelling), None, "{spelling}");
        }
        assert_eq!(CodeSet::Source.code("Police [5A]"), Some("5A"));
        assert_eq!(
            CodeSet::Source.code("Police 5A"),
            None,
            "short codes need brackets"
        );
    }

    proptest::proptest! {
        /// Any text at all is read without panicking, and a code found is one of the set's.
        #[test]
        fn any_text_is_a_code_or_none(v in "\\PC{0,40}") {
            for set in [CodeSet::Ethnicity, CodeSet::Source, CodeSet::PlacementType, CodeSet::Need] {
                if let Some(c) = set.code(&v) {
                    proptest::prop_assert!(
                        set.codes().contains(&c) || set.labels().contains(&c),
                        "{c} from {v:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn codes_with_or_without_prefixes() {
        assert_eq!(gender("a) Male"), Some("a) Male"));
        assert_eq!(gender("Female"), Some("b) Female"));
        assert_eq!(gender("M"), Some("a) Male"));
        assert_eq!(gender("x) Robot"), None);
        assert_eq!(yes_no("b) No"), Some("b) No"));
        assert_eq!(yes_no("Y"), Some("a) Yes"));
        assert_eq!(
            strip_prefix("f) U6: Foster placement"),
            "U6: Foster placement"
        );
        assert_eq!(strip_prefix("zz) T4"), "T4");
        assert_eq!(strip_prefix("N1 - Abuse"), "N1 - Abuse");
    }

    #[test]
    fn ages_at_last_birthday() {
        use jiff::civil::date;
        assert_eq!(age_on(date(2015, 2, 1), date(2024, 1, 31)), 8);
        assert_eq!(
            age_on(date(2015, 2, 1), date(2024, 2, 1)),
            9,
            "on the birthday"
        );
        assert_eq!(
            age_on(date(2020, 2, 29), date(2023, 2, 28)),
            2,
            "leap-day birthday not yet"
        );
        assert_eq!(age_on(date(2020, 2, 29), date(2023, 3, 1)), 3);
        assert_eq!(age_on(date(2020, 2, 29), date(2024, 2, 29)), 4);
        assert_eq!(age_on(date(2024, 3, 1), date(2024, 1, 15)), -1, "unborn");
        assert_eq!(age_on(date(2024, 1, 15), date(2024, 1, 15)), 0);
    }

    #[test]
    fn code_sets_accept_codes_and_labels_with_or_without_prefixes() {
        assert!(CodeSet::Source.accepts("q) 6: Police"));
        assert!(CodeSet::Source.accepts("6: Police"));
        assert!(CodeSet::Source.accepts("Police"));
        assert!(CodeSet::Source.accepts("j) 3D: Health services"));
        assert!(!CodeSet::Source.accepts("Carrier pigeon"));
        assert!(CodeSet::PlacementType.accepts("f) U6: Foster placement - not FFA"));
        assert!(CodeSet::Provider.accepts("e) PR4 - Private provision"));
        assert!(CodeSet::Need.accepts("N1 - Abuse or Neglect"));
        assert!(!CodeSet::Need.accepts("PSRMEM - Support with memory"));
        assert!(CodeSet::LegalStatus.accepts("E1: Placement order"));
        assert!(CodeSet::Accommodation.accepts("U: Independent living"));
        assert!(CodeSet::Activity.accepts("F1: Full time in higher education"));
        assert!(CodeSet::Abuse.accepts("Physical abuse"));
        assert!(CodeSet::CaseStatus.accepts("c) Child in need plan"));
        assert!(CodeSet::Ethnicity.accepts("a) WBRI"));
        assert!(CodeSet::Ethnicity.accepts("White British"));
        assert!(CodeSet::InTouch.accepts("a) Yes"));
        assert!(CodeSet::Location.accepts("b) Out"));
        assert!(!CodeSet::Location.accepts("Elsewhere"));
    }

    #[test]
    fn postcodes() {
        for ok in ["LE1 6ZG", "T28 2WB", "SW1A 1AA", "m1 1ae", "B338TH"] {
            assert!(is_postcode(ok), "{ok}");
        }
        for bad in [
            "nope",
            "",
            "12345",
            "LE1",
            "LE1 6Z",
            "SW1A 1AAA",
            "1E1 6ZG",
            "LE1 6Z1",
            "LE-1 6ZG",
        ] {
            assert!(!is_postcode(bad), "{bad}");
        }
    }
}
