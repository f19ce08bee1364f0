//! The shipped documents opened by real clients: LibreOffice renders them to
//! PDF (page count, text per page, the 版记 on the last lines of the last
//! page), python-docx reads them as an independent .docx reader.
//!
//! Needs soffice, pdfinfo, pdftotext and python3 with python-docx (`.ci/run`
//! installs them). Without them the test fails when `CI` is set and is
//! skipped with a note otherwise.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use common::*;
use huizong::plan::{default_plan, DateStyle, Quarter};
use huizong::render::gongwen::{
    self, page_count, render_docx, Attachment, Block, Colophon, DocNumber, Document, Head,
    ReturnProblem, Table, Templates,
};

/// Pages of the annual summary of the Q1 sample alone.
const ANNUAL_PAGES: usize = 8;

/// The substitutes for the GB/T 9704 fonts (a copy of
/// /work/shared/spec/render-fonts.conf, used when that file is not beside
/// the repository).
const RENDER_FONTS_CONF: &str = r#"<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern"><test name="family"><string>仿宋_GB2312</string></test><edit name="family" mode="assign" binding="strong"><string>AR PL UMing CN</string></edit></match>
  <match target="pattern"><test name="family"><string>仿宋</string></test><edit name="family" mode="assign" binding="strong"><string>AR PL UMing CN</string></edit></match>
  <match target="pattern"><test name="family"><string>楷体_GB2312</string></test><edit name="family" mode="assign" binding="strong"><string>AR PL UKai CN</string></edit></match>
  <match target="pattern"><test name="family"><string>楷体</string></test><edit name="family" mode="assign" binding="strong"><string>AR PL UKai CN</string></edit></match>
  <match target="pattern"><test name="family"><string>黑体</string></test><edit name="family" mode="assign" binding="strong"><string>Noto Sans CJK SC</string></edit></match>
  <match target="pattern"><test name="family"><string>宋体</string></test><edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string></edit></match>
  <match target="pattern"><test name="family"><string>方正小标宋简体</string></test><edit name="family" mode="assign" binding="strong"><string>Noto Serif CJK SC</string></edit><edit name="weight" mode="assign" binding="strong"><const>bold</const></edit></match>
</fontconfig>
"#;

fn tool_ok(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// A python interpreter that can `import docx`.
fn python_with_docx() -> Option<String> {
    let mut candidates = Vec::new();
    if let Ok(p) = std::env::var("HUIZONG_PYTHON") {
        candidates.push(p);
    }
    candidates.extend(["python3", "/usr/bin/python3", "python"].map(String::from));
    candidates
        .into_iter()
        .find(|p| tool_ok(p, &["-c", "import docx"]))
}

/// The clients, or why they are missing (fails under CI, skips otherwise).
fn clients() -> Option<String> {
    let mut missing = Vec::new();
    if !tool_ok("soffice", &["--version"]) {
        missing.push("soffice (apt-get install libreoffice-writer)");
    }
    if !tool_ok("pdfinfo", &["-v"]) || !tool_ok("pdftotext", &["-v"]) {
        missing.push("pdfinfo/pdftotext (apt-get install poppler-utils)");
    }
    let python = python_with_docx();
    if python.is_none() {
        missing.push("python-docx (apt-get install python3-docx 或 pip install python-docx)");
    }
    if missing.is_empty() {
        return python;
    }
    let message = format!(
        "real-client test needs: {}. Run .ci/run or install them.",
        missing.join("; ")
    );
    if std::env::var_os("CI").is_some() {
        panic!("{message}");
    }
    eprintln!("SKIPPED gongwen_client: {message}");
    None
}

fn fonts_conf(dir: &Path) -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/render-fonts.conf");
    if shared.is_file() {
        return shared;
    }
    let path = dir.join("render-fonts.conf");
    std::fs::write(&path, RENDER_FONTS_CONF).unwrap();
    path
}

/// Converts the .docx files to PDF in one LibreOffice run.
fn to_pdf(dir: &Path, files: &[PathBuf]) {
    let profile = dir.join("lo-profile");
    let output = Command::new("soffice")
        .env("FONTCONFIG_FILE", fonts_conf(dir))
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir)
        .args(files)
        .output()
        .expect("soffice runs");
    for file in files {
        let pdf = file.with_extension("pdf");
        // soffice exits 0 even when it could not load a file.
        assert!(
            pdf.is_file(),
            "LibreOffice wrote no PDF for {}:\n{}\n{}",
            file.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

fn pages(pdf: &Path) -> usize {
    let out = Command::new("pdfinfo").arg(pdf).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo prints Pages")
}

/// The text of one page with all white space removed (pdftotext puts
/// spaces between Chinese and digits and breaks title lines).
fn page_text(pdf: &Path, page: usize) -> String {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-layout", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// Bottom (pt from the top of the page) of the lowest word containing
/// `needle` on a page, from `pdftotext -bbox`.
fn word_bottom(pdf: &Path, page: usize, needle: &str) -> Option<f64> {
    let n = page.to_string();
    let out = Command::new("pdftotext")
        .args(["-bbox", "-f", &n, "-l", &n])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let html = String::from_utf8_lossy(&out.stdout).into_owned();
    html.lines()
        .filter(|l| l.contains("<word") && l.contains(needle))
        .filter_map(|l| {
            let at = l.find("yMax=\"")? + 6;
            l[at..].split('"').next()?.parse::<f64>().ok()
        })
        .fold(None, |acc: Option<f64>, y| {
            Some(acc.map_or(y, |a| a.max(y)))
        })
}

/// Paragraph texts (body and table cells) and the core title, as
/// python-docx reads them.
fn python_docx_texts(python: &str, file: &Path) -> (Vec<String>, String) {
    let script = r#"
import sys, docx
d = docx.Document(sys.argv[1])
out = [p.text for p in d.paragraphs]
for t in d.tables:
    for row in t.rows:
        for cell in row.cells:
            out.append("CELL:" + cell.text)
out.append("TITLE:" + (d.core_properties.title or ""))
sys.stdout.write("\n".join(out))
"#;
    let out = Command::new(python)
        .args(["-c", script])
        .arg(file)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "python-docx could not open {}: {}",
        file.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let title = lines
        .pop()
        .and_then(|l| l.strip_prefix("TITLE:").map(str::to_string))
        .unwrap_or_default();
    (lines, title)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Bottom of the text block in points: 297 mm − 35 mm bottom margin.
const TEXT_BOTTOM: f64 = (16838.0 - 1984.0) / 20.0;
/// One line of the grid in points.
const LINE_PT: f64 = 579.0 / 20.0;

/// The engine beyond the shipped documents: 份号 and 紧急程度 lines, a
/// table over several pages, two attachments, 附注, older date style,
/// control characters in the input.
fn engine_sample() -> Document {
    let mut head = Head::new("中共淮安市卫生局委员会文件");
    head.number = Some(DocNumber {
        prefix: "淮卫党".into(),
        year: 2011,
        number: Some(30),
    });
    head.copy_number = Some("000123".into());
    head.urgency = Some("加急".into());
    let mut table = Table::new(["序号", "单位名称", "得分", "档次"]);
    for i in 1..=40 {
        table.push_row([
            i.to_string(),
            format!("市第{i}人民医院党委\u{B}"),
            format!("{}.5", 50 + i),
            if i > 30 { "优秀" } else { "良好" }.to_string(),
        ]);
    }
    let mut body = Block::from_text(
        "一、基本情况\n（一）报送情况。全市40个单位全部按时报送。\n1.审核\n（1）复核\n各单位要认真\u{1}对照检查，及时整改。",
    );
    body.push(Block::Table(table));
    body.push(Block::paragraph("以上得分为第一季度得分。"));
    Document {
        head,
        title: "关于2011年第一季度党建工作考核情况的通报".into(),
        addressee: Some("各直属单位党委（党总支、党支部）".into()),
        body,
        signature: Some("中共淮安市卫生局委员会".into()),
        date: NaiveDate::from_ymd_opt(2011, 4, 22).unwrap(),
        date_style: DateStyle::ChineseNumerals,
        note: Some("此件发至各直属单位".into()),
        attachments: vec![
            Attachment {
                title: "考核细则".into(),
                body: Block::from_text("一、细则\n正文"),
            },
            Attachment {
                title: "联系人名单".into(),
                body: vec![Block::paragraph("略")],
            },
        ],
        colophon: Colophon {
            copy_to: vec!["市委组织部".into(), "市直机关工委".into()],
            printer: "中共淮安市卫生局委员会办公室".into(),
            print_date: NaiveDate::from_ymd_opt(2011, 4, 22).unwrap(),
        },
        creator: "中共淮安市卫生局委员会".into(),
    }
}

struct Case {
    file: PathBuf,
    doc: Document,
    pages: usize,
    number: &'static str,
    printer_line: &'static str,
    expect_paragraphs: Vec<&'static str>,
    expect_cells: Vec<&'static str>,
}

#[test]
fn shipped_documents_render_in_libreoffice_and_python_docx() {
    let Some(python) = clients() else {
        return;
    };
    let dir = temp_dir("gongwen-client");
    let plan = default_plan().unwrap();
    let date = NaiveDate::from_ymd_opt(2011, 4, 22).unwrap();
    let templates = Templates::embedded();

    // The plan notice through the binary, as a clerk makes it.
    let (code, out, err) = huizong(&[
        "plan",
        "--notice",
        "--out",
        dir.to_str().unwrap(),
        "--doc-no",
        "22",
        "--date",
        "2011-04-22",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let notice_file = dir.join("印发《2011年市直卫生系统党的工作意见》的通知.docx");
    assert!(notice_file.is_file(), "{out}");
    let notice = gongwen::plan_notice(&plan, Some(22), date, &templates).unwrap();
    assert_eq!(
        std::fs::read(&notice_file).unwrap(),
        render_docx(&notice).unwrap()
    );

    let q1 = Quarter::new(2011, 1).unwrap();
    let units: Vec<(String, String)> = plan
        .units
        .iter()
        .step_by(4)
        .map(|u| (u.code.clone(), u.name.clone()))
        .collect();
    let due = NaiveDate::from_ymd_opt(2011, 4, 15).unwrap();
    let reminded = NaiveDate::from_ymd_opt(2011, 4, 12).unwrap();
    let reminder =
        gongwen::reminder_notice(&plan, q1, &units, due, reminded, Some(5), &templates).unwrap();
    let reminder_file = dir.join("催报通知.docx");
    std::fs::write(&reminder_file, render_docx(&reminder).unwrap()).unwrap();

    let problems = vec![
        ReturnProblem {
            location: "指标完成情况!E11".into(),
            message: "“党课”本季度完成数应为整数，填的是“三次”".into(),
            hint: "改为阿拉伯数字，如 3".into(),
        },
        ReturnProblem {
            location: "活动台帐!B7".into(),
            message: "活动日期 2011-04-02 不在第一季度内".into(),
            hint: "只填第一季度（1月1日至3月31日）的活动，或改正日期".into(),
        },
        ReturnProblem {
            location: "基本情况!B9".into(),
            message: "联系电话“0517-8391”位数不对".into(),
            hint: "填写7到8位的固定电话（可带区号）或11位手机号".into(),
        },
    ];
    let returned =
        gongwen::return_notice(&plan, q1, "市中医院党委", &problems, date, &templates).unwrap();
    let return_file = dir.join("退回通知.docx");
    std::fs::write(&return_file, render_docx(&returned).unwrap()).unwrap();

    let mut cases = vec![
        Case {
            file: notice_file,
            pages: 7,
            number: "淮卫党〔2011〕22号",
            printer_line: "中共淮安市卫生局委员会办公室2011年4月22日印发",
            expect_paragraphs: vec![
                "中共淮安市卫生局委员会文件",
                "淮卫党〔2011〕22号",
                "各直属单位党委（党总支、党支部）：",
                "附件：2011年市直卫生系统党的工作意见",
                "中共淮安市卫生局委员会",
                "2011年4月22日",
                "附件",
                "2011年市直卫生系统党的工作意见",
                "一、思想建设和组织建设",
            ],
            expect_cells: vec![
                "序号",
                "考核目标",
                "党委中心组集中学习",
                "抄送：市委组织部，市直机关工委。",
            ],
            doc: notice,
        },
        Case {
            file: reminder_file,
            pages: 2,
            number: "淮卫党办〔2011〕5号",
            printer_line: "中共淮安市卫生局委员会办公室2011年4月12日印发",
            expect_paragraphs: vec![
                "中共淮安市卫生局委员会办公室",
                "各有关单位党组织：",
                "2011年第一季度报表未报送单位名单",
            ],
            expect_cells: vec!["单位代码", "0101", "市第一人民医院党委"],
            doc: reminder,
        },
        Case {
            file: return_file,
            pages: 2,
            number: "",
            printer_line: "中共淮安市卫生局委员会办公室2011年4月22日印发",
            expect_paragraphs: vec!["市中医院党委："],
            expect_cells: vec![
                "位置",
                "修改方法",
                "指标完成情况!E11",
                "改为阿拉伯数字，如 3",
            ],
            doc: returned,
        },
    ];

    // The quarterly bulletin through the binary, and the same from the library.
    let out = dir.join("成果");
    let inbox = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join("2011Q1");
    let (code, stdout, stderr) = huizong(&[
        "run",
        inbox.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--as-of",
        "2011-04-20",
        "--doc-no",
        "35",
    ]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    let bulletin_file = dir.join("通报.docx");
    std::fs::copy(
        out.join("关于2011年第一季度市直卫生系统党建工作情况的通报.docx"),
        &bulletin_file,
    )
    .unwrap();
    let (bulletin, aggregates) = {
        use huizong::aggregate::{accepted_records, aggregate};
        let results = checked_results(&plan, q1, &inbox);
        let as_of = NaiveDate::from_ymd_opt(2011, 4, 20).unwrap();
        let report = huizong::check::check_inbox(&plan, q1, &results, &[], as_of);
        let aggregates = aggregate(&plan, q1, &report, &accepted_records(&results), &[]);
        let doc =
            gongwen::bulletin(&plan, &aggregates, &report, Some(35), as_of, &templates).unwrap();
        (doc, aggregates)
    };
    // The annual summary over the one quarter at hand.
    let quarters = [huizong::aggregate::QuarterOfYear::from(aggregates)];
    let year = huizong::aggregate::annual_summary(&plan, &quarters);
    let annual_date = NaiveDate::from_ymd_opt(2012, 1, 20).unwrap();
    let annual =
        gongwen::annual_report(&plan, &year, &quarters, Some(3), annual_date, &templates).unwrap();
    let annual_file = dir.join("年度总结.docx");
    std::fs::write(&annual_file, render_docx(&annual).unwrap()).unwrap();
    cases.push(Case {
        file: annual_file,
        pages: ANNUAL_PAGES,
        number: "淮卫党〔2012〕3号",
        printer_line: "中共淮安市卫生局委员会办公室2012年1月20日印发",
        expect_paragraphs: vec![
            "一、全年工作情况",
            "本年度共汇总1个季度的报表（第二季度、第三季度、第四季度的报表未汇总）。名册内40个单位中，30个单位参加了考核评分，其中0个单位四个季度均按要求报送并审核通过。",
            "二、考核结果",
            "附件：2011年度各单位党建目标考核得分汇总表",
        ],
        expect_cells: vec!["年度得分", "市第一人民医院党委", "未评分"],
        doc: annual,
    });
    assert_eq!(
        std::fs::read(&bulletin_file).unwrap(),
        render_docx(&bulletin).unwrap()
    );
    cases.push(Case {
        file: bulletin_file,
        pages: 9,
        number: "淮卫党〔2011〕35号",
        printer_line: "中共淮安市卫生局委员会办公室2011年4月20日印发",
        expect_paragraphs: vec![
            "各直属单位党委（党总支、党支部）：",
            "一、总体情况",
            "名册内40个单位中，30个单位的报表审核通过并计入汇总，其中按时报送29个，按时报送率72.5%；逾期报送1个；报表有错误被退回8个；截至发文时仍未报送2个。",
            "二、主要成效",
            "三、存在问题",
            "（一）报表报送不够及时规范",
            "截至发文时，市第二人民医院外科党支部、市卫生局机关第三党支部仍未报送2011年第一季度报表。",
            "四、下一步要求",
            "附件：2011年第一季度各单位目标完成和考核得分情况表",
            "2011年4月20日",
        ],
        expect_cells: vec!["名次", "达标项/考核项", "市第一人民医院党委", "87", "未报未评分"],
        doc: bulletin,
    });

    let sample = engine_sample();
    let sample_file = dir.join("引擎样例.docx");
    std::fs::write(&sample_file, render_docx(&sample).unwrap()).unwrap();
    cases.push(Case {
        file: sample_file,
        pages: 6,
        number: "淮卫党〔2011〕30号",
        printer_line: "中共淮安市卫生局委员会办公室二〇一一年四月二十二日印发",
        expect_paragraphs: vec![
            "000123",
            "加急",
            "附件：1．考核细则",
            "2．联系人名单",
            "二〇一一年四月二十二日",
            "（此件发至各直属单位）",
            "附件1",
            "附件2",
            "各单位要认真对照检查，及时整改。",
        ],
        expect_cells: vec!["档次", "市第40人民医院党委", "90.5"],
        doc: sample,
    });

    let files: Vec<PathBuf> = cases.iter().map(|c| c.file.clone()).collect();
    to_pdf(&dir, &files);
    // HUIZONG_KEEP_DOCS=folder keeps the documents and PDFs for a look.
    if let Ok(keep) = std::env::var("HUIZONG_KEEP_DOCS") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_file() {
                std::fs::copy(&path, keep.join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    for case in &cases {
        let name = case
            .file
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let pdf = case.file.with_extension("pdf");
        let n = pages(&pdf);
        assert_eq!(n, case.pages, "{name}: pages in LibreOffice");
        assert_eq!(
            page_count(&case.doc).unwrap(),
            n,
            "{name}: the renderer's own page count"
        );
        let first = page_text(&pdf, 1);
        let title = squeeze(&case.doc.title);
        assert!(first.contains(&title), "{name}: title on page 1:\n{first}");
        assert!(first.contains(case.number), "{name}: number on page 1");
        assert!(first.contains("—1—"), "{name}: page number on page 1");
        if n > 1 {
            assert!(page_text(&pdf, 2).contains("—2—"), "{name}: page 2 number");
        }
        let last = page_text(&pdf, n);
        assert!(
            last.contains(case.printer_line),
            "{name}: 印发 line on the last page:\n{last}"
        );
        // The 版记 sits on the last line of the text block.
        let bottom = word_bottom(&pdf, n, "印发").expect("印发 word");
        assert!(
            bottom > TEXT_BOTTOM - LINE_PT && bottom <= TEXT_BOTTOM + 2.0,
            "{name}: 印发 line ends at {bottom} pt, the text block at {TEXT_BOTTOM} pt"
        );

        let (texts, core_title) = python_docx_texts(&python, &case.file);
        assert_eq!(
            core_title,
            case.doc.title.replace('\n', ""),
            "{name}: dc:title"
        );
        for expected in &case.expect_paragraphs {
            assert!(
                texts.iter().any(|t| t == expected),
                "{name}: python-docx paragraph “{expected}” in {texts:?}"
            );
        }
        for expected in &case.expect_cells {
            assert!(
                texts.iter().any(|t| t == &format!("CELL:{expected}")),
                "{name}: python-docx cell “{expected}” in {texts:?}"
            );
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}
