//! The document engine's .docx read back as XML: page geometry, fonts and
//! sizes per element, the red mark and rule, 发文字号, page-number footers,
//! sanitised text, repeated table headers, properties, determinism; and the
//! `plan --notice` command with its options and template errors.

mod common;

use chrono::NaiveDate;
use common::*;
use huizong::plan::{default_plan, DateStyle};
use huizong::render::gongwen::{
    self, render_docx, Attachment, Block, Colophon, DocNumber, Document, Head, Table, Templates,
};

fn date() -> NaiveDate {
    NaiveDate::from_ymd_opt(2011, 4, 22).unwrap()
}

/// A document using every part of the model, with hostile text.
fn sample() -> Document {
    let mut head = Head::new("中共淮安市卫生局委员会文件");
    head.number = Some(DocNumber {
        prefix: "淮卫党".into(),
        year: 2011,
        number: Some(22),
    });
    head.copy_number = Some("000123".into());
    head.urgency = Some("加急".into());
    let mut table = Table::new(["序号", "单位\u{1}名称", "得分"]);
    for i in 1..=30 {
        table.push_row([
            i.to_string(),
            format!("单位{i}\u{B}"),
            format!("{}", 60 + i),
        ]);
    }
    Document {
        head,
        title: "关于印发《2011年市直卫生系统党的工作意见》的通知".into(),
        addressee: Some("各直属单位党委（党总支、党支部）".into()),
        body: vec![
            Block::heading(1, "一、总体要求"),
            Block::heading(2, "（一）加强学习。全年集中学习6次以上。"),
            Block::heading(3, "1.按时报送"),
            Block::heading(4, "（1）逐项填写"),
            Block::paragraph("第一段\u{1}控制\u{B}字符\n第二段\t有制表符"),
            Block::Table(table),
        ],
        signature: Some("中共淮安市卫生局委员会".into()),
        date: date(),
        date_style: DateStyle::ChineseNumerals,
        note: Some("此件发至各直属单位".into()),
        attachments: vec![
            Attachment {
                title: "附件甲".into(),
                body: Block::from_text("一、甲\n正文"),
            },
            Attachment {
                title: "附件乙".into(),
                body: vec![Block::paragraph("乙的正文")],
            },
        ],
        colophon: Colophon {
            copy_to: vec!["市委组织部".into(), "市直机关工委\u{C}".into()],
            printer: "中共淮安市卫生局委员会办公室".into(),
            print_date: date(),
        },
        creator: "中共淮安市卫生局委员会".into(),
    }
}

fn document_xml(bytes: &[u8]) -> String {
    part(bytes, "word/document.xml")
}

/// The `<w:p …>…</w:p>` element whose text contains `text`.
fn paragraph<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml
        .find(&format!(">{text}<"))
        .or_else(|| xml.find(text))
        .unwrap_or_else(|| panic!("“{text}” not in the document"));
    let start = xml[..at].rfind("<w:p ").expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end") + "</w:p>".len();
    &xml[start..end]
}

/// The `<w:r>` whose text is exactly `text`.
fn run<'a>(xml: &'a str, text: &str) -> &'a str {
    let at = xml
        .find(&format!(">{text}</w:t>"))
        .unwrap_or_else(|| panic!("run “{text}” not in the document"));
    let start = xml[..at].rfind("<w:r>").expect("run start");
    &xml[start..at]
}

fn east_asia(font: &str) -> String {
    format!("w:eastAsia=\"{font}\"")
}

#[test]
fn page_geometry_and_grid() {
    let xml = document_xml(&render_docx(&sample()).unwrap());
    assert!(xml.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\" />"));
    assert!(xml.contains(
        "<w:pgMar w:top=\"2098\" w:right=\"1475\" w:bottom=\"1984\" w:left=\"1587\" w:header=\"851\" w:footer=\"1446\" w:gutter=\"0\" />"
    ));
    assert!(xml.contains("<w:docGrid w:type=\"lines\" w:linePitch=\"579\" />"));
    // One section: the only sectPr is the body's.
    assert_eq!(xml.matches("<w:sectPr>").count(), 1);
}

#[test]
fn fonts_and_sizes_per_element() {
    let bytes = render_docx(&sample()).unwrap();
    let xml = document_xml(&bytes);

    // 发文机关标志: red 方正小标宋简体, centred, 初号 narrowed to the block.
    let mark = paragraph(&xml, "中共淮安市卫生局委员会文件");
    assert!(mark.contains("<w:jc w:val=\"center\" />"), "{mark}");
    assert!(mark.contains("<w:color w:val=\"FF0000\" />"), "{mark}");
    assert!(mark.contains(&east_asia("方正小标宋简体")));
    assert!(mark.contains("<w:sz w:val=\"84\" />"));
    assert!(mark.contains("<w:w w:val=\"80\" />"), "{mark}");

    // 发文字号 in 仿宋 3号, centred, with the red rule under it.
    let number = paragraph(&xml, "淮卫党〔2011〕22号");
    assert!(number.contains("<w:jc w:val=\"center\" />"));
    assert!(number.contains(&east_asia("仿宋_GB2312")));
    assert!(number.contains("<w:sz w:val=\"32\" />"));
    assert!(
        number.contains("<w:pBdr><w:bottom w:val=\"single\" w:space=\"11\" w:sz=\"12\" w:color=\"FF0000\" /></w:pBdr>"),
        "{number}"
    );

    // 份号 and 紧急程度 top left: 仿宋 and 黑体.
    assert!(run(&xml, "000123").contains(&east_asia("仿宋_GB2312")));
    assert!(run(&xml, "加急").contains(&east_asia("黑体")));

    // Title: 2号 小标宋, centred, split into a trapezoid.
    for line in ["关于印发《2011年市直卫生系统", "党的工作意见》的通知"] {
        let p = paragraph(&xml, line);
        assert!(p.contains("<w:jc w:val=\"center\" />"), "{p}");
        assert!(p.contains(&east_asia("方正小标宋简体")));
        assert!(p.contains("<w:sz w:val=\"44\" />"));
    }

    // 主送机关 flush left with a full-width colon.
    let addressee = paragraph(&xml, "各直属单位党委（党总支、党支部）：");
    assert!(!addressee.contains("w:firstLine"));

    // Headings: 黑体, 楷体 (lead only, the rest in 仿宋), 仿宋, 仿宋; all
    // indented two characters on the 579-twip grid.
    assert!(run(&xml, "一、总体要求").contains(&east_asia("黑体")));
    assert!(run(&xml, "（一）加强学习。").contains(&east_asia("楷体_GB2312")));
    assert!(run(&xml, "全年集中学习6次以上。").contains(&east_asia("仿宋_GB2312")));
    assert!(run(&xml, "1.按时报送").contains(&east_asia("仿宋_GB2312")));
    assert!(run(&xml, "（1）逐项填写").contains(&east_asia("仿宋_GB2312")));
    for text in ["一、总体要求", "（一）加强学习。", "第二段 有制表符"] {
        let p = paragraph(&xml, text);
        assert!(p.contains("w:firstLine=\"640\""), "{p}");
        assert!(p.contains("w:line=\"579\" w:lineRule=\"exact\""), "{p}");
        assert!(p.contains("<w:sz w:val=\"32\" />"));
        assert!(p.contains("<w:widowControl w:val=\"0\" />"));
    }
    // A standalone heading keeps with the next paragraph.
    assert!(paragraph(&xml, "一、总体要求").contains("<w:keepNext />"));

    // 附件说明 with numbers, 署名, 成文日期 in the plan's style, 附注.
    assert!(xml.contains(">附件：1．附件甲<"));
    assert!(xml.contains(">2．附件乙<"));
    let signed = paragraph(&xml, "二〇一一年四月二十二日");
    assert!(signed.contains("<w:jc w:val=\"right\" />"));
    assert!(signed.contains("w:right=\"1280\""), "{signed}");
    assert!(xml.contains(">（此件发至各直属单位）<"));

    // Attachments on new pages: 黑体 label, 小标宋 title.
    let label = paragraph(&xml, "附件1");
    assert!(label.contains("<w:pageBreakBefore />"), "{label}");
    assert!(run(&xml, "附件1").contains(&east_asia("黑体")));
    assert!(run(&xml, "附件2").contains(&east_asia("黑体")));
    assert!(run(&xml, "附件甲").contains(&east_asia("方正小标宋简体")));

    // Table: header in 黑体, cells in 仿宋 4号.
    assert!(run(&xml, "得分").contains(&east_asia("黑体")));
    assert!(run(&xml, "单位7").contains("<w:sz w:val=\"28\" />"));

    // 版记: 4号 仿宋 between a thick, a thin and a thick rule.
    let copy_to = paragraph(&xml, "抄送：市委组织部，市直机关工委。");
    assert!(copy_to.contains("<w:sz w:val=\"28\" />"));
    assert!(xml.contains(">二〇一一年四月二十二日印发<"));
    let colophon = &xml[xml.rfind("<w:tbl>").unwrap()..];
    assert!(colophon.contains("<w:top w:val=\"single\" w:sz=\"8\""));
    assert!(colophon.contains("<w:insideH w:val=\"single\" w:sz=\"6\""));
    assert!(colophon.contains("<w:bottom w:val=\"single\" w:sz=\"8\""));
    assert!(colophon.contains("<w:trHeight w:val=\"579\" w:hRule=\"exact\" />"));
}

#[test]
fn page_numbers_odd_right_even_left_with_page_fields() {
    let bytes = render_docx(&sample()).unwrap();
    let xml = document_xml(&bytes);
    assert!(xml.contains("<w:footerReference w:type=\"default\" r:id=\"rIdFooter1\" />"));
    assert!(xml.contains("<w:footerReference w:type=\"even\" r:id=\"rIdFooter2\" />"));
    assert!(part(&bytes, "word/settings.xml").contains("<w:evenAndOddHeaders />"));
    for (name, jc, indent) in [
        ("word/footer1.xml", "right", "w:right=\"280\""),
        ("word/footer2.xml", "left", "w:left=\"280\""),
    ] {
        let footer = part(&bytes, name);
        assert!(
            footer.contains(&format!("<w:jc w:val=\"{jc}\" />")),
            "{footer}"
        );
        assert!(footer.contains(indent), "{footer}");
        assert!(footer.contains("<w:fldChar w:fldCharType=\"begin\""));
        assert!(footer.contains("<w:instrText>PAGE</w:instrText>"));
        assert!(footer.contains("<w:fldChar w:fldCharType=\"separate\""));
        assert!(footer.contains("<w:fldChar w:fldCharType=\"end\""));
        assert!(footer.contains(">— <") && footer.contains("> —<"));
        assert!(footer.contains(&east_asia("宋体")));
        assert!(footer.contains("<w:sz w:val=\"28\" />"));
    }
}

#[test]
fn control_characters_never_reach_the_xml() {
    let bytes = render_docx(&sample()).unwrap();
    let xml = document_xml(&bytes);
    for bad in ['\u{1}', '\u{B}', '\u{C}', '\t'] {
        assert!(!xml.contains(bad), "{bad:?} in document.xml");
    }
    assert!(xml.contains(">第一段控制字符<"));
    // A line break starts a new paragraph; a tab becomes a space.
    assert!(xml.contains(">第二段 有制表符<"));
    assert!(xml.contains(">单位名称<"));
    assert!(xml.contains(">单位7<"));
    assert!(xml.contains(">抄送：市委组织部，市直机关工委。<"));
}

#[test]
fn data_tables_repeat_their_header_row() {
    let xml = document_xml(&render_docx(&sample()).unwrap());
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    assert_eq!(tables.len(), 2, "the data table and the 版记");
    let first_row = &tables[0][tables[0].find("<w:tr>").unwrap()..];
    let first_row = &first_row[..first_row.find("</w:tr>").unwrap()];
    assert!(first_row.contains("<w:tblHeader />"), "{first_row}");
    assert!(first_row.contains(">序号<"));
    assert_eq!(tables[0].matches("<w:tblHeader />").count(), 1);
    assert!(!tables[1].contains("<w:tblHeader />"));
    // Rows do not break across pages; the layout is fixed to the block.
    assert!(tables[0].contains("<w:cantSplit />"));
    assert!(tables[0].contains("<w:tblW w:w=\"8844\" w:type=\"dxa\" />"));
}

/// The rows after a table's header are written one at a time and added to
/// the document after it is built: each must land in its own table, in
/// order, after the header.
#[test]
fn data_table_rows_land_in_their_tables_in_order() {
    let mut doc = sample();
    let mut second = Table::new(["序号", "附件单位"]);
    for i in 1..=3 {
        second.push_row([i.to_string(), format!("附件单位{i}")]);
    }
    doc.attachments[0].body.push(Block::Table(second));
    let xml = document_xml(&render_docx(&doc).unwrap());
    let tables: Vec<&str> = xml.split("<w:tbl>").skip(1).collect();
    assert_eq!(tables.len(), 3, "two data tables and the 版记");
    let rows = |table: &str| -> Vec<String> {
        let table = &table[..table.find("</w:tbl>").unwrap()];
        table
            .split("<w:tr>")
            .skip(1)
            .map(|row| {
                row.split("<w:t xml:space=\"preserve\">")
                    .skip(1)
                    .map(|t| &t[..t.find("</w:t>").unwrap()])
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect()
    };
    let mut expected = vec!["序号|单位名称|得分".to_string()];
    expected.extend((1..=30).map(|i| format!("{i}|单位{i}|{}", 60 + i)));
    assert_eq!(rows(tables[0]), expected);
    assert_eq!(
        rows(tables[1]),
        ["序号|附件单位", "1|附件单位1", "2|附件单位2", "3|附件单位3"]
    );
    for table in &tables[..2] {
        assert_eq!(table.matches("<w:tblHeader />").count(), 1);
        assert!(table.starts_with("<w:tblPr>"), "{}", &table[..40]);
        assert!(table.contains("</w:tr></w:tbl>"));
    }
    // Paragraph ids run on through the rows, each used once.
    let ids = |xml: &str| -> Vec<u32> {
        xml.split("w14:paraId=\"")
            .skip(1)
            .map(|s| u32::from_str_radix(&s[..8], 16).unwrap())
            .collect()
    };
    let in_table = ids(&tables[0][..tables[0].find("</w:tbl>").unwrap()]);
    assert_eq!(in_table.len(), 31 * 3);
    assert!(
        in_table.windows(2).all(|w| w[0] + 1 == w[1]),
        "{in_table:?}"
    );
    let mut all = ids(&xml);
    let count = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), count);
}

#[test]
fn properties_fonts_and_normal_style() {
    let bytes = render_docx(&sample()).unwrap();
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>关于印发《2011年市直卫生系统党的工作意见》的通知</dc:title>"));
    assert!(core.contains("<dc:creator>中共淮安市卫生局委员会</dc:creator>"));
    assert!(core.contains(">2011-04-22T00:00:00Z</dcterms:created>"));
    assert!(core.contains(">2011-04-22T00:00:00Z</dcterms:modified>"));
    let fonts = part(&bytes, "word/fontTable.xml");
    for font in [
        "仿宋_GB2312",
        "楷体_GB2312",
        "黑体",
        "方正小标宋简体",
        "宋体",
    ] {
        assert!(
            fonts.contains(&format!("<w:font w:name=\"{font}\">")),
            "{font}"
        );
    }
    assert!(!fonts.contains("Arial"));
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains("w:default=\"1\" w:styleId=\"Normal\""));
    assert_eq!(styles.matches("w:styleId=\"Normal\"").count(), 1);
    // −0.25 pt in the defaults: 28 characters of 3号 to a line.
    assert!(styles.contains("<w:spacing w:val=\"-5\" />"));
}

#[test]
fn identical_input_gives_identical_bytes() {
    let first = render_docx(&sample()).unwrap();
    // Other documents in between move docx-rs's own counters.
    let plan = default_plan().unwrap();
    let notice = gongwen::plan_notice(&plan, Some(22), date(), &Templates::embedded()).unwrap();
    let notice_bytes = render_docx(&notice).unwrap();
    let second = render_docx(&sample()).unwrap();
    assert_eq!(first, second);
    let again = gongwen::plan_notice(&plan, Some(22), date(), &Templates::embedded()).unwrap();
    assert_eq!(render_docx(&again).unwrap(), notice_bytes);
    // Paragraph ids are the document's own.
    let xml = document_xml(&first);
    assert!(xml.contains("w14:paraId=\"00000001\""));
}

#[test]
fn plan_notice_document_number_and_attachment() {
    let plan = default_plan().unwrap();
    let doc = gongwen::plan_notice(&plan, Some(22), date(), &Templates::embedded()).unwrap();
    let xml = document_xml(&render_docx(&doc).unwrap());
    assert!(xml.contains(">淮卫党〔2011〕22号<"));
    assert!(xml.contains(">2011年4月22日<"));
    assert!(xml.contains(">附件：2011年市直卫生系统党的工作意见<"));
    assert!(xml.contains(">一、思想建设和组织建设<"));
    assert!(xml.contains(">（一）党委中心组集中学习。<"));
    assert!(xml.contains(">2011年4月22日印发<"));
    // Issued in another year: the year of 发文字号 is the year of issue.
    let december = NaiveDate::from_ymd_opt(2010, 12, 28).unwrap();
    let doc = gongwen::plan_notice(&plan, Some(3), december, &Templates::embedded()).unwrap();
    assert_eq!(doc.head.number.unwrap().to_string(), "淮卫党〔2010〕3号");
}

#[test]
fn cli_writes_the_plan_notice() {
    let dir = temp_dir("gongwen-cli");
    let out = dir.join("公文");
    let (code, stdout, stderr) = huizong(&[
        "plan",
        "--notice",
        "--out",
        out.to_str().unwrap(),
        "--doc-no",
        "22",
        "--date",
        "2011-04-22",
    ]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let file = out.join("印发《2011年市直卫生系统党的工作意见》的通知.docx");
    assert!(stdout.contains("发文字号 淮卫党〔2011〕22号"), "{stdout}");
    let bytes = std::fs::read(&file).unwrap();
    assert!(document_xml(&bytes).contains(">淮卫党〔2011〕22号<"));
    // No temporary files left behind.
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 1);

    // The plan's own number when --doc-no is not given.
    let (code, stdout, _) = huizong(&[
        "plan",
        "--notice",
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2011年4月22日",
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("淮卫党〔2011〕22号"), "{stdout}");

    // Neither: the number is left blank and the clerk is told.
    let plan_file = dir.join("无字号计划.toml");
    std::fs::write(
        &plan_file,
        huizong::plan::DEFAULT_PLAN_TOML.replace("plan_doc_number = 22\n", ""),
    )
    .unwrap();
    let (code, stdout, _) = huizong(&[
        "plan",
        "--plan",
        plan_file.to_str().unwrap(),
        "--notice",
        "--out",
        out.to_str().unwrap(),
        "--date",
        "2011-04-22",
    ]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("没有指定发文字号"), "{stdout}");
    let xml = document_xml(&std::fs::read(&file).unwrap());
    assert!(xml.contains(">淮卫党〔2011〕\u{3000}\u{3000}号<"));

    // A date that is not a date.
    let (code, _, stderr) = huizong(&["plan", "--notice", "--date", "2011-02-30"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有这一天"), "{stderr}");
    let (code, _, stderr) = huizong(&["plan", "--notice", "--doc-no", "0"]);
    assert_eq!(code, 2, "{stderr}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn cli_template_overrides_and_errors() {
    let dir = temp_dir("gongwen-templates");
    let templates = dir.join("模板");
    let (code, stdout, _) = huizong(&[
        "plan",
        "--export-doc-templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("已导出 6 个公文模板"), "{stdout}");
    let notice = templates.join("plan_notice.j2");
    let text = std::fs::read_to_string(&notice).unwrap();
    std::fs::write(
        &notice,
        text.replace("认真贯彻落实。", "认真贯彻落实，年底前报告落实情况。"),
    )
    .unwrap();
    let out = dir.join("公文");
    let args = |t: &std::path::Path| {
        vec![
            "plan".to_string(),
            "--notice".into(),
            "--out".into(),
            out.to_str().unwrap().into(),
            "--date".into(),
            "2011-04-22".into(),
            "--doc-templates".into(),
            t.to_str().unwrap().into(),
        ]
    };
    let run_with = |t: &std::path::Path| {
        let a = args(t);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        huizong(&a)
    };
    let (code, stdout, stderr) = run_with(&templates);
    assert_eq!(code, 0, "{stdout}{stderr}");
    let file = out.join("印发《2011年市直卫生系统党的工作意见》的通知.docx");
    assert!(document_xml(&std::fs::read(&file).unwrap()).contains("年底前报告落实情况"));

    // A misspelt variable: file and line named, in Chinese.
    std::fs::write(&notice, text.replace("{{ addressee }}", "{{ adressee }}")).unwrap();
    let line = text
        .lines()
        .position(|l| l.contains("{{ addressee }}"))
        .unwrap()
        + 1;
    let (code, _, stderr) = run_with(&templates);
    assert_eq!(code, 2);
    assert!(stderr.contains("公文模板"), "{stderr}");
    assert!(stderr.contains("plan_notice.j2"), "{stderr}");
    assert!(stderr.contains(&format!("第{line}行")), "{stderr}");
    assert!(stderr.contains("adressee"), "{stderr}");

    // A syntax error.
    std::fs::write(
        &notice,
        text.replace("{{ plan_title }}》印发", "{{ plan_title 》印发"),
    )
    .unwrap();
    let (code, _, stderr) = run_with(&templates);
    assert_eq!(code, 2);
    assert!(stderr.contains("模板写法有误"), "{stderr}");

    // A folder that does not exist.
    let (code, _, stderr) = run_with(&dir.join("没有这个文件夹"));
    assert_eq!(code, 2);
    assert!(stderr.contains("--export-doc-templates"), "{stderr}");

    // Exporting again keeps the clerk's edits.
    let (code, stdout, _) = huizong(&[
        "plan",
        "--export-doc-templates",
        templates.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(stdout.contains("6 个同名文件已存在，未覆盖"), "{stdout}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn upward_document_head_and_xml_special_characters() {
    let mut doc = sample();
    doc.head.signer = Some("张三".into());
    doc.head.secrecy = Some("秘密★1年".into());
    doc.body = vec![Block::paragraph("A&B <条款> \"引号\"")];
    doc.title = "关于<测试>&的请示".into();
    let bytes = render_docx(&doc).unwrap();
    let xml = document_xml(&bytes);
    // 发文字号 left and 签发人 right on one line, the name in 楷体.
    let number = paragraph(&xml, "淮卫党〔2011〕22号");
    assert!(number.contains(">签发人：<"), "{number}");
    assert!(number.contains("<w:tab />"), "{number}");
    assert!(run(&xml, "张三").contains(&east_asia("楷体_GB2312")));
    assert!(run(&xml, "秘密★1年").contains(&east_asia("黑体")));
    // Escaped, not raw.
    assert!(xml.contains("A&amp;B &lt;条款&gt;"));
    assert!(part(&bytes, "docProps/core.xml")
        .contains("<dc:title>关于&lt;测试&gt;&amp;的请示</dc:title>"));
}
