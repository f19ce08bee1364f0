//! `huizong annual`: the year over the quarters' inboxes (收件箱/2011Q1 …
//! 2011Q4): scores per quarter and for the year, bands, ranks and the units
//! proposed for commendation, into 年度汇总表.xlsx.

use std::io::Write;
use std::path::PathBuf;

use chrono::NaiveDate;

use super::stages::{check_quarter, parse_date, stderr_is_terminal, QuarterCheck};
use super::{CliError, Outcome};
use crate::aggregate::{
    aggregate_owned, annual_summary, into_accepted_records, values_of, QuarterOfYear,
};
use crate::check::QuarterValues;
use crate::plan::{format_number, Quarter};

pub const ANNUAL_FILE: &str = "年度汇总表.xlsx";

#[derive(Debug, clap::Args)]
#[command(
    help_template = "{about}\n\n用法：{usage}\n\n{all-args}{after-help}",
    next_help_heading = "选项",
    override_usage = "huizong annual <收件箱> --out <文件夹> [--plan <计划文件>] [--as-of <日期>] [--doc-no <序号>] [--date <日期>]",
    after_help = "示例：huizong annual 收件箱 --out 成果/2011年度 --as-of 2012-01-20\n\n<收件箱> 下应有以季度命名的文件夹（2011Q1、2011Q2、2011Q3、2011Q4），缺少的季度不计入并在结果中注明。"
)]
pub struct AnnualArgs {
    /// 各季度收件箱的上一级文件夹
    #[arg(value_name = "收件箱")]
    pub root: PathBuf,
    /// 结果输出文件夹（不存在时自动创建）
    #[arg(long = "out", value_name = "文件夹")]
    pub out: PathBuf,
    /// 以这一天为“今天”（报表日期、逾期判断），如 2012-01-20；默认为今天
    #[arg(long = "as-of", value_name = "日期", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    #[command(flatten)]
    pub docs: super::args::DocArgs,
    #[command(flatten)]
    pub plan: super::args::PlanArg,
}

pub fn run(args: AnnualArgs, out: &mut dyn Write) -> Result<Outcome, CliError> {
    let plan = args.plan.load()?;
    if !args.root.is_dir() {
        return Err(crate::inbox::InboxError::NotFound(args.root.clone()).into());
    }
    let as_of = args
        .as_of
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut quarters: Vec<QuarterOfYear> = Vec::new();
    let mut errors = 0usize;
    // Each quarter's files are read once: what a later quarter needs of an
    // earlier one (its accepted values) is kept from when it was checked.
    // (Reading Q1 again for Q2, Q3 and Q4 made a province's year take 48 s
    // and 560 MB at 10,000 units.)
    let mut earlier: Vec<QuarterValues> = Vec::new();
    let limits = crate::ingest::Limits::default();
    let found: Vec<(Quarter, PathBuf)> = (1..=4u8)
        .filter_map(|number| Quarter::new(plan.year, number))
        .map(|quarter| (quarter, args.root.join(quarter.to_string())))
        .filter(|(_, dir)| dir.is_dir())
        .collect();
    for (i, (quarter, dir)) in found.iter().enumerate() {
        let quarter = *quarter;
        super::args::check_quarter_in_plan(&plan, quarter)?;
        let earlier_values: Vec<&QuarterValues> = earlier.iter().collect();
        let label = format!("审核{}", quarter.chinese_label());
        let (results, _, report) = check_quarter(
            &plan,
            quarter,
            dir,
            &earlier_values,
            as_of,
            QuarterCheck {
                limits: &limits,
                hashing: crate::inbox::Hashing::Skip,
                progress: stderr_is_terminal(),
                label: &label,
            },
        )?;
        errors += report
            .diagnostics
            .iter()
            .filter(|d| d.severity == crate::plan::Severity::Error)
            .count();
        let current = into_accepted_records(results);
        // What the later quarters need of this one (none follows the last).
        let values = (i + 1 < found.len()).then(|| values_of(&current));
        let aggregates = aggregate_owned(&plan, quarter, &report, current, &earlier);
        earlier.extend(values);
        // Of the quarter's aggregates, the year keeps its totals and scores.
        quarters.push(aggregates.into());
    }
    if quarters.is_empty() {
        return Err(CliError::Usage(format!(
            "“{}”下没有 {}Q1–{}Q4 的季度文件夹：请把各季度报回的报表分别放在 {}Q1、{}Q2 等文件夹中",
            args.root.display(),
            plan.year,
            plan.year,
            plan.year,
            plan.year
        )));
    }
    let year = annual_summary(&plan, &quarters);
    let bytes = crate::render::summary::write_annual(&plan, &year, &quarters, as_of)?;
    let templates = super::args::doc_templates(args.docs.notice.doc_templates.as_deref())?;
    let doc_date = args.docs.notice.date.unwrap_or(as_of);
    let report = crate::render::gongwen::annual_report(
        &plan,
        &year,
        &quarters,
        args.docs.doc_no,
        doc_date,
        &templates,
    )?;
    let docx = crate::render::gongwen::render_docx(&report)?;
    super::args::ensure_dir(&args.out)?;
    let path = args.out.join(ANNUAL_FILE);
    crate::output::write_atomic(&path, &bytes)?;
    let doc_path = args
        .out
        .join(crate::render::gongwen::annual_file_name(&plan, plan.year));
    crate::output::write_atomic(&doc_path, &docx)?;

    let io = |e: std::io::Error| CliError::Usage(format!("无法输出：{}", crate::io_reason(&e)));
    let found: Vec<String> = year
        .quarters
        .iter()
        .filter_map(|q| Quarter::new(plan.year, *q).map(|q| q.chinese_name().to_string()))
        .collect();
    writeln!(out, "{}年度汇总：已汇总{}。", plan.year, found.join("、")).map_err(io)?;
    let scored = year.units.iter().filter(|u| u.score.is_some()).count();
    writeln!(
        out,
        "评分单位 {scored} 个；建议表彰 {} 个：",
        year.candidates.len()
    )
    .map_err(io)?;
    for code in &year.candidates {
        let unit = year.units.iter().find(|u| &u.unit_code == code);
        let name = plan.unit(code).map(|u| u.name.as_str()).unwrap_or("");
        if let Some(unit) = unit {
            writeln!(
                out,
                "  {code} {name}  年度得分 {}（第 {} 名）",
                format_number(unit.score.unwrap_or(0.0)),
                unit.rank
            )
            .map_err(io)?;
        }
    }
    if year.quarters.len() < 4 {
        writeln!(
            out,
            "注意：不是四个季度都有报表，年度得分只按已有季度计算。"
        )
        .map_err(io)?;
    }
    writeln!(out, "年度汇总表：{}", path.display()).map_err(io)?;
    writeln!(out, "年度总结：{}", doc_path.display()).map_err(io)?;
    Ok(if errors > 0 {
        Outcome::ProblemsFound
    } else {
        Outcome::Clean
    })
}
