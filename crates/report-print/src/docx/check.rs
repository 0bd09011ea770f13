//! Checks a DOCX package against the rules of ECMA-376 (transitional) for everything this
//! writer emits: every part well-formed XML with a content type, every relationship's target
//! present, every `r:id` and `r:embed` resolving, and every element's children in the order the
//! schema's sequences give (an out-of-order `w:pPr` is what makes Word ask to repair a file).
//!
//! It is not a whole-schema validator: no OOXML validator could be had from the registries this
//! project builds from (decision 0025); this encodes, from the standard, the sequences of the
//! elements the writer uses, and refuses any child it does not know.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;

use quick_xml::events::Event;

/// The children each element may have, in the schema's order. Elements whose children may
/// come in any order (a choice) list them all with `any_order`.
fn sequence(parent: &str) -> Option<(&'static [&'static str], bool)> {
    Some(match parent {
        "w:document" => (&["w:background", "w:body"], false),
        "w:body" | "w:hdr" | "w:ftr" => (&["w:p", "w:tbl", "w:sectPr"], true),
        "w:p" => (
            &[
                "w:pPr",
                "w:r",
                "w:hyperlink",
                "w:fldSimple",
                "w:bookmarkStart",
                "w:bookmarkEnd",
            ],
            false,
        ),
        "w:pPr" => (
            &[
                "w:pStyle",
                "w:keepNext",
                "w:keepLines",
                "w:pageBreakBefore",
                "w:framePr",
                "w:widowControl",
                "w:numPr",
                "w:suppressLineNumbers",
                "w:pBdr",
                "w:shd",
                "w:tabs",
                "w:suppressAutoHyphens",
                "w:kinsoku",
                "w:wordWrap",
                "w:overflowPunct",
                "w:topLinePunct",
                "w:autoSpaceDE",
                "w:autoSpaceDN",
                "w:bidi",
                "w:adjustRightInd",
                "w:snapToGrid",
                "w:spacing",
                "w:ind",
                "w:contextualSpacing",
                "w:mirrorIndents",
                "w:suppressOverlap",
                "w:jc",
                "w:textDirection",
                "w:textAlignment",
                "w:textboxTightWrap",
                "w:outlineLvl",
                "w:divId",
                "w:cnfStyle",
                "w:rPr",
                "w:sectPr",
                "w:pPrChange",
            ],
            false,
        ),
        "w:rPr" => (
            &[
                "w:rStyle",
                "w:rFonts",
                "w:b",
                "w:bCs",
                "w:i",
                "w:iCs",
                "w:caps",
                "w:smallCaps",
                "w:strike",
                "w:dstrike",
                "w:outline",
                "w:shadow",
                "w:emboss",
                "w:imprint",
                "w:noProof",
                "w:snapToGrid",
                "w:vanish",
                "w:webHidden",
                "w:color",
                "w:spacing",
                "w:w",
                "w:kern",
                "w:position",
                "w:sz",
                "w:szCs",
                "w:highlight",
                "w:u",
                "w:effect",
                "w:bdr",
                "w:shd",
                "w:fitText",
                "w:vertAlign",
                "w:rtl",
                "w:cs",
                "w:em",
                "w:lang",
                "w:eastAsianLayout",
                "w:specVanish",
                "w:oMath",
            ],
            false,
        ),
        "w:r" => (
            &[
                "w:rPr",
                "w:t",
                "w:br",
                "w:tab",
                "w:drawing",
                "w:fldChar",
                "w:instrText",
            ],
            false,
        ),
        "w:tbl" => (&["w:tblPr", "w:tblGrid", "w:tr"], false),
        "w:tblPr" => (
            &[
                "w:tblStyle",
                "w:tblpPr",
                "w:tblOverlap",
                "w:bidiVisual",
                "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize",
                "w:tblW",
                "w:jc",
                "w:tblCellSpacing",
                "w:tblInd",
                "w:tblBorders",
                "w:shd",
                "w:tblLayout",
                "w:tblCellMar",
                "w:tblLook",
                "w:tblCaption",
                "w:tblDescription",
            ],
            false,
        ),
        "w:tblBorders" => (
            &[
                "w:top",
                "w:left",
                "w:bottom",
                "w:right",
                "w:insideH",
                "w:insideV",
            ],
            false,
        ),
        "w:pBdr" => (
            &[
                "w:top",
                "w:left",
                "w:bottom",
                "w:right",
                "w:between",
                "w:bar",
            ],
            false,
        ),
        "w:tblCellMar" => (&["w:top", "w:left", "w:bottom", "w:right"], false),
        "w:tblGrid" => (&["w:gridCol"], false),
        "w:tr" => (&["w:tblPrEx", "w:trPr", "w:tc"], false),
        "w:trPr" => (
            &[
                "w:cnfStyle",
                "w:divId",
                "w:gridBefore",
                "w:gridAfter",
                "w:wBefore",
                "w:wAfter",
                "w:cantSplit",
                "w:trHeight",
                "w:tblHeader",
                "w:tblCellSpacing",
                "w:jc",
                "w:hidden",
            ],
            true,
        ),
        "w:tc" => (&["w:tcPr", "w:p", "w:tbl"], false),
        "w:tcPr" => (
            &[
                "w:cnfStyle",
                "w:tcW",
                "w:gridSpan",
                "w:hMerge",
                "w:vMerge",
                "w:tcBorders",
                "w:shd",
                "w:noWrap",
                "w:tcMar",
                "w:textDirection",
                "w:tcFitText",
                "w:vAlign",
                "w:hideMark",
            ],
            false,
        ),
        "w:sectPr" => (
            &[
                "w:headerReference",
                "w:footerReference",
                "w:footnotePr",
                "w:endnotePr",
                "w:type",
                "w:pgSz",
                "w:pgMar",
                "w:paperSrc",
                "w:pgBorders",
                "w:lnNumType",
                "w:pgNumType",
                "w:cols",
                "w:formProt",
                "w:vAlign",
                "w:noEndnote",
                "w:titlePg",
                "w:textDirection",
                "w:bidi",
                "w:rtlGutter",
                "w:docGrid",
                "w:printerSettings",
                "w:sectPrChange",
            ],
            false,
        ),
        "w:styles" => (&["w:docDefaults", "w:latentStyles", "w:style"], false),
        "w:docDefaults" => (&["w:rPrDefault", "w:pPrDefault"], false),
        "w:rPrDefault" => (&["w:rPr"], false),
        "w:pPrDefault" => (&["w:pPr"], false),
        "w:style" => (
            &[
                "w:name",
                "w:aliases",
                "w:basedOn",
                "w:next",
                "w:link",
                "w:autoRedefine",
                "w:hidden",
                "w:uiPriority",
                "w:semiHidden",
                "w:unhideWhenUsed",
                "w:qFormat",
                "w:locked",
                "w:personal",
                "w:personalCompose",
                "w:personalReply",
                "w:rsid",
                "w:pPr",
                "w:rPr",
                "w:tblPr",
                "w:trPr",
                "w:tcPr",
                "w:tblStylePr",
            ],
            false,
        ),
        "w:tabs" => (&["w:tab"], false),
        "w:numPr" => (&["w:ilvl", "w:numId"], false),
        "w:numbering" => (&["w:abstractNum", "w:num"], false),
        "w:abstractNum" => (
            &[
                "w:nsid",
                "w:multiLevelType",
                "w:tmpl",
                "w:name",
                "w:styleLink",
                "w:numStyleLink",
                "w:lvl",
            ],
            false,
        ),
        "w:lvl" => (
            &[
                "w:start",
                "w:numFmt",
                "w:lvlRestart",
                "w:pStyle",
                "w:isLgl",
                "w:suff",
                "w:lvlText",
                "w:lvlPicBulletId",
                "w:legacy",
                "w:lvlJc",
                "w:pPr",
                "w:rPr",
            ],
            false,
        ),
        "w:num" => (&["w:abstractNumId", "w:lvlOverride"], false),
        "w:settings" => (
            &[
                "w:writeProtection",
                "w:view",
                "w:zoom",
                "w:removePersonalInformation",
                "w:defaultTabStop",
                "w:characterSpacingControl",
                "w:compat",
            ],
            false,
        ),
        "w:compat" => (&["w:compatSetting"], false),
        "w:drawing" => (&["wp:inline", "wp:anchor"], false),
        "wp:inline" => (
            &[
                "wp:extent",
                "wp:effectExtent",
                "wp:docPr",
                "wp:cNvGraphicFramePr",
                "a:graphic",
            ],
            false,
        ),
        "pic:pic" => (&["pic:nvPicPr", "pic:blipFill", "pic:spPr"], false),
        "pic:nvPicPr" => (&["pic:cNvPr", "pic:cNvPicPr"], false),
        "pic:blipFill" => (&["a:blip", "a:srcRect", "a:tile", "a:stretch"], false),
        "pic:spPr" => (&["a:xfrm", "a:custGeom", "a:prstGeom"], false),
        "a:xfrm" => (&["a:off", "a:ext"], false),
        _ => return None,
    })
}

/// Every problem found in the package; empty when it keeps the rules.
pub fn check(bytes: &[u8]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut zip = match zip::ZipArchive::new(std::io::Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return vec![format!("not a zip package: {e}")],
    };
    let mut parts: BTreeMap<String, String> = BTreeMap::new();
    let mut binary: BTreeSet<String> = BTreeSet::new();
    for i in 0..zip.len() {
        let Ok(mut f) = zip.by_index(i) else {
            problems.push(format!("entry {i} cannot be read"));
            continue;
        };
        let name = f.name().map_or_else(|_| "?".to_string(), |n| n.to_string());
        let mut data = Vec::new();
        if f.read_to_end(&mut data).is_err() {
            problems.push(format!("{name}: cannot be read"));
            continue;
        }
        if name.ends_with(".xml") || name.ends_with(".rels") {
            match String::from_utf8(data) {
                Ok(s) => {
                    parts.insert(name, s);
                }
                Err(_) => problems.push(format!("{name}: not UTF-8")),
            }
        } else {
            binary.insert(name);
        }
    }
    let Some(types) = parts.get("[Content_Types].xml") else {
        return vec!["no [Content_Types].xml".into()];
    };
    let defaults: Vec<String> = attribute_values(types, "Default", "Extension");
    let overrides: Vec<String> = attribute_values(types, "Override", "PartName");
    for name in parts.keys().chain(binary.iter()) {
        if name == "[Content_Types].xml" {
            continue;
        }
        let ext = name.rsplit('.').next().unwrap_or("");
        if !defaults.iter().any(|d| d == ext) && !overrides.iter().any(|o| o == &format!("/{name}"))
        {
            problems.push(format!("{name}: no content type"));
        }
    }
    for o in &overrides {
        if !parts.contains_key(o.trim_start_matches('/')) {
            problems.push(format!(
                "[Content_Types].xml names {o}, which is not in the package"
            ));
        }
    }
    for (name, text) in &parts {
        problems.extend(order(name, text));
    }
    // Relationships: targets exist, and every id used in a part is declared for it.
    for (rels_name, rels) in parts.iter().filter(|(n, _)| n.ends_with(".rels")) {
        let base = rels_name.trim_end_matches(".rels").replace("_rels/", "");
        let dir = match base.rfind('/') {
            Some(i) => base[..i].to_string(),
            None => String::new(),
        };
        let ids = attribute_values(rels, "Relationship", "Id");
        for target in attribute_values(rels, "Relationship", "Target") {
            let path = if dir.is_empty() {
                target.clone()
            } else {
                format!("{dir}/{target}")
            };
            if !parts.contains_key(&path) && !binary.contains(&path) {
                problems.push(format!(
                    "{rels_name}: target {target} is not in the package"
                ));
            }
        }
        if let Some(part) = parts.get(&base) {
            for used in used_ids(part) {
                if !ids.contains(&used) {
                    problems.push(format!("{base}: relationship {used} is not declared"));
                }
            }
        }
    }
    for needed in ["word/document.xml", "word/styles.xml", "_rels/.rels"] {
        if !parts.contains_key(needed) {
            problems.push(format!("no {needed}"));
        }
    }
    problems
}

/// The values of the attributes `wanted(element, attribute)` picks, in document order.
fn attributes(xml: &str, wanted: impl Fn(&str, &str) -> bool) -> Vec<String> {
    let mut out = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => {
                for a in e.attributes().flatten() {
                    if wanted(e.name().as_ref(), a.key.as_ref()) {
                        out.push(a.value.to_string());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attribute_values(xml: &str, element: &str, attribute: &str) -> Vec<String> {
    attributes(xml, |e, a| e == element && a == attribute)
}

fn used_ids(xml: &str) -> Vec<String> {
    attributes(xml, |_, a| matches!(a, "r:id" | "r:embed"))
}

/// Checks one part is well-formed and its elements' children keep the schema's order.
fn order(name: &str, xml: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    // For each open element: its name, the position reached in its sequence, and what it
    // has held.
    let mut stack: Vec<(String, usize, Vec<String>)> = Vec::new();
    let child = |stack: &mut Vec<(String, usize, Vec<String>)>,
                 tag: &str,
                 problems: &mut Vec<String>| {
        if let Some((parent, at, held)) = stack.last_mut() {
            held.push(tag.to_string());
            if let Some((seq, any_order)) = sequence(parent) {
                match seq.iter().position(|s| *s == tag) {
                    None => problems.push(format!("{name}: <{tag}> is not allowed in <{parent}>")),
                    Some(p) if !any_order && p < *at => problems.push(format!(
                        "{name}: <{tag}> comes after <{}> in <{parent}>, against the schema's order",
                        seq[*at]
                    )),
                    Some(p) => *at = (*at).max(p),
                }
            }
        }
    };
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                let tag = e.name().as_ref().to_string();
                child(&mut stack, &tag, &mut problems);
                stack.push((tag, 0, Vec::new()));
            }
            Ok(Event::Empty(e)) => {
                let tag = e.name().as_ref().to_string();
                child(&mut stack, &tag, &mut problems);
                // An empty cell or table is as wrong as an open one left empty.
                if tag == "w:tc" || tag == "w:tbl" {
                    problems.push(format!("{name}: an empty <{tag}>"));
                }
            }
            Ok(Event::End(_)) => {
                if let Some((tag, _, held)) = stack.pop() {
                    match tag.as_str() {
                        "w:tc" if !held.iter().any(|h| h == "w:p") => {
                            problems.push(format!("{name}: a <w:tc> without a paragraph"));
                        }
                        "w:tbl"
                            if !(held.iter().any(|h| h == "w:tblPr")
                                && held.iter().any(|h| h == "w:tblGrid")) =>
                        {
                            problems.push(format!("{name}: a <w:tbl> without tblPr and tblGrid"));
                        }
                        "w:body" => {
                            if let Some(i) = held.iter().position(|h| h == "w:sectPr")
                                && i + 1 != held.len()
                            {
                                problems.push(format!("{name}: the body's sectPr is not last"));
                            }
                        }
                        _ => {}
                    }
                }
            }
            Ok(Event::Eof) => break,
            Err(e) => {
                problems.push(format!(
                    "{name}: not well-formed XML at byte {}: {e}",
                    reader.buffer_position()
                ));
                break;
            }
            _ => {}
        }
    }
    if !stack.is_empty() {
        problems.push(format!("{name}: ends with elements still open"));
    }
    problems
}
