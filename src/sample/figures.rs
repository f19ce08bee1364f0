//! Believable figures of one unit for one quarter: a pure function of the
//! seed, the unit and the quarter, consistent with every check rule.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::plan::{BasicField, Operand, Plan, Quarter, Target, Unit, UnitKind, ValueKind};

/// A unit's true figures for a quarter (what the clerk meant to report).
#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub members: u32,
    pub leaders: u32,
    pub branches: u32,
    pub reporter: String,
    pub head: String,
    pub phone: String,
    pub report_date: NaiveDate,
    /// By indicator code; 是/否 as 1/0, percents as 0–100.
    pub values: BTreeMap<String, f64>,
    pub ledger: Vec<Activity>,
}

/// One row of 活动台帐.
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub date: NaiveDate,
    pub category: String,
    pub topic: String,
    pub expected: u32,
    pub attended: u32,
    pub leader: String,
}

/// FNV-1a over the parts: a stable seed per (seed, unit, quarter, purpose).
pub fn derive_seed(seed: u64, parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

const SURNAMES: [&str; 16] = [
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "朱", "马", "胡", "郭",
];
const GIVEN: [&str; 20] = [
    "建国", "海燕", "志强", "丽华", "晓东", "文静", "国庆", "春梅", "伟", "芳", "红军", "秀英",
    "立新", "玉兰", "明", "静", "卫东", "桂芳", "永红", "俊",
];

fn person(rng: &mut fastrand::Rng) -> String {
    format!(
        "{}{}",
        SURNAMES[rng.usize(..SURNAMES.len())],
        GIVEN[rng.usize(..GIVEN.len())]
    )
}

/// Topics per ledger category, as a unit would word them.
fn topic(category: &str, rng: &mut fastrand::Rng) -> String {
    let topics: &[&str] = match category {
        "中心组学习" => &[
            "学习党的十七届五中全会精神",
            "学习医药卫生体制改革文件",
            "专题学习党风廉政建设规定",
        ],
        "党员集中学习" => &[
            "学习《中国共产党党员领导干部廉洁从政若干准则》",
            "学习创先争优活动文件",
            "观看警示教育片",
        ],
        "支部党员大会" => &["讨论发展党员", "通报支部工作", "组织党员公开承诺"],
        "支部委员会" => &[
            "研究季度支部工作",
            "研究党员发展计划",
            "研究创先争优活动安排",
        ],
        "党小组会" => &["交流学习体会", "开展批评与自我批评", "讨论科室服务改进"],
        "党课" => &[
            "书记讲党课：党的光辉历程",
            "党课：医德医风与党性修养",
            "党课：创先争优",
        ],
        "民主生活会" => &["领导班子专题民主生活会"],
        "民主评议党员" => &["年度民主评议党员"],
        "主题活动" => &["庆祝建党90周年知识竞赛", "红歌会", "重温入党誓词"],
        "三基三严培训" => &["三基理论考试", "急救技能培训", "院感防控培训"],
        "志愿服务" => &["社区义诊志愿服务", "导医志愿服务", "无偿献血志愿服务"],
        "义诊健康讲座" => &["下乡义诊", "慢性病防治健康讲座", "健康教育进社区"],
        _ => &[
            "参观革命传统教育基地",
            "党务干部业务培训",
            "走访慰问困难党员",
        ],
    };
    topics[rng.usize(..topics.len())].to_string()
}

/// Categories whose meetings every member is expected to attend.
fn is_member_meeting(category: &str) -> bool {
    matches!(
        category,
        "支部党员大会" | "党员集中学习" | "党课" | "民主评议党员"
    )
}

/// The clean figures of `unit` for `quarter`.
pub fn figures(plan: &Plan, unit: &Unit, quarter: Quarter, seed: u64) -> Figures {
    // Size is stable over the year; the quarter's figures vary.
    let mut size = fastrand::Rng::with_seed(derive_seed(seed, &[&unit.code, "size"]));
    let (members, leaders, branches) = match unit.kind {
        UnitKind::Committee => (size.u32(90..=520), size.u32(6..=12), size.u32(6..=24)),
        UnitKind::GeneralBranch => (size.u32(35..=110), size.u32(4..=8), size.u32(3..=6)),
        UnitKind::Branch => (size.u32(9..=48), size.u32(2..=5), 1),
    };
    let reporter = person(&mut size);
    let head = person(&mut size);
    let phone = if size.bool() {
        format!("0517-8{}", size.u32(3_000_000..=9_999_999))
    } else {
        format!("13{}{}", size.u32(0..=9), size.u32(10_000_000..=99_999_999))
    };

    let q = quarter.to_string();
    let mut rng = fastrand::Rng::with_seed(derive_seed(seed, &[&unit.code, &q]));
    let report_date = quarter.last_day() + chrono::Days::new(rng.u64(1..=9));
    let mut values = BTreeMap::new();
    // First everything that is not a rate or a bound, then those that depend on others.
    for indicator in &plan.indicators {
        let value = match (&indicator.kind, &indicator.target) {
            (ValueKind::Percent, _) => f64::from(rng.u32(880..=999)) / 10.0,
            (ValueKind::Decimal, _) => f64::from(rng.u32(50..=3000)) / 100.0,
            (ValueKind::YesNo, _) => {
                let yes = rng.u32(0..4) < u32::from(quarter.number());
                f64::from(u8::from(yes))
            }
            (_, Some(Target::EveryQuarterAtLeast { min })) => {
                let min = *min as u32;
                // One in ten misses the quarter's minimum.
                if min > 0 && rng.u32(0..10) == 0 {
                    f64::from(min - 1)
                } else {
                    f64::from(min + rng.u32(0..=1))
                }
            }
            (
                _,
                Some(Target::AnnualAtLeast {
                    min: Operand::Number(n),
                }),
            ) => {
                let per_quarter = (*n / 4.0).ceil() as u32;
                f64::from(rng.u32(per_quarter.saturating_sub(1)..=per_quarter + 1))
            }
            (
                _,
                Some(Target::AnnualAtLeast {
                    min: Operand::Field(_),
                }),
            ) => f64::from(rng.u32(0..=leaders.div_ceil(2))),
            (_, Some(_)) => continue,
            // Without a target, the unit of measure says what is plausible.
            (_, None) => f64::from(match indicator.measure.as_str() {
                "人次" => rng.u32(members / 2..=members * 2),
                "条" | "件" => rng.u32(0..=15),
                "人" | "项" | "篇" => rng.u32(0..=3),
                "个" => rng.u32(0..=2),
                _ => rng.u32(0..=4),
            }),
        };
        values.insert(indicator.code.clone(), value);
    }
    let field = |f: BasicField| -> f64 {
        f64::from(match f {
            BasicField::LeaderCount => leaders,
            BasicField::BranchCount => branches,
            _ => members,
        })
    };
    for indicator in &plan.indicators {
        let value = match &indicator.target {
            Some(Target::RateAtLeast {
                denominator,
                min_ratio,
                ..
            }) => {
                let base = match denominator {
                    Operand::Field(f) => field(*f),
                    Operand::Indicator(code) => values.get(code).copied().unwrap_or(0.0),
                    Operand::Number(n) => *n,
                };
                // Mostly at or above the required rate, sometimes a little under.
                let ratio = if rng.u32(0..8) == 0 {
                    min_ratio - 0.05
                } else {
                    min_ratio + (1.0 - min_ratio) * rng.f64()
                };
                (base * ratio.clamp(0.0, 1.0)).floor()
            }
            Some(Target::AtMost { bound }) => {
                let bound = match bound {
                    Operand::Field(f) => field(*f),
                    Operand::Indicator(code) => values.get(code).copied().unwrap_or(0.0),
                    Operand::Number(n) => *n,
                };
                (bound * rng.f64()).floor()
            }
            _ => continue,
        };
        values.insert(indicator.code.clone(), value);
    }
    let ledger = ledger_for(plan, quarter, members, &values, &mut rng);
    Figures {
        members,
        leaders,
        branches,
        reporter,
        head,
        phone,
        report_date,
        values,
        ledger,
    }
}

/// One activity per counted event of every ledger-backed indicator, in date order.
pub fn ledger_for(
    plan: &Plan,
    quarter: Quarter,
    members: u32,
    values: &BTreeMap<String, f64>,
    rng: &mut fastrand::Rng,
) -> Vec<Activity> {
    let mut ledger = Vec::new();
    for indicator in &plan.indicators {
        let Some(category) = &indicator.ledger else {
            continue;
        };
        let count = values.get(&indicator.code).copied().unwrap_or(0.0) as u32;
        for _ in 0..count {
            ledger.push(activity(quarter, category, members, rng));
        }
    }
    ledger.sort_by(|a, b| {
        a.date
            .cmp(&b.date)
            .then_with(|| a.category.cmp(&b.category))
    });
    ledger
}

/// An activity of `category` on a day of the quarter.
pub fn activity(
    quarter: Quarter,
    category: &str,
    members: u32,
    rng: &mut fastrand::Rng,
) -> Activity {
    let days = (quarter.last_day() - quarter.first_day()).num_days() as u64;
    let date = quarter.first_day() + chrono::Days::new(rng.u64(0..=days));
    let expected = if is_member_meeting(category) {
        members
    } else {
        rng.u32(5..=members.clamp(5, 40))
    };
    let attended = expected - rng.u32(0..=expected / 8);
    Activity {
        date,
        category: category.to_string(),
        topic: topic(category, rng),
        expected,
        attended,
        leader: person(rng),
    }
}
