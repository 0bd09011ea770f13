//! Seed 002 (Leicestershire, March 2017), Appendix C "Draft Ofsted Action Plan 2017-2020",
//! typed in as councils keep it: one row per requirement, several actions, leads and dates in
//! one cell on separate lines. Written to an XLSX by [`write`] for the import tests.

use std::path::Path;

/// A row: a title or theme (one cell), a header row, or the seven columns.
pub enum Row {
    Single(&'static str),
    Header,
    /// The wrapped second line of the header in the Word original ("Recommendations").
    HeaderWrap,
    Data([&'static str; 7]),
}

use Row::{Data, Header, HeaderWrap, Single};

const AUDIT: &str = "Routine audit shows consistent application of thresholds, improved quality of assessment and care planning and strong management oversight to all stages of a child's journey";
const PIS: &str =
    "Performance indicators evidence improving outcomes for children and young people.";

pub const SEED_002: &[Row] = &[
    Single("DRAFT OFSTED ACTION PLAN 2017-2020"),
    Single("Learning Organisation"),
    Header,
    Data([
        "Develop a quality assurance framework for children's social care",
        "14,6, 13,",
        "Agree a Quality Assurance framework to govern all work, with an audit model\n• Set out range of improvement activity required for 2017 to monitor and drive all improvement work",
        "",
        "Ready to launch in March 17",
        "Work underway. Draft to be ready by the end of Feb.",
        AUDIT,
    ]),
    Data([
        "Develop clear learning programme for social work staff - from induction to exit",
        "17",
        "Use the Practice Development group to develop and embed practice standards for practice and management across the workforce.\nAgree shared post with L&D to support social work learning pathway\nReview and consider infrastructure needed to support this work\nConsideration to develop 'social work academy' and 'grow your own' approaches to ensuring a sustainable workforce",
        "Head of Service, Practice Workforce Development Lead\nAD, Children's Social Care",
        "Group established Jan 2017.\nMarch 2017\nFeb/March 2017\nApril 2017",
        "Social work steering group now re- established\nTargeted support delivered to ASYE workers in First Response\nReview of current cohort of ASYE training",
        "Strong, appropriately trained workforce delivering good service that evidences improved outcomes for children.",
    ]),
    Data([
        "Develop approach to social work progression and accreditation at all levels",
        "17",
        "Develop a methodology to implement the social work reforms and build career pathways for Leicestershire",
        "L&D/CSC Resources",
        "May 17",
        "Work ongoing",
        "Strong, appropriately trained workforce delivering good service that evidences improved outcomes for children.",
    ]),
    Data([
        "Strong leadership to create learning culture",
        "1 – 17",
        "External SMT to set standard and lead on implementation.\nEnsure there is good two-way communication between managers and staff to disseminate and embed learning from all improvement activity.\nUse good practice examples identified through inspection and audit to assist shared learning to build on good practice.",
        "AD, Children's Social Care",
        "June 17",
        "Practice Development Group in place\nExternal SMT sessions established.\nPerformance meeting (monthly)",
        AUDIT,
    ]),
    Single("Practice Excellence"),
    Header,
    HeaderWrap,
    Data([
        "Fidelity to the signs of safety model",
        "6",
        "Involve practice development group in ensuring fidelity to model.\nEstablish posts within the infrastructure which will support practice development (advanced practitioners)",
        "Head of Service, Practice Workforce Development Lead\nAD, Children's Social Care",
        "Ongoing\nJune 2017",
        "Group established. First meeting held in Jan 2017.",
        "Feedback from children, young people and families evidences quality and positive impact of interventions.",
    ]),
    Data([
        "Application of practice framework",
        "6",
        "Ensure workforce strategy includes the practice framework and is embedded in day to day business.",
        "Head of Service, Practice Workforce Development Lead",
        "June 2017",
        "Practice framework is developed",
        "Performance indicators evidence improving outcomes for children and young people.\nRoutine audit shows consistent application of thresholds, improved quality of assessment and care planning and strong management oversight to all stages of a child's journey",
    ]),
    Data([
        "Application of practice & management standards",
        "1-17",
        "Consultation and launch with all managers\nEnsure consistency in using existing standards where there are gaps.\nPractice standards developed.\nExamples of good practice shared across the Service.",
        "Head of Service, Safeguarding Assurance",
        "March 2017",
        "Work is underway to identify where standards are in place and where there are gaps. Practice standard being drafted.",
        AUDIT,
    ]),
    Data([
        "Quality of assessment planning and recording supported by reflective supervision that shows effective challenge",
        "2,6,17",
        "Practice standards set out expectations in relation to high quality assessment planning recording and decision making.\nDevelop a learning programme for senior practitioner and team managers to include training and mentoring approaches to develop supervisory skills and competence.",
        "Head of Service, Children in Care\nAD, Children's Social Care",
        "March/April 17\nMarch 2017",
        "Monthly returns to show supervision has taken place.\nDirector/AD in discussion with L&D to identify a resource.",
        "Improved timeliness from contact to completion of assessment.",
    ]),
    Data([
        "Good case management",
        "7",
        "Existing performance meetings are used to ensure that the practice standards, performance information and analysis of improvement activity are being used effectively by operational managers.",
        "AD, Children's Social Care",
        "Established now",
        "Work on improving performance data underway.",
        AUDIT,
    ]),
    Single("Right action Right time"),
    Header,
    Data([
        "Achieving permanency",
        "7",
        "Early identification of adoption plans and tracking through Permanence Panel.\nDevelopment of permanence champions\nPermanence Panel established.",
        "Head of Service Children in Care",
        "March 2017",
        "Manager meeting Feb to look at Permanency Planning.",
        "Length of time that children are looked after before a permanency decision reduces year-on-year.",
    ]),
    Data([
        "Pathway plans",
        "12 6",
        "Structure review for Children in Care\nPlan audit- commissioned through Quality Assurance audit model",
        "Head of Service, Children in Care",
        "Feb 2017\nApril 2017",
        "Structure and resources being considered (Feb/March 17)",
        "Proportion of children in care and care leavers in education, employment or training increases year-on-year.",
    ]),
    Data([
        "",
        "",
        "Review role of PA and number required.\nReview NEET (Not in Education, Employment or Training)strategy to ensure focus on Care Leavers.",
        "Permanence Support",
        "",
        "",
        "",
    ]),
    Data([
        "Ensure Strong Front door including Out of Hours Service",
        "2",
        "Action Plan and resource in place.\nReview processes",
        "AD, Children's Social Care",
        "Immediate action",
        "Capacity in place. To oversee improvement.",
        "Improved timeliness from contact to completion of assessment.",
    ]),
    Data([
        "SGO (Special Guardianship Order) and Post adoption and therapeutic support",
        "8, 11",
        "Post adoption plan audit\nReview of CAMHS contract\nIntroduction of consultation hubs\nAdoption website (Core offer and community links)\nOffer to birth parents is in place",
        "Service Manager, Fostering, Adoption & Sufficiency",
        "Jan 2017 May 2017 June 2017 Jan 2017 Sept 2017",
        "Proposal to DMT implemented.",
        "Number of appropriate and proportionate post adoption support packages increases year-on-year.\nNumber of support packages offered to birth parents increases year-on-year.",
    ]),
    Data([
        "Child Protection planning/permanency",
        "",
        "Focus on repeat child protection plans and the length of time children are subject to a plan",
        "Head of Service, Safeguarding Assurance",
        "March 2017",
        "Task and Finish Group (multi-agency) established.",
        "Percentage of children subject to a repeat child protection plan for a second or subsequent time reduces year-on-year.",
    ]),
    Single("Policy and Performance"),
    Header,
    Data([
        "Accurate performance data is available for all areas of service and to ensure that progress is made on the specific recommendations made by Ofsted.",
        "1,2,3,4,6,7,9,10,11,12,1 3,14,15,16",
        "Scope all performance data requirements\nDesign of performance reports\nTest and implement new reports with business.",
        "Performance consultant",
        "June 17",
        "Scoping work underway",
        PIS,
    ]),
    Data([
        "Caseload size",
        "3",
        "Report on current position re caseload sizes run monthly\nAdditional capacity (agency) across First Response, Child Protection + Supporting Families + Children with Disabilities.",
        "AD, Children's Social Care",
        "Dec → March/April 2017",
        "Some additional capacity but challenges of agency availability.",
        "",
    ]),
    Data([
        "Review process in First Response to ensure timely and proportionate response to Children in Need",
        "4",
        "Action Plan in place",
        "Head of Service, Children's Social Care Field Work",
        "Dec → New systems to be fully operational end of March.",
        "Additional capacity being recruited to.",
        AUDIT,
    ]),
    Data([
        "Service Delivery Plan to ensure all key areas of improvement are embedded",
        "1-17",
        "Draft Service delivery plan being agreed to cover all key areas of practice, management assessment and performance.",
        "AD, Children's Social Care",
        "March/April 2017 for sign off",
        "Draft plan to be discussed at SMT on 10 02 2017",
        PIS,
    ]),
];

/// Writes the rows to an XLSX file, starting at row `top` (0-based).
pub fn write(rows: &[Row], path: &Path, top: u32) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Action Plan").expect("name");
    for (i, row) in rows.iter().enumerate() {
        let r = top + u32::try_from(i).expect("small");
        match row {
            Single(t) => {
                sheet.write_string(r, 0, *t).expect("write");
            }
            Header => {
                for (c, h) in [
                    "Requirement",
                    "Links to Ofsted Recommendations",
                    "Early Actions",
                    "Key Lead",
                    "Timescales",
                    "Progress",
                    "Smart Targets",
                ]
                .iter()
                .enumerate()
                {
                    sheet
                        .write_string(r, u16::try_from(c).expect("small"), *h)
                        .expect("write");
                }
            }
            HeaderWrap => {
                sheet.write_string(r, 1, "Recommendations").expect("write");
            }
            Data(cells) => {
                for (c, v) in cells.iter().enumerate() {
                    if !v.is_empty() {
                        sheet
                            .write_string(r, u16::try_from(c).expect("small"), *v)
                            .expect("write");
                    }
                }
            }
        }
    }
    book.save(path).expect("save");
}
