//! From TOML text to a validated [`Plan`].
//!
//! Deserialisation keeps the span of every value a check may blame, so each
//! problem names the line and column of the TOML. All problems of a file are
//! collected before returning, so a bureau fixes its plan in one pass.

use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

use chrono::NaiveDate;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use toml::Spanned;

use super::error::{PlanError, PlanProblem, ProblemKind};
use super::model::*;

/// Parses and validates a plan. `source_name` is how the file is shown in messages.
pub fn parse_plan(text: &str, source_name: &str) -> Result<Plan, PlanError> {
    let positions = Positions::new(text);
    let raw: RawPlan = toml::from_str(text).map_err(|err| PlanError::Invalid {
        source_name: source_name.to_string(),
        problems: vec![positions.problem(
            err.span().unwrap_or(0..0),
            ProblemKind::Syntax {
                detail: translate_toml_message(err.message()),
            },
        )],
    })?;
    let mut validator = Validator {
        positions: &positions,
        problems: Vec::new(),
    };
    let plan = validator.plan(raw, text);
    if validator.problems.is_empty() {
        Ok(plan)
    } else {
        validator.problems.sort_by_key(|p| (p.line, p.column));
        Err(PlanError::Invalid {
            source_name: source_name.to_string(),
            problems: validator.problems,
        })
    }
}

// ---------------------------------------------------------------------------
// Raw TOML shapes.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    version: Spanned<String>,
    year: Spanned<i64>,
    title: Spanned<String>,
    plan_doc_number: Option<Spanned<i64>>,
    date_style: Option<Spanned<String>>,
    #[serde(default)]
    ledger_categories: Vec<Spanned<String>>,
    #[serde(default)]
    member_meetings: Vec<Spanned<String>>,
    authority: RawAuthority,
    deadline: Spanned<RawDeadline>,
    #[serde(default)]
    sections: Vec<RawSection>,
    units: Option<Spanned<Vec<RawUnit>>>,
    indicators: Option<Spanned<Vec<RawIndicator>>>,
    #[serde(default)]
    rules: Vec<RawRule>,
    scoring: Spanned<RawScoring>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAuthority {
    full_name: Spanned<String>,
    short_name: Spanned<String>,
    doc_prefix: Spanned<String>,
    printer: Spanned<String>,
    addressee: Spanned<String>,
    #[serde(default)]
    copy_to: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDeadline {
    days_after_quarter_end: Spanned<i64>,
    #[serde(default)]
    overrides: BTreeMap<String, Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    code: Spanned<String>,
    name: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawUnit {
    code: Spanned<String>,
    name: Spanned<String>,
    category: Spanned<String>,
    kind: Spanned<String>,
    parent: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    code: Spanned<String>,
    name: Spanned<String>,
    #[serde(default)]
    measure: String,
    kind: Spanned<String>,
    period: Spanned<String>,
    section: Spanned<String>,
    weight: Option<Spanned<f64>>,
    ledger: Option<Spanned<String>>,
    #[serde(default)]
    clause: String,
    target: Option<Spanned<RawTarget>>,
}

/// All target forms in one flat table; `type` says which keys apply.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    #[serde(rename = "type")]
    kind: Spanned<String>,
    min: Option<Spanned<f64>>,
    min_field: Option<Spanned<String>>,
    numerator: Option<Spanned<String>>,
    denominator: Option<Spanned<String>>,
    denominator_field: Option<Spanned<String>>,
    min_percent: Option<Spanned<f64>>,
    scope: Option<Spanned<String>>,
    field: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Spanned<String>,
    left: Spanned<RawOperand>,
    op: Spanned<String>,
    right: Spanned<RawOperand>,
    scope: Option<Spanned<String>>,
    severity: Spanned<String>,
    description: Spanned<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOperand {
    indicator: Option<Spanned<String>>,
    field: Option<Spanned<String>>,
    value: Option<Spanned<f64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScoring {
    bands: Vec<Spanned<RawBand>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: String,
    min_score: f64,
}

// ---------------------------------------------------------------------------
// Positions and messages.

/// Byte offsets of line starts, to turn spans into line and column.
struct Positions<'a> {
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions { text, line_starts }
    }

    /// 1-based line and column (in characters) of a byte offset.
    fn line_column(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset);
        let start = self.line_starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map_or(1, |prefix| prefix.chars().count() + 1);
        (line, column)
    }

    fn problem(&self, span: Range<usize>, kind: ProblemKind) -> PlanProblem {
        let (line, column) = self.line_column(span.start);
        PlanProblem { line, column, kind }
    }
}

/// Rewrites the toml/serde message in Chinese, keeping the names it quotes.
fn translate_toml_message(message: &str) -> String {
    let message = message.trim();
    let first_line = message.lines().next().unwrap_or("").trim();
    let quoted = |text: &str| -> Vec<String> {
        text.split('`')
            .skip(1)
            .step_by(2)
            .map(str::to_string)
            .collect()
    };
    if let Some(rest) = first_line.strip_prefix("missing field") {
        let names = quoted(rest);
        return format!("缺少必填项 {}", names.join("、"));
    }
    if let Some(rest) = first_line.strip_prefix("unknown field") {
        let names = quoted(rest);
        let (name, expected) = names.split_first().map_or(("", &[][..]), |(n, e)| (n, e));
        return if expected.is_empty() {
            format!("不认识的项“{name}”")
        } else {
            format!(
                "不认识的项“{name}”，此处可用的项有：{}",
                expected.join("、")
            )
        };
    }
    if first_line.starts_with("invalid type") {
        let expected = first_line
            .split("expected ")
            .nth(1)
            .unwrap_or("")
            .trim_end_matches('.');
        let wanted = if expected.contains("sequence") || expected.contains("array") {
            "数组（方括号 [...]）"
        } else if expected.contains("string") {
            "文字（用英文双引号括起来）"
        } else if expected.contains("integer") || expected.contains("i64") {
            "整数"
        } else if expected.contains("f64") || expected.contains("float") {
            "数字"
        } else if expected.contains("struct") || expected.contains("map") {
            "表（如 { key = \"值\" } 或 [节名]）"
        } else {
            "其他类型的值"
        };
        return format!("值的类型不对，这里应为{wanted}");
    }
    if first_line.starts_with("duplicate key") {
        let names = quoted(first_line);
        return format!("键“{}”重复出现", names.join(""));
    }
    if first_line.contains("invalid")
        || first_line.contains("expected")
        || first_line.contains("unexpected")
    {
        return "不是合法的 TOML 写法（检查引号是否成对、等号、方括号和逗号）".to_string();
    }
    format!("不是合法的 TOML 写法（{first_line}）")
}

// ---------------------------------------------------------------------------
// Validation.

struct Validator<'a> {
    positions: &'a Positions<'a>,
    problems: Vec<PlanProblem>,
}

/// Codes become parts of file names: letters, digits and hyphens only.
fn is_valid_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 20
        && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

impl Validator<'_> {
    fn report(&mut self, span: Range<usize>, kind: ProblemKind) {
        let problem = self.positions.problem(span, kind);
        self.problems.push(problem);
    }

    fn line_of(&self, span: &Range<usize>) -> usize {
        self.positions.line_column(span.start).0
    }

    /// Trimmed text; reports an empty one.
    fn text(&mut self, value: &Spanned<String>, what: &str) -> String {
        let text = value.get_ref().trim().to_string();
        if text.is_empty() {
            self.report(
                value.span(),
                ProblemKind::EmptyText {
                    what: what.to_string(),
                },
            );
        }
        text
    }

    /// Reports the second and later occurrences of a key.
    fn check_unique<'k>(
        &mut self,
        items: impl IntoIterator<Item = (&'k str, Range<usize>)>,
        what: &'static str,
    ) {
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (code, span) in items {
            let line = self.line_of(&span);
            if let Some(&first_line) = seen.get(code) {
                self.report(
                    span,
                    ProblemKind::DuplicateCode {
                        what,
                        code: code.to_string(),
                        first_line,
                    },
                );
            } else {
                seen.insert(code, line);
            }
        }
    }

    fn plan(&mut self, raw: RawPlan, text: &str) -> Plan {
        let version = self.text(&raw.version, "计划版本 version");
        let title = self.text(&raw.title, "计划标题 title");
        let year = *raw.year.get_ref();
        if !(1900..=9999).contains(&year) {
            self.report(raw.year.span(), ProblemKind::BadYear { year });
        }
        let plan_doc_number = raw.plan_doc_number.as_ref().and_then(|n| {
            let value = *n.get_ref();
            if (1..=9999).contains(&value) {
                Some(value as u32)
            } else {
                self.report(
                    n.span(),
                    ProblemKind::Syntax {
                        detail: format!(
                            "计划文号 plan_doc_number 应为 1–9999 的整数，现为 {value}"
                        ),
                    },
                );
                None
            }
        });
        let date_style = match raw.date_style.as_ref() {
            None => DateStyle::Arabic,
            Some(style) => match style.get_ref().as_str() {
                "arabic" => DateStyle::Arabic,
                "chinese" => DateStyle::ChineseNumerals,
                other => {
                    self.report(
                        style.span(),
                        ProblemKind::BadDateStyle {
                            style: other.to_string(),
                        },
                    );
                    DateStyle::Arabic
                }
            },
        };
        let authority = Authority {
            full_name: self.text(&raw.authority.full_name, "发文机关全称 full_name"),
            short_name: self.text(&raw.authority.short_name, "发文机关简称 short_name"),
            doc_prefix: self.text(&raw.authority.doc_prefix, "发文字号前缀 doc_prefix"),
            printer: self.text(&raw.authority.printer, "印发机关 printer"),
            addressee: self.text(&raw.authority.addressee, "主送机关 addressee"),
            copy_to: raw
                .authority
                .copy_to
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
        };
        let deadline = self.deadline(&raw.deadline, year);

        let ledger_categories: Vec<String> = raw
            .ledger_categories
            .iter()
            .map(|c| self.text(c, "台帐类别"))
            .collect();
        self.check_unique(
            raw.ledger_categories
                .iter()
                .map(|c| (c.get_ref().trim(), c.span())),
            "台帐类别",
        );

        let member_meetings: Vec<String> = raw
            .member_meetings
            .iter()
            .filter_map(|c| {
                let category = c.get_ref().trim().to_string();
                if ledger_categories.contains(&category) {
                    Some(category)
                } else {
                    self.report(
                        c.span(),
                        ProblemKind::UnknownLedgerCategory {
                            indicator: "member_meetings".to_string(),
                            category,
                        },
                    );
                    None
                }
            })
            .collect();

        let sections: Vec<Section> = raw
            .sections
            .iter()
            .map(|s| Section {
                code: self.text(&s.code, "部分代码 code"),
                name: self.text(&s.name, "部分名称 name"),
            })
            .collect();
        self.check_unique(
            raw.sections
                .iter()
                .map(|s| (s.code.get_ref().trim(), s.code.span())),
            "部分代码",
        );

        let units = self.units(raw.units.as_ref());
        let indicators = self.indicators(raw.indicators.as_ref(), &sections, &ledger_categories);
        let rules = self.rules(&raw.rules, &indicators);
        let scoring = self.scoring(&raw.scoring);

        Plan {
            version,
            year: year as i32,
            title,
            plan_doc_number,
            authority,
            deadline,
            date_style,
            ledger_categories,
            member_meetings,
            sections,
            units,
            indicators,
            rules,
            scoring,
            source_sha256: hex(&Sha256::digest(text.as_bytes())),
            index: Default::default(),
        }
    }

    fn deadline(&mut self, raw: &Spanned<RawDeadline>, year: i64) -> DeadlineRule {
        let days = *raw.get_ref().days_after_quarter_end.get_ref();
        if !(0..=90).contains(&days) {
            self.report(
                raw.get_ref().days_after_quarter_end.span(),
                ProblemKind::BadDeadline {
                    reason: format!("季度结束后 {days} 天不合理"),
                },
            );
        }
        let mut overrides = BTreeMap::new();
        for (key, value) in &raw.get_ref().overrides {
            let quarter = match key.trim().trim_start_matches(['Q', 'q']).parse::<u8>() {
                Ok(q @ 1..=4) => q,
                _ => {
                    self.report(
                        value.span(),
                        ProblemKind::BadDeadline {
                            reason: format!("“{key}”不是 1–4 的季度"),
                        },
                    );
                    continue;
                }
            };
            match NaiveDate::parse_from_str(value.get_ref().trim(), "%Y-%m-%d") {
                Ok(date) if (i64::from(chrono::Datelike::year(&date)) - year).abs() <= 1 => {
                    overrides.insert(quarter, date);
                }
                _ => self.report(
                    value.span(),
                    ProblemKind::BadDeadline {
                        reason: format!(
                            "第{quarter}季度的截止日期“{}”不是 {year} 年前后的日期（格式 YYYY-MM-DD）",
                            value.get_ref()
                        ),
                    },
                ),
            }
        }
        DeadlineRule {
            days_after_quarter_end: days.clamp(0, 90) as u32,
            overrides,
        }
    }

    fn units(&mut self, raw: Option<&Spanned<Vec<RawUnit>>>) -> Vec<Unit> {
        let Some(raw) = raw.filter(|u| !u.get_ref().is_empty()) else {
            let span = raw.map_or(0..0, |u| u.span());
            self.report(span, ProblemKind::EmptyRoster);
            return Vec::new();
        };
        let raw = raw.get_ref();
        let mut units = Vec::with_capacity(raw.len());
        for r in raw {
            let code = self.text(&r.code, "单位代码 code");
            if !code.is_empty() && !is_valid_code(&code) {
                self.report(
                    r.code.span(),
                    ProblemKind::BadCode {
                        what: "单位代码",
                        code: code.clone(),
                    },
                );
            }
            let name = self.text(&r.name, "单位名称 name");
            let category = self.text(&r.category, "单位类别 category");
            let kind = UnitKind::from_label(r.kind.get_ref().trim()).unwrap_or_else(|| {
                self.report(
                    r.kind.span(),
                    ProblemKind::UnknownUnitKind {
                        unit: code.clone(),
                        kind: r.kind.get_ref().clone(),
                    },
                );
                UnitKind::Branch
            });
            let parent = r
                .parent
                .as_ref()
                .map(|p| p.get_ref().trim().to_string())
                .filter(|p| !p.is_empty());
            units.push(Unit {
                code,
                name,
                category,
                kind,
                parent,
            });
        }
        self.check_unique(
            raw.iter().map(|u| (u.code.get_ref().trim(), u.code.span())),
            "单位代码",
        );
        let mut names: HashMap<&str, usize> = HashMap::new();
        for r in raw {
            let name = r.name.get_ref().trim();
            let line = self.line_of(&r.name.span());
            if let Some(&first_line) = names.get(name) {
                self.report(
                    r.name.span(),
                    ProblemKind::DuplicateUnitName {
                        name: name.to_string(),
                        first_line,
                    },
                );
            } else {
                names.insert(name, line);
            }
        }
        // Parents must exist and the tree must have no cycle.
        let by_code: HashMap<&str, &Unit> = units.iter().map(|u| (u.code.as_str(), u)).collect();
        for (unit, r) in units.iter().zip(raw) {
            let Some(parent) = &unit.parent else { continue };
            let span = r.parent.as_ref().map_or(r.code.span(), |p| p.span());
            if !by_code.contains_key(parent.as_str()) {
                self.report(
                    span,
                    ProblemKind::UnknownParent {
                        unit: unit.code.clone(),
                        parent: parent.clone(),
                    },
                );
                continue;
            }
            let mut current = parent.as_str();
            for _ in 0..=units.len() {
                if current == unit.code {
                    self.report(
                        span,
                        ProblemKind::ParentCycle {
                            unit: unit.code.clone(),
                        },
                    );
                    break;
                }
                match by_code.get(current).and_then(|u| u.parent.as_deref()) {
                    Some(next) => current = next,
                    None => break,
                }
            }
        }
        units
    }

    fn indicators(
        &mut self,
        raw: Option<&Spanned<Vec<RawIndicator>>>,
        sections: &[Section],
        ledger_categories: &[String],
    ) -> Vec<Indicator> {
        let Some(raw) = raw.filter(|i| !i.get_ref().is_empty()) else {
            let span = raw.map_or(0..0, |i| i.span());
            self.report(span, ProblemKind::NoIndicators);
            return Vec::new();
        };
        let raw = raw.get_ref();
        self.check_unique(
            raw.iter().map(|i| (i.code.get_ref().trim(), i.code.span())),
            "指标编码",
        );
        let known: Vec<&str> = raw.iter().map(|i| i.code.get_ref().trim()).collect();
        let mut indicators = Vec::with_capacity(raw.len());
        for r in raw {
            let code = self.text(&r.code, "指标编码 code");
            if !code.is_empty() && !is_valid_code(&code) {
                self.report(
                    r.code.span(),
                    ProblemKind::BadCode {
                        what: "指标编码",
                        code: code.clone(),
                    },
                );
            }
            let name = self.text(&r.name, "指标名称 name");
            let kind = match r.kind.get_ref().trim() {
                "count" => ValueKind::Count,
                "percent" => ValueKind::Percent,
                "decimal" => ValueKind::Decimal,
                "yesno" => ValueKind::YesNo,
                other => {
                    self.report(
                        r.kind.span(),
                        ProblemKind::UnknownValueKind {
                            indicator: code.clone(),
                            kind: other.to_string(),
                        },
                    );
                    ValueKind::Count
                }
            };
            let period = match r.period.get_ref().trim() {
                "quarterly" => Period::Quarterly,
                "annual" => Period::Annual,
                other => {
                    self.report(
                        r.period.span(),
                        ProblemKind::UnknownPeriod {
                            indicator: code.clone(),
                            period: other.to_string(),
                        },
                    );
                    Period::Annual
                }
            };
            let section = r.section.get_ref().trim().to_string();
            if !sections.iter().any(|s| s.code == section) {
                self.report(
                    r.section.span(),
                    ProblemKind::UnknownSection {
                        indicator: code.clone(),
                        section: section.clone(),
                    },
                );
            }
            let ledger = r.ledger.as_ref().and_then(|l| {
                let category = l.get_ref().trim().to_string();
                if category.is_empty() {
                    return None;
                }
                if !ledger_categories.contains(&category) {
                    self.report(
                        l.span(),
                        ProblemKind::UnknownLedgerCategory {
                            indicator: code.clone(),
                            category: category.clone(),
                        },
                    );
                }
                Some(category)
            });
            let weight = match &r.weight {
                None => 0.0,
                Some(w) => {
                    let value = *w.get_ref();
                    if !value.is_finite() || value < 0.0 {
                        self.report(
                            w.span(),
                            ProblemKind::NegativeWeight {
                                indicator: code.clone(),
                                weight: value,
                            },
                        );
                        0.0
                    } else {
                        if value > 0.0 && r.target.is_none() {
                            self.report(
                                w.span(),
                                ProblemKind::WeightWithoutTarget {
                                    indicator: code.clone(),
                                },
                            );
                        }
                        value
                    }
                }
            };
            let target = r
                .target
                .as_ref()
                .and_then(|t| self.target(&code, kind, t, &known));
            indicators.push(Indicator {
                code,
                name,
                measure: r.measure.trim().to_string(),
                kind,
                period,
                section,
                target,
                weight,
                ledger,
                clause: r.clause.trim().to_string(),
            });
        }
        indicators
    }

    fn field(&mut self, value: &Spanned<String>, referenced_by: &str) -> Option<BasicField> {
        match BasicField::from_label(value.get_ref().trim()).filter(|f| f.is_numeric()) {
            Some(field) => Some(field),
            None => {
                self.report(
                    value.span(),
                    ProblemKind::UnknownField {
                        referenced_by: referenced_by.to_string(),
                        field: value.get_ref().clone(),
                    },
                );
                None
            }
        }
    }

    fn indicator_ref(
        &mut self,
        value: &Spanned<String>,
        referenced_by: &str,
        known: &[&str],
    ) -> Option<String> {
        let code = value.get_ref().trim();
        if known.contains(&code) {
            Some(code.to_string())
        } else {
            self.report(
                value.span(),
                ProblemKind::UnknownIndicator {
                    referenced_by: referenced_by.to_string(),
                    code: code.to_string(),
                },
            );
            None
        }
    }

    fn scope(&mut self, value: Option<&Spanned<String>>, what: ProblemKind) -> Option<Scope> {
        match value.map(|s| (s.get_ref().trim(), s.span())) {
            None | Some(("quarter", _)) => Some(Scope::Quarter),
            Some(("year_to_date", _)) => Some(Scope::YearToDate),
            Some((_, span)) => {
                self.report(span, what);
                None
            }
        }
    }

    fn target(
        &mut self,
        code: &str,
        kind: ValueKind,
        raw: &Spanned<RawTarget>,
        known: &[&str],
    ) -> Option<Target> {
        let t = raw.get_ref();
        let referenced_by = format!("指标“{code}”的目标");
        let bad = |reason: &str| ProblemKind::BadTarget {
            indicator: code.to_string(),
            reason: reason.to_string(),
        };
        // Keys that do not belong to this target type are mistakes, not noise.
        let present: Vec<(&str, Range<usize>)> = [
            ("min", t.min.as_ref().map(|v| v.span())),
            ("min_field", t.min_field.as_ref().map(|v| v.span())),
            ("numerator", t.numerator.as_ref().map(|v| v.span())),
            ("denominator", t.denominator.as_ref().map(|v| v.span())),
            (
                "denominator_field",
                t.denominator_field.as_ref().map(|v| v.span()),
            ),
            ("min_percent", t.min_percent.as_ref().map(|v| v.span())),
            ("scope", t.scope.as_ref().map(|v| v.span())),
            ("field", t.field.as_ref().map(|v| v.span())),
            ("indicator", t.indicator.as_ref().map(|v| v.span())),
        ]
        .into_iter()
        .filter_map(|(k, s)| s.map(|s| (k, s)))
        .collect();
        let allowed: &[&str] = match t.kind.get_ref().trim() {
            "every_quarter" => &["min"],
            "annual" => &["min", "min_field"],
            "rate" => &[
                "numerator",
                "denominator",
                "denominator_field",
                "min_percent",
                "scope",
            ],
            "at_most" => &["field", "indicator"],
            "yes_by_q4" => &[],
            other => {
                self.report(
                    t.kind.span(),
                    ProblemKind::UnknownTargetType {
                        indicator: code.to_string(),
                        kind: other.to_string(),
                    },
                );
                return None;
            }
        };
        let mut ok = true;
        for (key, span) in &present {
            if !allowed.contains(key) {
                self.report(
                    span.clone(),
                    bad(&format!(
                        "类型 {} 的目标不使用“{key}”",
                        t.kind.get_ref().trim()
                    )),
                );
                ok = false;
            }
        }
        if kind == ValueKind::YesNo && t.kind.get_ref().trim() != "yes_by_q4" {
            self.report(raw.span(), bad("是/否类指标只能用 yes_by_q4 目标"));
            return None;
        }
        let target = match t.kind.get_ref().trim() {
            "every_quarter" => {
                let Some(min) = &t.min else {
                    self.report(
                        raw.span(),
                        bad("every_quarter 目标需要 min（每季度最少完成数）"),
                    );
                    return None;
                };
                if !min.get_ref().is_finite() || *min.get_ref() < 0.0 {
                    self.report(min.span(), bad("min 不能为负数"));
                    return None;
                }
                Target::EveryQuarterAtLeast {
                    min: *min.get_ref(),
                }
            }
            "annual" => {
                let min = match (&t.min, &t.min_field) {
                    (Some(min), None) if min.get_ref().is_finite() && *min.get_ref() >= 0.0 => {
                        Operand::Number(*min.get_ref())
                    }
                    (Some(min), None) => {
                        self.report(min.span(), bad("min 不能为负数"));
                        return None;
                    }
                    (None, Some(field)) => Operand::Field(self.field(field, &referenced_by)?),
                    _ => {
                        self.report(raw.span(), bad("annual 目标需要 min 或 min_field 二者之一"));
                        return None;
                    }
                };
                Target::AnnualAtLeast { min }
            }
            "rate" => {
                let Some(numerator) = &t.numerator else {
                    self.report(raw.span(), bad("rate 目标需要 numerator（分子指标编码）"));
                    return None;
                };
                let numerator = self.indicator_ref(numerator, &referenced_by, known);
                let denominator = match (&t.denominator, &t.denominator_field) {
                    (Some(d), None) => self
                        .indicator_ref(d, &referenced_by, known)
                        .map(Operand::Indicator),
                    (None, Some(f)) => self.field(f, &referenced_by).map(Operand::Field),
                    _ => {
                        self.report(
                            raw.span(),
                            bad("rate 目标需要 denominator（分母指标）或 denominator_field（分母字段）二者之一"),
                        );
                        None
                    }
                };
                let min_ratio = match &t.min_percent {
                    Some(p) if *p.get_ref() > 0.0 && *p.get_ref() <= 100.0 => {
                        Some(*p.get_ref() / 100.0)
                    }
                    Some(p) => {
                        self.report(p.span(), bad("min_percent 应在 0 到 100 之间，如 95"));
                        None
                    }
                    None => {
                        self.report(
                            raw.span(),
                            bad("rate 目标需要 min_percent（最低百分比，如 95）"),
                        );
                        None
                    }
                };
                let scope = self.scope(
                    t.scope.as_ref(),
                    bad("scope 只能是 quarter（本季度）或 year_to_date（年初至今）"),
                );
                Target::RateAtLeast {
                    numerator: numerator?,
                    denominator: denominator?,
                    min_ratio: min_ratio?,
                    scope: scope?,
                }
            }
            "at_most" => {
                let bound = match (&t.field, &t.indicator) {
                    (Some(f), None) => Operand::Field(self.field(f, &referenced_by)?),
                    (None, Some(i)) if i.get_ref().trim() == code => {
                        self.report(i.span(), bad("指标不能以自身为上限"));
                        return None;
                    }
                    (None, Some(i)) => {
                        Operand::Indicator(self.indicator_ref(i, &referenced_by, known)?)
                    }
                    _ => {
                        self.report(
                            raw.span(),
                            bad("at_most 目标需要 field 或 indicator 二者之一"),
                        );
                        return None;
                    }
                };
                Target::AtMost { bound }
            }
            _ => {
                if kind != ValueKind::YesNo {
                    self.report(raw.span(), bad("yes_by_q4 目标只能用于是/否类指标"));
                    return None;
                }
                Target::YesByFourthQuarter
            }
        };
        ok.then_some(target)
    }

    fn operand(
        &mut self,
        raw: &Spanned<RawOperand>,
        rule: &str,
        known: &[&str],
    ) -> Option<Operand> {
        let o = raw.get_ref();
        let referenced_by = format!("审核规则“{rule}”");
        match (&o.indicator, &o.field, &o.value) {
            (Some(i), None, None) => self
                .indicator_ref(i, &referenced_by, known)
                .map(Operand::Indicator),
            (None, Some(f), None) => self.field(f, &referenced_by).map(Operand::Field),
            (None, None, Some(v)) if v.get_ref().is_finite() => Some(Operand::Number(*v.get_ref())),
            _ => {
                self.report(
                    raw.span(),
                    ProblemKind::BadRule {
                        rule: rule.to_string(),
                        reason: "比较的一方应写成 { indicator = \"A09\" }、{ field = \"党员总数\" } 或 { value = 0 } 三者之一".to_string(),
                    },
                );
                None
            }
        }
    }

    fn rules(&mut self, raw: &[RawRule], indicators: &[Indicator]) -> Vec<CrossRule> {
        self.check_unique(
            raw.iter().map(|r| (r.id.get_ref().trim(), r.id.span())),
            "审核规则编号",
        );
        let known: Vec<&str> = indicators.iter().map(|i| i.code.as_str()).collect();
        let mut rules = Vec::new();
        for r in raw {
            let id = self.text(&r.id, "审核规则编号 id");
            let left = self.operand(&r.left, &id, &known);
            let right = self.operand(&r.right, &id, &known);
            let bad = |reason: &str| ProblemKind::BadRule {
                rule: id.clone(),
                reason: reason.to_string(),
            };
            let comparison = match r.op.get_ref().trim() {
                "<=" | "≤" => Some(Comparison::AtMost),
                ">=" | "≥" => Some(Comparison::AtLeast),
                _ => {
                    self.report(r.op.span(), bad("op 只能是 \"<=\" 或 \">=\""));
                    None
                }
            };
            let scope = self.scope(
                r.scope.as_ref(),
                bad("scope 只能是 quarter（本季度）或 year_to_date（年初至今）"),
            );
            let severity = match r.severity.get_ref().trim() {
                "错误" => Some(Severity::Error),
                "提示" => Some(Severity::Warning),
                _ => {
                    self.report(
                        r.severity.span(),
                        bad("severity 只能是 \"错误\" 或 \"提示\""),
                    );
                    None
                }
            };
            let description = self.text(&r.description, "审核规则说明 description");
            if let (Some(left), Some(right), Some(comparison), Some(scope), Some(severity)) =
                (left, right, comparison, scope, severity)
            {
                rules.push(CrossRule {
                    id,
                    left,
                    comparison,
                    right,
                    scope,
                    severity,
                    description,
                });
            }
        }
        rules
    }

    fn scoring(&mut self, raw: &Spanned<RawScoring>) -> Scoring {
        let bands_raw = &raw.get_ref().bands;
        if bands_raw.is_empty() {
            self.report(
                raw.span(),
                ProblemKind::BadBands {
                    reason: "没有任何档次".to_string(),
                },
            );
        }
        let mut previous = f64::INFINITY;
        let mut bands = Vec::new();
        for band in bands_raw {
            let b = band.get_ref();
            let problem = if b.name.trim().is_empty() {
                Some("档次名称为空".to_string())
            } else if !(0.0..=100.0).contains(&b.min_score) {
                Some(format!(
                    "“{}”的 min_score {} 不在 0–100 之间",
                    b.name, b.min_score
                ))
            } else if b.min_score >= previous {
                Some(format!("“{}”的 min_score 应低于上一档", b.name))
            } else {
                None
            };
            if let Some(reason) = problem {
                self.report(band.span(), ProblemKind::BadBands { reason });
            }
            previous = b.min_score;
            bands.push(Band {
                name: b.name.trim().to_string(),
                min_score: b.min_score,
            });
        }
        if let Some(last) = bands_raw.last() {
            if last.get_ref().min_score != 0.0 {
                self.report(
                    last.span(),
                    ProblemKind::BadBands {
                        reason: "最后一档的 min_score 应为 0，使每个得分都有档次".to_string(),
                    },
                );
            }
        }
        Scoring { bands }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
